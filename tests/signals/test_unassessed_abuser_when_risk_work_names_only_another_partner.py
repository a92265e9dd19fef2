def test_a_second_abuser_missing_from_every_dash_and_marac_record_is_flagged_with_the_victim_as_other(world):
    world.record("police", "risk_assessment", "2021-01-05", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "DASH after domestic assault.", risk={"tool": "DASH", "score": 16, "level": "high", "about": "Bob"})  # fmt: skip
    world.record(
        "marac", "marac_meeting", "2021-01-20", [("Ann", "victim"), ("Bob", "alleged_perpetrator")], "MARAC."
    )
    world.record("police", "incident", "2021-03-01", [("Ann", "victim"), ("Cal", "alleged_perpetrator")],
                 "Domestic incident: her new boyfriend pushed her. DASH not completed.",
                 relationships=[("Cal", "Ann", "partner")])  # fmt: skip
    world.evaluate("2021-03-01")
    [signal] = world.signals("UNASSESSED_ABUSER")
    assert signal.person == world.people["Cal"] and signal.other == world.people["Ann"]
    assert world.signals("UNASSESSED_ABUSER", "Bob") == []


def test_no_signal_when_there_is_no_risk_work_at_all(world):
    world.record("police", "incident", "2021-03-01", [("Ann", "victim"), ("Cal", "alleged_perpetrator")],
                 "Domestic incident.", relationships=[("Cal", "Ann", "partner")])  # fmt: skip
    world.evaluate("2021-03-01")
    assert world.signals("UNASSESSED_ABUSER") == []

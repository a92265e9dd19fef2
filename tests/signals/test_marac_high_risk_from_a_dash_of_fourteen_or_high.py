def test_a_dash_of_fourteen_ticks_raises_marac_high_risk_for_the_victim_not_the_perpetrator(world):
    world.record("police", "risk_assessment", "2021-03-01", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "DASH completed after a domestic incident.", risk={"tool": "DASH", "score": 14, "level": "medium", "about": "Bob"})  # fmt: skip
    world.evaluate("2021-03-01")
    [signal] = world.signals("MARAC_HIGH_RISK")
    assert signal.person == world.people["Ann"] and "scored 14" in signal.why
    assert signal.action == "refer to MARAC"


def test_a_dash_graded_high_raises_it_and_a_medium_score_of_nine_does_not(world):
    world.record("idva", "risk_assessment", "2021-03-01", [("Cat", "client"), ("Dan", "alleged_perpetrator")],
                 risk={"tool": "DASH", "score": 9, "level": "medium", "about": "Dan"})  # fmt: skip
    world.evaluate("2021-03-01")
    assert world.signals("MARAC_HIGH_RISK") == []
    world.record("idva", "risk_assessment", "2021-04-01", [("Cat", "client"), ("Dan", "alleged_perpetrator")],
                 risk={"tool": "DASH", "level": "high", "about": "Dan"})  # fmt: skip
    world.evaluate("2021-04-01")
    assert [s.person.display_name for s in world.signals("MARAC_HIGH_RISK")] == ["Cat"]

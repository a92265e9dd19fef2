def test_strangulation_graded_medium_without_marac_referral_is_raised_on_day_seven(world):
    world.record("police", "incident", "2020-05-01", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic assault: he put his hands around her neck.", risk={"tool": "DASH", "score": 10, "level": "medium",
                 "about": "Bob"}, relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.evaluate("2020-05-08", daily_from="2020-05-01")
    [signal] = world.signals("STRANGULATION_NOT_ESCALATED", "Ann")
    assert str(signal.first_raised) == "2020-05-08" and "graded medium" in signal.why


def test_a_marac_referral_within_the_week_prevents_it(world):
    world.record("police", "incident", "2020-05-01", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic assault: she was choked.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.record(
        "idva",
        "marac_referral",
        "2020-05-04",
        [("Ann", "victim")],
        "Referred to MARAC on professional judgement.",
    )
    world.evaluate("2020-05-20", daily_from="2020-05-01")
    assert world.signals("STRANGULATION_NOT_ESCALATED") == []

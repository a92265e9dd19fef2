def test_a_disclosure_of_rape_with_nothing_done_for_seven_days_is_raised_on_day_seven(world):
    world.record("walk_in_centre", "ed_attendance", "2020-06-14", [("Ann", "patient")],
                 "She says she was forced to have sex by a man last night.", "Not examined. Not referred.")  # fmt: skip
    world.evaluate("2020-06-20", daily_from="2020-06-14")
    assert world.signals("DISCLOSURE_NO_REFERRAL") == []
    world.evaluate("2020-06-21", daily_from="2020-06-21")
    [signal] = world.signals("DISCLOSURE_NO_REFERRAL", "Ann")
    assert str(signal.first_raised) == "2020-06-21"


def test_a_referral_to_the_sarc_within_the_week_answers_the_disclosure(world):
    world.record(
        "gp", "consultation", "2020-06-14", [("Ann", "patient")], "Disclosed she was raped by her ex-partner."
    )
    world.record(
        "gp", "note", "2020-06-16", [("Ann", "patient")], "Referral made to the SARC with her consent."
    )
    world.evaluate("2020-06-30", daily_from="2020-06-14")
    assert world.signals("DISCLOSURE_NO_REFERRAL") == []


def test_threats_without_an_assault_are_not_a_disclosure_of_assault(world):
    world.record(
        "idva",
        "support_contact",
        "2020-06-14",
        [("Ann", "client")],
        "He has never hit me, but he sends threats.",
    )
    world.evaluate("2020-06-30", daily_from="2020-06-14")
    assert world.signals("DISCLOSURE_NO_REFERRAL") == []

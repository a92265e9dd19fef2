def test_three_injury_or_intoxicated_attendances_within_six_months_raise_it(world):
    world.record(
        "ed", "ed_attendance", "2020-01-10", [("Ann", "patient")], "Laceration to scalp, states she fell."
    )
    world.record(
        "gp", "consultation", "2020-03-02", [("Ann", "patient")], "Bruised wrist after being pushed over."
    )
    world.evaluate("2020-03-02")
    assert world.signals("FREQUENT_INJURY_PRESENTATION") == []
    world.record(
        "walk_in_centre",
        "ed_attendance",
        "2020-05-20",
        [("Ann", "patient")],
        "Intoxicated, minor head injury.",
    )
    world.evaluate("2020-05-20")
    [signal] = world.signals("FREQUENT_INJURY_PRESENTATION", "Ann")
    assert str(signal.first_raised) == "2020-05-20" and len(signal.evidence) == 3


def test_one_event_seen_by_ambulance_and_ed_counts_once_and_negated_injuries_do_not_count(world):
    world.record(
        "ambulance", "ed_attendance", "2020-01-10", [("Ann", "patient")], "Fall at home, skin tear to arm."
    )
    world.record("ed", "ed_attendance", "2020-01-10", [("Ann", "patient")], "Skin tear after a fall.")
    world.record("gp", "consultation", "2020-02-10", [("Ann", "patient")], "Review. No injuries seen.")
    world.evaluate("2020-02-10")
    assert world.signals("FREQUENT_INJURY_PRESENTATION") == []


def test_allergic_swelling_and_a_ski_injury_are_not_injury_presentations(world):
    world.record(
        "ed",
        "ed_attendance",
        "2020-01-10",
        [("Ann", "patient")],
        "Twisted knee skiing on a dry slope.",
        tags=["injury"],
    )
    world.record(
        "ed", "ed_attendance", "2020-02-10", [("Ann", "patient")], "Allergic reaction to nuts, lip swelling."
    )
    world.record(
        "ed", "ed_attendance", "2020-03-10", [("Ann", "patient")], "Allergic reaction, lip swelling again."
    )
    world.evaluate("2020-03-10")
    assert world.signals("FREQUENT_INJURY_PRESENTATION") == []

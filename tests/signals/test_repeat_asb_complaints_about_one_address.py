FLAT = {"address": "Flat 9, Lark House, Exton"}


def test_five_complaints_about_distinct_events_within_three_months_raise_it_for_the_occupier(world):
    for i, when in enumerate(["2020-01-02", "2020-01-15", "2020-02-01", "2020-02-20"]):
        world.record(
            "housing",
            "asb_complaint",
            when,
            [(f"N{i}", "reporter"), ("Viv", "tenant", FLAT)],
            "Noise from flat 9.",
        )
    world.evaluate("2020-02-20")
    assert world.signals("REPEAT_ASB_ADDRESS") == []
    world.record(
        "housing",
        "asb_complaint",
        "2020-03-10",
        [("N5", "reporter"), ("Viv", "tenant", FLAT)],
        "Shouting again.",
    )
    world.evaluate("2020-03-10")
    [signal] = world.signals("REPEAT_ASB_ADDRESS", "Viv")
    assert "5 anti-social behaviour complaints" in signal.why


def test_two_complaints_about_the_same_night_count_as_one_event(world):
    for i, when in enumerate(["2020-01-02", "2020-01-02", "2020-01-15", "2020-02-01", "2020-02-20"]):
        world.record(
            "housing", "asb_complaint", when, [(f"N{i}", "reporter"), ("Viv", "tenant", FLAT)], "Noise."
        )
    world.evaluate("2020-02-20")
    assert world.signals("REPEAT_ASB_ADDRESS") == []

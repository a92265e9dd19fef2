def test_a_breach_with_no_arrest_for_seven_days_is_raised_for_the_person_who_breached(world):
    world.record("police", "order_breach", "2020-02-04", [("Rex", "alleged_perpetrator"), ("Nel", "reporter")],
                 "Rex found drinking in the stairwell in breach of his ASBO. Not arrested.")  # fmt: skip
    world.evaluate("2020-02-10", daily_from="2020-02-04")
    assert world.signals("ORDER_BREACH_NO_ACTION") == []
    world.evaluate("2020-02-11", daily_from="2020-02-11")
    [signal] = world.signals("ORDER_BREACH_NO_ACTION", "Rex")
    assert str(signal.first_raised) == "2020-02-11"


def test_an_arrest_within_the_week_is_the_enforcement_step(world):
    world.record(
        "police",
        "order_breach",
        "2020-02-04",
        [("Rex", "alleged_perpetrator")],
        "Breach of the non-molestation order.",
    )
    world.record(
        "police",
        "arrest",
        "2020-02-06",
        [("Rex", "alleged_perpetrator")],
        "Arrested for breach of the order.",
    )
    world.evaluate("2020-02-20", daily_from="2020-02-04")
    assert world.signals("ORDER_BREACH_NO_ACTION") == []

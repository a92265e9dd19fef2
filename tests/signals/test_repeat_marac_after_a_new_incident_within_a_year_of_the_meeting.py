def test_a_new_domestic_incident_after_a_marac_meeting_raises_repeat_marac(world):
    world.record("marac", "marac_meeting", "2021-01-10", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "MARAC meeting: actions agreed.")  # fmt: skip
    world.evaluate("2021-01-10")
    assert world.signals("REPEAT_MARAC") == []
    world.record("police", "incident", "2021-06-02", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic incident: he threw a cup at her.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.evaluate("2021-06-02")
    [signal] = world.signals("REPEAT_MARAC", "Ann")
    assert str(signal.first_raised) == "2021-06-02" and "MARAC meeting" in signal.why


def test_an_incident_more_than_a_year_after_the_meeting_is_not_a_repeat(world):
    world.record("marac", "marac_meeting", "2019-01-10", [("Ann", "victim")], "MARAC meeting.")
    world.record("police", "incident", "2020-06-02", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic incident.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.evaluate("2020-06-02")
    assert world.signals("REPEAT_MARAC") == []


def test_a_later_police_log_that_does_not_say_domestic_counts_when_marac_named_him_as_her_husband(world):
    world.record("marac", "marac_meeting", "2021-01-10", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "MARAC meeting. Risk from her husband Bob.")  # fmt: skip
    world.record("police", "incident", "2021-06-02", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Her sister called police. Ann stated Bob punched her.")  # fmt: skip
    world.evaluate("2021-06-02")
    assert [s.person.display_name for s in world.signals("REPEAT_MARAC")] == ["Ann"]

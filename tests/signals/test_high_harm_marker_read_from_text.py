def test_burns_in_a_police_log_are_a_high_harm_marker_even_without_tags(world):
    world.record("police", "incident", "2020-01-10", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Female had burns to her scalp, stated boiling water. Domestic.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.evaluate("2020-01-10")
    [signal] = world.signals("HIGH_HARM_MARKER", "Ann")
    assert "burns or scalding" in signal.why


def test_negated_markers_do_not_raise_it(world):
    world.record("police", "incident", "2020-01-10", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic argument. No weapons seen. She denies any strangulation or choking.",
                 relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.evaluate("2020-01-10")
    assert world.signals("HIGH_HARM_MARKER") == []

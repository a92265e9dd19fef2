def test_a_domestic_incident_with_children_present_raises_it_for_the_victim(world):
    world.record("police", "incident", "2020-01-10", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic incident; her 6-year-old was present and crying.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.evaluate("2020-01-10")
    assert [s.person.display_name for s in world.signals("CHILDREN_EXPOSED")] == ["Ann"]


def test_an_adult_son_recorded_as_a_child_does_not_count(world):
    world.record("police", "incident", "2020-01-10",
                 [("Ann", "victim"), ("Bob", "alleged_perpetrator"), ("Sam", "child", {"dob": "1960-05-01"})],
                 "Domestic incident at the home of an elderly couple.", relationships=[("Bob", "Ann", "spouse")])  # fmt: skip
    world.evaluate("2020-01-10")
    assert world.signals("CHILDREN_EXPOSED") == []

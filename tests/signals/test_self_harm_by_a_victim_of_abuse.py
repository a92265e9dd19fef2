def test_an_overdose_by_someone_who_is_a_victim_of_abuse_raises_it(world):
    world.record("police", "incident", "2020-01-10", [("Ann", "victim"), ("Bob", "alleged_perpetrator")], "Domestic incident.",
                 relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.record("ambulance", "ed_attendance", "2020-02-01", [("Ann", "patient")], "Paracetamol overdose.")
    world.evaluate("2020-02-01")
    assert [s.person.display_name for s in world.signals("SELF_HARM_WITH_ABUSE")] == ["Ann"]


def test_the_abusers_own_suicidal_statements_do_not_raise_it_for_him(world):
    world.record("police", "incident", "2020-01-10", [("Ann", "victim"), ("Bob", "alleged_perpetrator")], "Domestic incident.",
                 relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.record(
        "police", "welfare_concern", "2020-02-01", [("Bob", "other")], "Male on the platform edge, suicidal."
    )
    world.evaluate("2020-02-01")
    assert world.signals("SELF_HARM_WITH_ABUSE") == []

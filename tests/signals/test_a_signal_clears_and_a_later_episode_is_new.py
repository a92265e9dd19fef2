def test_escalation_clears_when_the_year_has_passed_and_a_new_run_is_a_new_episode(world):
    for when in ("2020-01-01", "2020-02-01", "2020-03-01"):
        world.record("police", "incident", when, [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                     "Domestic incident.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.evaluate("2020-03-01")
    world.evaluate("2021-06-01")
    [first] = world.signals("ESCALATION")
    assert str(first.cleared) == "2021-06-01"
    for when in ("2022-01-01", "2022-02-01", "2022-03-01"):
        world.record("police", "incident", when, [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                     "Domestic incident.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.evaluate("2022-03-01")
    episodes = world.signals("ESCALATION")
    assert (
        len(episodes) == 2 and str(episodes[1].first_raised) == "2022-03-01" and episodes[1].cleared is None
    )

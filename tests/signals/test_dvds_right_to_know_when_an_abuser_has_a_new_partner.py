def test_an_abuser_recorded_with_a_new_partner_raises_dvds_naming_the_new_partner(world):
    world.record("police", "incident", "2020-02-01", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic assault.", relationships=[("Bob", "Ann", "ex_partner")])  # fmt: skip
    world.record("housing", "tenancy_action", "2021-01-15", [("Bob", "tenant"), ("Fay", "household_member")],
                 "Joint tenancy application.", relationships=[("Bob", "Fay", "partner")])  # fmt: skip
    world.evaluate("2021-01-15")
    [signal] = world.signals("DVDS_RIGHT_TO_KNOW")
    assert signal.person == world.people["Bob"] and signal.other == world.people["Fay"]


def test_the_victims_own_new_partner_does_not_raise_it_for_the_abuser(world):
    world.record("police", "incident", "2020-02-01", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic assault.", relationships=[("Bob", "Ann", "ex_partner")])  # fmt: skip
    world.record("police", "incident", "2020-03-01", [("Ann", "victim"), ("Bob", "alleged_perpetrator"),
                 ("Sid", "witness")], "Her new partner Sid was present.", relationships=[("Ann", "Sid", "partner")])  # fmt: skip
    world.evaluate("2020-03-01")
    assert world.signals("DVDS_RIGHT_TO_KNOW") == []


def test_a_new_partner_named_only_in_the_text_of_a_household_record_counts(world):
    world.record("police", "incident", "2020-02-01", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic assault.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.record("housing_provider", "tenancy_action", "2021-01-15", [("Fay", "tenant"), ("Bob", "household_member")],
                 "Request from the tenant to add her partner to the household.")  # fmt: skip
    world.evaluate("2021-01-15")
    [signal] = world.signals("DVDS_RIGHT_TO_KNOW")
    assert signal.other == world.people["Fay"]

def test_a_call_from_prison_through_an_agency_raises_it_for_the_caller(world):
    world.record("police", "crime", "2020-01-10", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic assault by her partner.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.record("prison", "custody_start", "2020-01-12", [("Bob", "offender")], "Remanded in custody.")
    world.record("day_centre", "contact_from_custody", "2020-02-03", [("Ann", "client"), ("Bob", "offender")],
                 "He rang the centre from prison asking who she was with.")  # fmt: skip
    world.evaluate("2020-02-03")
    [signal] = world.signals("CONTACT_FROM_CUSTODY")
    assert signal.person == world.people["Bob"] and signal.other == world.people["Ann"]


def test_a_friend_named_in_the_record_is_not_the_caller(world):
    world.record("police", "crime", "2020-01-10", [("Ann", "victim"), ("Tom", "alleged_perpetrator")],
                 "Domestic assault by her boyfriend.", relationships=[("Tom", "Ann", "partner")])  # fmt: skip
    world.record("day_centre", "contact_from_custody", "2020-02-03",
                 [("Ann", "client"), ("Zed", "offender"), ("Tom", "associate")],
                 "Zed rang from prison asking whether she comes in with Tom.")  # fmt: skip
    world.evaluate("2020-02-03")
    assert world.signals("CONTACT_FROM_CUSTODY", "Tom") == []

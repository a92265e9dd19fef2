ADDRESS = "Flat 2, Heron Court, Mill Road, Exton"


def test_a_release_plan_to_the_address_of_his_victim_raises_it_naming_both(world):
    world.record("police", "crime", "2020-01-10", [("Ann", "victim", {"address": ADDRESS}), ("Bob", "alleged_perpetrator")],
                 "Domestic assault: he scalded her.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.record("gp", "consultation", "2020-03-01", [("Ann", "patient", {"address": ADDRESS})], "Review.")
    world.record("probation", "note", "2020-06-01", [("Bob", "offender")],
                 "Release plan: release address Flat 2 Heron Court, Mill Road.")  # fmt: skip
    world.evaluate("2020-06-01")
    [signal] = world.signals("CUSTODY_RELEASE_TO_VICTIM")
    assert signal.person == world.people["Bob"] and signal.other == world.people["Ann"]


def test_release_to_a_hostel_does_not_raise_it(world):
    world.record("police", "crime", "2020-01-10", [("Ann", "victim", {"address": ADDRESS}), ("Bob", "alleged_perpetrator")],
                 "Domestic assault.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.record(
        "prison",
        "custody_release",
        "2020-06-01",
        [("Bob", "offender")],
        "Released to Elm House hostel, Exton.",
    )
    world.evaluate("2020-06-01")
    assert world.signals("CUSTODY_RELEASE_TO_VICTIM") == []

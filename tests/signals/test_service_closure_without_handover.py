def test_a_closing_service_with_an_open_client_at_risk_raises_it(world):
    world.record("police", "incident", "2020-01-10", [("Ann", "victim"), ("Bob", "alleged_perpetrator")], "Domestic incident.",
                 relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.record("day_centre", "support_contact", "2020-03-01", [("Ann", "client")], "Lunch and a chat.")
    world.record("day_centre", "service_change", "2020-04-01", [("Ann", "client")],
                 "The centre closes at the end of the week for lack of funding. Records boxed.")  # fmt: skip
    world.evaluate("2020-04-01")
    [signal] = world.signals("SERVICE_CLOSURE_HANDOVER", "Ann")
    assert signal.action == "hand the records and the case to another agency"


def test_a_recorded_handover_means_no_signal(world):
    world.record("police", "incident", "2020-01-10", [("Ann", "victim"), ("Bob", "alleged_perpetrator")], "Domestic incident.",
                 relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.record("day_centre", "service_change", "2020-04-01", [("Ann", "client")],
                 "Service closing; her case transferred to the outreach team.")  # fmt: skip
    world.evaluate("2020-04-01")
    assert world.signals("SERVICE_CLOSURE_HANDOVER") == []

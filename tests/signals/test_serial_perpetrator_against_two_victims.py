def test_domestic_abuse_against_two_different_victims_raises_serial_perpetrator_for_the_abuser(world):
    world.record("police", "incident", "2020-02-01", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic assault by her partner.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.evaluate("2020-02-01")
    assert world.signals("SERIAL_PERPETRATOR") == []
    world.record("police", "crime", "2021-05-01", [("Eve", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic abuse: assault by her boyfriend.", relationships=[("Bob", "Eve", "partner")])  # fmt: skip
    world.evaluate("2021-05-01")
    [signal] = world.signals("SERIAL_PERPETRATOR")
    assert signal.person == world.people["Bob"] and "2 different victims" in signal.why


def test_threats_to_a_stranger_recorded_as_not_domestic_do_not_make_a_second_victim(world):
    world.record("police", "incident", "2020-02-01", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic assault by her partner.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.record("police", "crime", "2020-03-01", [("Sid", "victim"), ("Bob", "alleged_perpetrator")],
                 "Threatening text to the new partner of his estranged wife. Not flagged as domestic (no personal"
                 " connection between them).", tags=["harassment"])  # fmt: skip
    world.evaluate("2020-03-01")
    assert world.signals("SERIAL_PERPETRATOR") == []


def test_one_woman_split_in_two_by_linkage_is_not_a_second_victim(world):
    world.record("police", "incident", "2020-02-01", [("Karen HALFORD", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic incident.", relationships=[("Bob", "Karen HALFORD", "spouse")])  # fmt: skip
    world.record("police", "incident", "2020-03-01", [("Mrs K Halford", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic incident.", relationships=[("Bob", "Mrs K Halford", "spouse")])  # fmt: skip
    world.evaluate("2020-03-01")
    assert world.signals("SERIAL_PERPETRATOR") == []

def test_declining_a_complaint_with_him_present_and_no_dvpo_raises_it(world):
    world.record("police", "incident", "2020-01-10", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic incident. She had a red mark to her cheek. Bob present at the address, intoxicated.",
                 "She declined to make a complaint. Words of advice given.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.evaluate("2020-01-10")
    [signal] = world.signals("VICTIM_WITHDRAWS", "Ann")
    assert signal.action == "consider a DVPN/DVPO and evidence-led prosecution"


def test_no_signal_when_he_had_left_or_a_dvpo_followed(world):
    world.record("police", "incident", "2020-01-10", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic incident. Bob had left the address before police arrival.",
                 "She declined to make a complaint.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.record("police", "incident", "2020-03-10", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic incident. Bob present at the address.", "She declined to support a prosecution. DVPN issued.",
                 relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.evaluate("2020-03-10")
    assert world.signals("VICTIM_WITHDRAWS") == []

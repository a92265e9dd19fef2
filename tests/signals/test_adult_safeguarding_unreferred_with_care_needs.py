def _abuse(world, when):
    world.record("police", "incident", when, [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 "Domestic incident.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip


def test_care_needs_and_two_abuse_records_without_a_referral_raise_it(world):
    world.record(
        "ed", "ed_attendance", "2020-01-05", [("Ann", "patient")], "Known alcohol dependent; laceration."
    )
    _abuse(world, "2020-01-10")
    _abuse(world, "2020-02-10")
    world.evaluate("2020-02-10")
    assert [s.person.display_name for s in world.signals("ADULT_SAFEGUARDING_UNREFERRED")] == ["Ann"]


def test_abuse_alone_is_not_a_care_need_and_a_referral_answers_it(world):
    _abuse(world, "2020-01-10")
    _abuse(world, "2020-02-10")
    world.evaluate("2020-02-10")
    assert world.signals("ADULT_SAFEGUARDING_UNREFERRED") == []
    world.record(
        "gp",
        "consultation",
        "2020-03-01",
        [("Ann", "patient")],
        "Severe depression.",
        "Referral to adult social care sent.",
    )
    world.evaluate("2020-03-01")
    assert world.signals("ADULT_SAFEGUARDING_UNREFERRED") == []

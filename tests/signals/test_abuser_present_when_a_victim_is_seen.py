def test_a_consultation_with_the_abuser_present_after_abuse_was_recorded_raises_it(world):
    world.record("adult_social_care", "note", "2020-10-24", [("Joy", "victim"), ("Sid", "alleged_perpetrator")],
                 "Safeguarding concern: neglect by her husband.", relationships=[("Sid", "Joy", "spouse")])  # fmt: skip
    world.record("gp", "consultation", "2020-11-08", [("Joy", "patient"), ("Sid", "patient")],
                 "Flu clinic. Husband present and answered all questions.")  # fmt: skip
    world.evaluate("2020-11-08")
    [signal] = world.signals("ABUSER_PRESENT_AT_ENQUIRY")
    assert signal.person == world.people["Joy"]


def test_being_named_in_a_referral_is_not_being_present(world):
    world.record("police", "incident", "2020-10-24", [("Ann", "victim"), ("Bob", "alleged_perpetrator")], "Domestic incident.",
                 relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.record("idva", "support_contact", "2020-11-08", [("Ann", "client"), ("Bob", "alleged_perpetrator")],
                 "Phone call with Ann about the referral.")  # fmt: skip
    world.evaluate("2020-11-08")
    assert world.signals("ABUSER_PRESENT_AT_ENQUIRY") == []

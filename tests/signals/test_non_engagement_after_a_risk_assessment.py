def test_two_declines_after_being_assessed_at_risk_raise_it(world):
    world.record("police", "risk_assessment", "2020-01-10", [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                 risk={"tool": "DASH", "score": 12, "level": "medium", "about": "Bob"})  # fmt: skip
    world.record("idva", "support_contact", "2020-01-20", [("Ann", "client")], "She declined refuge.")
    world.evaluate("2020-01-20")
    assert world.signals("NON_ENGAGEMENT") == []
    world.record(
        "drug_alcohol", "note", "2020-03-01", [("Ann", "client")], "Discharged due to non-engagement."
    )
    world.evaluate("2020-03-01")
    assert [s.person.display_name for s in world.signals("NON_ENGAGEMENT")] == ["Ann"]


def test_declines_without_any_risk_assessment_do_not_raise_it(world):
    world.record(
        "adult_social_care", "note", "2020-01-20", [("Joy", "client")], "Respite declined by husband."
    )
    world.record(
        "gp", "note", "2020-02-20", [("Joy", "patient")], "District nurse visits declined on her behalf."
    )
    world.evaluate("2020-02-20")
    assert world.signals("NON_ENGAGEMENT") == []

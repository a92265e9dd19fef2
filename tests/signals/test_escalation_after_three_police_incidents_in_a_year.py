from tests.signals.builders import World

INCIDENT = "Officers attended a domestic incident. She stated her partner pushed her."


def _incident(world: World, when: str) -> None:
    world.record("police", "incident", when, [("Ann", "victim"), ("Bob", "alleged_perpetrator")], INCIDENT,
                 relationships=[("Bob", "Ann", "partner")])  # fmt: skip


def test_the_third_domestic_incident_within_twelve_months_raises_escalation_for_the_victim(world):
    _incident(world, "2020-01-05")
    _incident(world, "2020-04-10")
    world.evaluate("2020-04-10")
    assert world.signals("ESCALATION") == []
    _incident(world, "2020-11-20")
    world.evaluate("2020-11-20")
    [signal] = world.signals("ESCALATION")
    assert signal.person == world.people["Ann"]
    assert str(signal.first_raised) == "2020-11-20"
    assert len(signal.evidence) == 3 and "3 domestic incidents" in signal.why
    assert signal.action == "consider MARAC referral; review risk"


def test_three_incidents_spread_over_more_than_a_year_do_not_escalate(world):
    for when in ("2019-01-05", "2019-09-10", "2020-03-20"):
        _incident(world, when)
    world.evaluate("2020-03-20")
    assert world.signals("ESCALATION") == []

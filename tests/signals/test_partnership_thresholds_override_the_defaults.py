from safeguarding.signals.catalogue import thresholds
from safeguarding.signals.models import SignalSetting


def test_a_partnership_setting_changes_the_escalation_count(world):
    SignalSetting.objects.create(code="ESCALATION", name="count", value=2)
    assert thresholds("ESCALATION")["count"] == 2
    for when in ("2020-01-01", "2020-02-01"):
        world.record("police", "incident", when, [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                     "Domestic incident.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
    world.evaluate("2020-02-01")
    assert len(world.signals("ESCALATION")) == 1

import pytest

from safeguarding.agencies.models import Agency, User
from safeguarding.audit.models import AuditEntry
from safeguarding.signals.models import Signal, SignalEvent
from safeguarding.signals.verbs import SignalError, acknowledge, assign, dismiss, record_action


def _raise_escalation(world, dates):
    for when in dates:
        world.record("police", "incident", when, [("Ann", "victim"), ("Bob", "alleged_perpetrator")],
                     "Domestic incident.", relationships=[("Bob", "Ann", "partner")])  # fmt: skip
        world.evaluate(when)
    return world.signals("ESCALATION")[0]


def test_acknowledge_action_and_assign_are_recorded_and_audited(world):
    signal = _raise_escalation(world, ["2020-01-01", "2020-02-01", "2020-03-01"])
    officer = User.objects.create(username="pc.one", agency=Agency.objects.get(code="police"))
    acknowledge(signal, officer)
    assign(signal, officer, agency=Agency.objects.get(code="idva"))
    record_action(signal, officer, "MARAC referral made")
    signal.refresh_from_db()
    assert signal.status == Signal.Status.ACTIONED and signal.assigned_agency.code == "idva"
    kinds = list(signal.events.values_list("kind", flat=True))
    assert {"acknowledged", "assigned", "actioned"} <= set(kinds)
    actions = set(AuditEntry.objects.filter(object_id=str(signal.pk)).values_list("action", flat=True))
    assert {"signal_acknowledged", "signal_assigned", "signal_actioned"} <= actions
    with pytest.raises(SignalError):
        record_action(signal, officer, "  ")


def test_a_dismissed_signal_reopens_when_new_evidence_arrives(world):
    signal = _raise_escalation(world, ["2020-01-01", "2020-02-01", "2020-03-01"])
    worker = User.objects.create(username="idva.one", agency=Agency.objects.get(code="idva"))
    with pytest.raises(SignalError):
        dismiss(signal, worker, "")
    dismiss(signal, worker, "Known to MARAC already")
    assert AuditEntry.objects.filter(action="signal_dismissed", reason="Known to MARAC already").exists()
    world.evaluate("2020-03-02")
    signal.refresh_from_db()
    assert signal.status == Signal.Status.DISMISSED
    _raise_escalation(world, ["2020-04-01"])
    signal.refresh_from_db()
    assert signal.status == Signal.Status.OPEN
    assert signal.events.filter(kind=SignalEvent.Kind.REOPENED).exists()

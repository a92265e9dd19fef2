"""Working a signal: acknowledge, record the action taken, dismiss, assign. Each is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from safeguarding.audit.log import log_action
from safeguarding.signals.models import Signal, SignalEvent


class SignalError(ValueError):
    """A verb that cannot apply to this signal (e.g. dismissing without a reason)."""


def _record(
    signal: Signal, user: Any, kind: str, action: str, text: str = "", detail: dict[str, Any] | None = None,
    request: Any = None,
) -> SignalEvent:  # fmt: skip
    event = SignalEvent.objects.create(signal=signal, kind=kind, by=user if getattr(user, "pk", None) else None,
                                       text=text, detail=detail or {})  # fmt: skip
    log_action(
        action, actor=user, request=request, target=signal, person_id=signal.person_id, reason=text,
        detail={"code": signal.code, "status": signal.status, **(detail or {})},
    )  # fmt: skip
    return event


@transaction.atomic
def acknowledge(signal: Signal, user: Any, *, request: Any = None) -> Signal:
    """Someone has read the signal and taken it on."""
    if signal.status == Signal.Status.OPEN:
        signal.status = Signal.Status.ACKNOWLEDGED
        signal.save(update_fields=["status", "updated"])
    _record(signal, user, SignalEvent.Kind.ACKNOWLEDGED, "signal_acknowledged", request=request)
    return signal


@transaction.atomic
def record_action(signal: Signal, user: Any, text: str, *, request: Any = None) -> Signal:
    """What was done about it (a referral made, a welfare check, a DVPN applied for)."""
    if not (text or "").strip():
        raise SignalError("Say what was done.")
    signal.status = Signal.Status.ACTIONED
    signal.save(update_fields=["status", "updated"])
    _record(signal, user, SignalEvent.Kind.ACTIONED, "signal_actioned", text.strip(), request=request)
    return signal


@transaction.atomic
def dismiss(signal: Signal, user: Any, reason: str, *, request: Any = None) -> Signal:
    """Judged not to need action, with the reason. It reopens if new evidence arrives."""
    if not (reason or "").strip():
        raise SignalError("Give the reason for dismissing it.")
    signal.status = Signal.Status.DISMISSED
    signal.save(update_fields=["status", "updated"])
    _record(signal, user, SignalEvent.Kind.DISMISSED, "signal_dismissed", reason.strip(),
            detail={"evidence_at_dismissal": signal.evidence}, request=request)  # fmt: skip
    return signal


@transaction.atomic
def assign(
    signal: Signal, user: Any, agency: Any = None, worker: Any = None, *, request: Any = None
) -> Signal:
    """Give the signal to an agency, or to a worker (whose agency it then is)."""
    if agency is None and worker is None:
        raise SignalError("Assign it to an agency or a worker.")
    if worker is not None and agency is None:
        agency = getattr(worker, "agency", None)
    signal.assigned_agency = agency
    signal.assigned_to = worker
    signal.save(update_fields=["assigned_agency", "assigned_to", "updated"])
    detail = {"agency": getattr(agency, "code", None), "worker": getattr(worker, "username", None)}
    _record(signal, user, SignalEvent.Kind.ASSIGNED, "signal_assigned", detail=detail, request=request)
    return signal

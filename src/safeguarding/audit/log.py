from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from safeguarding.audit.actions import ACTIONS

if TYPE_CHECKING:
    from django.http import HttpRequest

    from safeguarding.audit.models import AuditEntry


def _client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))


def log_action(
    action: str,
    *,
    actor: Any = None,
    request: HttpRequest | None = None,
    target: models.Model | None = None,
    person_id: int | None = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    flagged: bool = False,
) -> AuditEntry:
    """Append one entry to the audit trail, chained to the entry before it."""
    from safeguarding.audit.models import GENESIS, AuditEntry

    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to safeguarding/audit/actions.py")
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    with transaction.atomic():
        # Lock the newest entry so that two writers cannot both chain to it.
        last = AuditEntry.objects.select_for_update().order_by("-id").only("hash").first()
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=getattr(actor, "username", "") or (str(actor) if actor else ""),
            agency_code=getattr(getattr(actor, "agency", None), "code", "") or "",
            action=action,
            object_type=target._meta.model_name or "" if target is not None else "",
            object_id=str(target.pk) if target is not None else "",
            person_id=person_id,
            ip_address=_client_ip(request),
            reason=reason,
            detail=detail or {},
            flagged_for_review=flagged,
            prev_hash=last.hash if last else GENESIS,
        )
        entry.hash = entry.compute_hash()
        entry.save()
    return entry


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    problem: str


def _entries() -> Iterator[AuditEntry]:
    from safeguarding.audit.models import AuditEntry

    return AuditEntry.objects.order_by("id").iterator(chunk_size=2000)


def verify_chain() -> tuple[int, ChainBreak | None]:
    """Walk the chain from the start; return how many entries were checked and the first break, if any."""
    from safeguarding.audit.models import GENESIS

    expected_prev = GENESIS
    checked = 0
    for entry in _entries():
        if entry.prev_hash != expected_prev:
            return checked, ChainBreak(
                entry.id, "its link to the entry before it is broken (an entry was removed or reordered)"
            )
        if entry.compute_hash() != entry.hash:
            return checked, ChainBreak(entry.id, "its contents no longer match its hash (it was changed)")
        expected_prev = entry.hash
        checked += 1
    return checked, None

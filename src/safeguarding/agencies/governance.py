"""Information governance: retention, legal holds, subject access exports and record corrections.

Each is a plain verb function that writes, audits and (where it changes records) goes through the
records app, so that the command line, the pages and the tests share one implementation.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import ProtectedError, Q, QuerySet
from django.utils import timezone

from safeguarding.agencies.models import CorrectionRequest, LegalHold, RetentionRule, User
from safeguarding.audit import log_action

if TYPE_CHECKING:
    from django.http import HttpRequest

    from safeguarding.people.models import Person
    from safeguarding.records.models import Record

# ---------------------------------------------------------------------------------------------------
# Holds: what must be kept whatever its age
# ---------------------------------------------------------------------------------------------------

# A hold provider returns a queryset of ids (`.values("<one field>")`) of people or of records that a
# live process (a Domestic Homicide Review, an inquest, a complaint) still needs.
HoldProvider = Callable[[], "QuerySet[Any] | None"]
_hold_providers: dict[str, tuple[str, HoldProvider]] = {}


def register_hold_provider(name: str, kind: str, func: HoldProvider) -> None:
    """Let an app keep people or records from deletion: kind is "person" or "record".

    For example, in reviews' AppConfig.ready():
        register_hold_provider("live_reviews", "person",
            lambda: ReviewSubject.objects.filter(review__status="open").values("person_id"))
    """
    if kind not in {"person", "record"}:
        raise ValueError('kind must be "person" or "record"')
    _hold_providers[name] = (kind, func)


def _held_person_ids() -> list[QuerySet[Any]]:
    held: list[QuerySet[Any]] = [
        LegalHold.objects.filter(released_at__isnull=True, person__isnull=False).values("person_id")
    ]
    for kind, func in list(_hold_providers.values()):
        qs = func() if kind == "person" else None
        if qs is not None:
            held.append(qs)
    return held


def _held_record_ids() -> list[QuerySet[Any]]:
    held: list[QuerySet[Any]] = [
        LegalHold.objects.filter(released_at__isnull=True, record__isnull=False).values("record_id")
    ]
    for kind, func in list(_hold_providers.values()):
        qs = func() if kind == "record" else None
        if qs is not None:
            held.append(qs)
    return held


def place_legal_hold(
    by: User, *, reason: str, person: Person | None = None, record: Record | None = None, request: Any = None
) -> LegalHold:
    hold = LegalHold.objects.create(person=person, record=record, reason=reason, placed_by=by)
    log_action(
        "legal_hold_changed",
        actor=by,
        request=request,
        target=hold,
        person_id=getattr(person, "pk", None),
        reason=reason,
        detail={"change": "placed", "record": getattr(record, "pk", None)},
    )
    return hold


def release_legal_hold(by: User, hold: LegalHold, *, reason: str, request: Any = None) -> None:
    hold.released_at = timezone.now()
    hold.save(update_fields=["released_at"])
    log_action(
        "legal_hold_changed",
        actor=by,
        request=request,
        target=hold,
        person_id=hold.person_id,
        reason=reason,
        detail={"change": "released", "record": hold.record_id},
    )


# ---------------------------------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------------------------------


def retention_years() -> dict[str, int]:
    from safeguarding.agencies.models import DEFAULT_RETENTION_YEARS

    rules = dict(DEFAULT_RETENTION_YEARS)
    rules.update({r.record_type: r.retain_years for r in RetentionRule.objects.all()})
    return rules


def _years_before(now: datetime, years: int) -> datetime:
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def records_due(now: datetime | None = None) -> QuerySet[Record]:
    """Records past their retention period and not needed by a legal hold or a live review."""
    from safeguarding.people.models import Mention
    from safeguarding.records.models import Record

    now = now or timezone.now()
    rules = retention_years()
    default = rules.pop("*", 7)
    due = Q(pk__in=[])
    for record_type, years in rules.items():
        due |= Q(type=record_type, recorded__lt=_years_before(now, years))
    due |= Q(recorded__lt=_years_before(now, default)) & ~Q(type__in=list(rules))
    qs = Record.objects.filter(due)
    for held in _held_record_ids():
        qs = qs.exclude(pk__in=held)
    for held_people in _held_person_ids():
        qs = qs.exclude(pk__in=Mention.objects.filter(person_id__in=held_people).values("record_id"))
    return qs


@dataclass
class RetentionResult:
    deleted: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    kept_referenced: list[str] = field(default_factory=list)
    people_deleted: int = 0
    dry_run: bool = False


def apply_retention(
    *, now: datetime | None = None, dry_run: bool = False, batch_size: int = 500
) -> RetentionResult:
    """Delete what is due (records, their mentions and versions); audit what and why. Re-runnable."""
    from safeguarding.people.models import Person
    from safeguarding.records.models import Record

    now = now or timezone.now()
    rules = retention_years()
    result = RetentionResult(dry_run=dry_run)
    due = list(records_due(now).values_list("pk", "agency__code", "record_id", "type"))
    if dry_run:
        result.deleted = len(due)
        result.by_type.update(t for _, _, _, t in due)
        return result
    deleted_keys: list[str] = []
    touched_people: set[int] = set()
    from safeguarding.people.models import Mention

    for start in range(0, len(due), batch_size):
        chunk = due[start : start + batch_size]
        ids = [pk for pk, *_ in chunk]
        touched_people.update(
            pid
            for pid in Mention.objects.filter(record_id__in=ids).values_list("person_id", flat=True)
            if pid
        )
        try:
            with transaction.atomic():
                Record.objects.filter(pk__in=ids).delete()
            survivors: list[tuple[int, str, str, str]] = []
        except ProtectedError:
            survivors = list(chunk)
        if not survivors:
            deleted_keys += [f"{a}:{r}" for _, a, r, _ in chunk]
            result.by_type.update(t for *_, t in chunk)
            continue
        for pk, agency, record_id, type_ in survivors:
            try:
                with transaction.atomic():
                    Record.objects.filter(pk=pk).delete()
            except ProtectedError:
                result.kept_referenced.append(f"{agency}:{record_id}")
                continue
            deleted_keys.append(f"{agency}:{record_id}")
            result.by_type[type_] += 1
    result.deleted = len(deleted_keys)
    # People of whom nothing is left, unless something still needs them.
    orphans = Person.objects.filter(pk__in=touched_people, mentions__isnull=True)
    for held in _held_person_ids():
        orphans = orphans.exclude(pk__in=held)
    for person in orphans:
        try:
            with transaction.atomic():
                person.delete()
            result.people_deleted += 1
        except ProtectedError:
            continue
    if result.deleted or result.people_deleted:
        log_action(
            "retention_deleted",
            reason="Retention period ended (records' recorded date + the rule's years).",
            detail={
                "records": result.deleted,
                "people": result.people_deleted,
                "by_type": dict(result.by_type),
                "rules_years": rules,
                "deleted": deleted_keys[:5000],
                "kept_referenced": result.kept_referenced[:1000],
                "as_of": now.isoformat(),
            },
        )
    return result


# ---------------------------------------------------------------------------------------------------
# Subject access
# ---------------------------------------------------------------------------------------------------

THIRD_PARTY = "[third party]"


def _name_parts(name: str) -> set[str]:
    return {p for p in re.split(r"[\s,.'()\"-]+", name or "") if len(p) >= 3}


def subject_access_export(
    person: Person, *, by: User | None, request: HttpRequest | None = None
) -> dict[str, Any]:
    """Everything held about one person, with other people's names, addresses and dates of birth
    replaced, and no confidential detail of anyone else. Audited as `subject_access_export`."""
    from safeguarding.people.models import Mention
    from safeguarding.records.models import Record

    own_mentions = list(Mention.objects.filter(person=person).select_related("record__agency"))
    record_ids = {m.record_id for m in own_mentions}
    records = list(
        Record.objects.filter(pk__in=record_ids).select_related("agency").order_by("occurred_start")
    )
    all_mentions = list(Mention.objects.filter(record_id__in=record_ids).order_by("record_id", "ref"))
    own_parts = set().union(*(_name_parts(m.name) for m in own_mentions)) if own_mentions else set()
    secrets: set[str] = set()
    for m in all_mentions:
        if m.person_id == person.pk and m.person_id is not None:
            continue
        secrets.update(s for s in (m.name, m.address, m.postcode, m.dob) if s and len(s) >= 4)
        secrets.update(p for p in _name_parts(m.name) if p not in own_parts)
    mentions_by_record: dict[int, list[Any]] = {}
    for m in all_mentions:
        mentions_by_record.setdefault(m.record_id, []).append(m)

    def scrub(text: str) -> str:
        for secret in sorted(secrets, key=len, reverse=True):
            text = re.sub(rf"(?<!\w){re.escape(secret)}(?!\w)", THIRD_PARTY, text, flags=re.IGNORECASE)
        return text

    exported_records = []
    for record in records:
        subjects = []
        for m in mentions_by_record.get(record.pk, []):
            if m.person_id == person.pk:
                subjects.append(
                    {
                        "role": m.role, "name": m.name, "dob": m.dob, "gender": m.gender,
                        "address": m.address, "postcode": m.postcode, "ids": m.ids,
                    }
                )  # fmt: skip
            else:
                subjects.append({"role": m.role, "name": THIRD_PARTY})
        exported_records.append(
            {
                "agency": record.agency.code,
                "agency_name": record.agency.name,
                "record_id": record.record_id,
                "type": record.type,
                "occurred": record.occurred,
                "recorded": record.recorded.isoformat(),
                "location": scrub(record.location),
                "summary": scrub(record.summary),
                "outcome": scrub(record.outcome),
                "tags": record.tags,
                "risk": record.risk,
                "subjects": subjects,
                "version": record.version,
            }
        )
    signals = []
    try:
        from safeguarding.signals.models import Signal

        for signal in Signal.objects.filter(person=person).order_by("first_raised"):
            signals.append(
                {
                    "code": signal.code,
                    "first_raised": signal.first_raised.isoformat(),
                    "status": signal.status,
                    "why": scrub(signal.why),
                }
            )
    except Exception:
        signals = []
    export = {
        "format": "safeguarding subject access export, version 1",
        "generated_at": timezone.now().isoformat(),
        "person": {"id": person.pk, "name": person.display_name},
        "note": "Other people's names, addresses and dates of birth are replaced by '[third party]'.",
        "records": exported_records,
        "signals": signals,
    }
    log_action(
        "subject_access_export",
        actor=by,
        request=request,
        target=person,
        person_id=person.pk,
        detail={"records": len(exported_records), "signals": len(signals)},
    )
    return export


def subject_access_json(export: dict[str, Any]) -> str:
    return json.dumps(export, indent=2, ensure_ascii=False, default=str)


# ---------------------------------------------------------------------------------------------------
# Corrections
# ---------------------------------------------------------------------------------------------------


class CorrectionRefused(PermissionError):
    pass


def request_correction(
    user: User, record: Record, *, changes: dict[str, Any], reason: str, request: Any = None
) -> CorrectionRequest:
    from safeguarding.agencies.access import may_see_record

    if not may_see_record(user, record) or user.agency_id != record.agency_id:
        raise CorrectionRefused("Only the agency that holds a record can ask for it to be corrected.")
    unknown = set(changes) - set(CorrectionRequest.CORRECTABLE_FIELDS)
    if unknown or not changes:
        raise CorrectionRefused(f"These fields cannot be corrected here: {sorted(unknown)}")
    correction = CorrectionRequest.objects.create(
        record=record, requested_by=user, reason=reason, changes=changes
    )
    log_action(
        "correction_requested",
        actor=user,
        request=request,
        target=record,
        reason=reason,
        detail={"fields": sorted(changes)},
    )
    return correction


def decide_correction(
    manager: User, correction: CorrectionRequest, *, approve: bool, note: str = "", request: Any = None
) -> CorrectionRequest:
    """A team manager of the record's agency approves (applied as a new version) or rejects."""
    from safeguarding.records.importer import store_record

    record = correction.record
    if (
        manager.role != User.Role.TEAM_MANAGER
        or manager.agency_id != record.agency_id
        or manager.pk == correction.requested_by_id
        or correction.status != CorrectionRequest.Status.PENDING
    ):
        raise CorrectionRefused("A team manager of the record's agency, not the requester, decides.")
    with transaction.atomic():
        correction.decided_by = manager
        correction.decided_at = timezone.now()
        correction.decision_note = note
        if approve:
            data = json.loads(record.raw)
            data.update(correction.changes)
            store_record(data, source=f"correction:{correction.pk}")
            correction.status = CorrectionRequest.Status.APPLIED
        else:
            correction.status = CorrectionRequest.Status.REJECTED
        correction.save()
        log_action(
            "record_corrected" if approve else "correction_decided",
            actor=manager,
            request=request,
            target=record,
            reason=correction.reason,
            detail={
                "correction": correction.pk,
                "approved": approve,
                "fields": sorted(correction.changes),
                "note": note,
            },
        )
    return correction


def pending_corrections_for(manager: User) -> QuerySet[CorrectionRequest]:
    if manager.role != User.Role.TEAM_MANAGER or not manager.agency_id:
        return CorrectionRequest.objects.none()
    return CorrectionRequest.objects.filter(
        record__agency_id=manager.agency_id, status=CorrectionRequest.Status.PENDING
    ).select_related("record", "requested_by")


# ---------------------------------------------------------------------------------------------------
# Confidential markers
# ---------------------------------------------------------------------------------------------------


def mark_confidential(
    by: User,
    *,
    kind: str,
    reason: str,
    mention: Any = None,
    record: Any = None,
    roles: list[str] | None = None,
    shared_with: list[Any] | None = None,
    note: str = "",
    request: Any = None,
) -> Any:
    """Mark an address or phone number (of a mention) or a whole record confidential. Only the agency
    that holds the record may do it; audited as `confidential_marked`."""
    from safeguarding.agencies.models import ConfidentialMarker

    target_record = mention.record if mention is not None else record
    if (
        target_record is None
        or by.agency_id != target_record.agency_id
        or by.role
        not in {
            User.Role.PRACTITIONER,
            User.Role.TEAM_MANAGER,
        }
    ):
        raise PermissionError("Only the agency that holds the record can mark it confidential.")
    marker = ConfidentialMarker.objects.create(
        kind=kind,
        mention=mention,
        record=None if mention is not None else record,
        reason=reason,
        roles=roles or [],
        note=note,
        created_by=by,
    )
    if shared_with:
        marker.shared_with.set(shared_with)
    log_action(
        "confidential_marked",
        actor=by,
        request=request,
        target=marker,
        person_id=getattr(mention, "person_id", None),
        detail={"kind": kind, "reason": reason, "record": target_record.pk},
    )
    return marker

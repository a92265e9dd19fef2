"""Need-to-know access: the single policy module for records, people, signals and confidential details.

Every view, list, search, export and API endpoint asks this module, so that a list can never show
what a detail page would refuse. The rules (docs/security.md):

- A user sees all of their own agency's records.
- Another agency's record only where an active sharing agreement from that agency to the user's
  agency (or to the partnership as a whole) covers the record's type for a purpose, AND the user has
  a legitimate relationship serving that purpose with a person in the record.
- A legitimate relationship: the user's agency holds a record (or a signal) about the person
  (purpose "safeguarding"), the person is on a MARAC the user attends ("marac"), or in a review the
  user sits on ("review"). The MARAC and review apps contribute these through
  `register_relationship_provider`, so this module never imports their internals.
- Otherwise break-glass: a stated reason gives time-limited access to one person's records, flagged
  for a manager's review.
- Confidential markers (an address, a phone number, a whole record) narrow all of the above: shown
  only to the named roles of the agency that holds it and of the agencies it is shared with, never to
  an agency linked to the perpetrator, never in search results or exports.

Auditors and administrators hold no case relationship: they see no records or people through this
module (the auditor's pages show the audit trail itself).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Model, Q, QuerySet
from django.db.models.signals import pre_save
from django.http import Http404
from django.utils import timezone

from safeguarding.agencies.models import (
    Agency,
    BreakGlassGrant,
    ConfidentialMarker,
    Purpose,
    SharingAgreement,
    User,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from safeguarding.people.models import Mention, Person
    from safeguarding.records.models import Record

__all__ = [
    "CASE_ROLES",
    "WITHHELD",
    "BreakGlassRefused",
    "break_glass",
    "can_view_person",
    "confidential_address_mentions",
    "get_person_for_user",
    "get_record_for_user",
    "has_legitimate_relationship",
    "live_break_glass_person_ids",
    "may_see_confidential",
    "may_see_record",
    "redact_mention",
    "redact_record",
    "redact_records",
    "register_relationship_provider",
    "signal_concern_visible",
    "signal_evidence_visible",
    "visible_evidence",
    "visible_people",
    "visible_records",
]

WITHHELD = "[withheld: confidential]"

# Roles that work cases. Auditors and administrators do not: they never see case data.
CASE_ROLES = frozenset(
    {
        User.Role.PRACTITIONER,
        User.Role.TEAM_MANAGER,
        User.Role.MARAC_COORDINATOR,
        User.Role.REVIEW_CHAIR,
    }
)
# Who may see a confidential detail when its marker names no roles: the holding agency's case workers.
DEFAULT_CONFIDENTIAL_ROLES = frozenset({User.Role.PRACTITIONER, User.Role.TEAM_MANAGER})
# Subject roles in which an agency serves a person (their client, patient, tenant, offender): an agency
# serving a perpetrator is "linked to the perpetrator" and never sees his victim's confidential details.
SERVICE_ROLES = ("client", "patient", "tenant", "offender")
PERPETRATOR_ROLES = ("alleged_perpetrator", "offender")

# ---------------------------------------------------------------------------------------------------
# Relationship providers
# ---------------------------------------------------------------------------------------------------

# A provider takes a user and returns a queryset of Person ids (e.g. `.values("person_id")`) the user
# has a relationship with, or None when it has nothing for this user.
RelationshipProvider = Callable[[Any], "QuerySet[Any] | None"]


@dataclass(frozen=True)
class _Provider:
    name: str
    purpose: str
    func: RelationshipProvider


_providers: dict[str, _Provider] = {}


def register_relationship_provider(name: str, purpose: str, func: RelationshipProvider) -> None:
    """Let an app say which people a user has a legitimate relationship with, and for which purpose.

    Call it from your AppConfig.ready(), e.g. in marac:
        register_relationship_provider("marac_attendee", "marac",
            lambda user: MaracCase.objects.filter(meeting__attendees=user).values("person_id"))
    Registering the same name again replaces the provider (safe under autoreload and tests).
    """
    if purpose not in Purpose.values:
        raise ValueError(f"Unknown purpose {purpose!r}; one of {Purpose.values}")
    _providers[name] = _Provider(name, purpose, func)


def _agency_records_provider(user: Any) -> QuerySet[Any] | None:
    from safeguarding.people.models import Mention

    if not user.agency_id:
        return None
    return Mention.objects.filter(record__agency_id=user.agency_id, person_id__isnull=False).values(
        "person_id"
    )


def _assigned_signals_provider(user: Any) -> QuerySet[Any] | None:
    """A signal assigned to the user's agency (or to the user) is a relationship with its person."""
    from django.apps import apps

    try:
        signal_model = apps.get_model("signals", "Signal")
    except LookupError:
        return None
    fields = {f.name for f in signal_model._meta.get_fields()}
    if not {"person", "assigned_agency"} <= fields or not _table_exists(signal_model._meta.db_table):
        return None
    q = Q(assigned_agency_id=user.agency_id) if user.agency_id else Q(pk__in=[])
    if "assigned_to" in fields:
        q |= Q(assigned_to_id=user.pk)
    return signal_model.objects.filter(q).values("person_id")


_tables_seen: set[tuple[str, str]] = set()


def _table_exists(table: str) -> bool:
    """Whether a table exists (an app's model may be ahead of its migration during development)."""
    from django.db import connection

    key = (str(connection.settings_dict.get("NAME")), table)
    if key not in _tables_seen and table in connection.introspection.table_names():
        _tables_seen.add(key)
    return key in _tables_seen


register_relationship_provider("agency_records", Purpose.SAFEGUARDING, _agency_records_provider)
register_relationship_provider("assigned_signals", Purpose.SAFEGUARDING, _assigned_signals_provider)


def _is_case_user(user: Any) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role in CASE_ROLES
        and (user.agency_id is None or _agency_active(user))
    )


def _agency_active(user: Any) -> bool:
    agency = user.agency
    return bool(agency is None or agency.is_active)


def _person_id_querysets(user: Any, purposes: Iterable[str] | None = None) -> list[QuerySet[Any]]:
    wanted = set(purposes) if purposes is not None else None
    out = []
    for provider in list(_providers.values()):
        if wanted is not None and provider.purpose not in wanted:
            continue
        qs = provider.func(user)
        if qs is not None:
            out.append(qs)
    return out


def _any_of(field: str, querysets: list[QuerySet[Any]]) -> Q:
    q = Q(pk__in=[])
    for qs in querysets:
        q |= Q(**{f"{field}__in": qs})
    return q


def live_break_glass_person_ids(user: Any) -> QuerySet[Any]:
    now = timezone.now()
    return BreakGlassGrant.objects.filter(user_id=user.pk, granted_at__lte=now, expires_at__gt=now).values(
        "person_id"
    )


def has_legitimate_relationship(user: Any, person: Any, purpose: str | None = None) -> bool:
    """Whether the user's work gives them a reason to know about this person (break-glass aside)."""
    if not _is_case_user(user):
        return False
    person_id = getattr(person, "pk", person)
    purposes = [purpose] if purpose else None
    return any(
        qs.filter(**{_value_field(qs): person_id}).exists() for qs in _person_id_querysets(user, purposes)
    )


def _value_field(qs: QuerySet[Any]) -> str:
    """The single field a provider's `.values(...)` queryset selects (`person_id`, `pk`, ...)."""
    fields = list(getattr(qs.query, "values_select", ()) or ())
    if len(fields) != 1:
        raise ValueError("A relationship provider must return .values('<one person id field>')")
    return str(fields[0])


# ---------------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------------


def visible_people(user: Any) -> QuerySet[Person]:
    """Everyone the user may know exists: their relationships, plus live break-glass grants."""
    from safeguarding.people.models import Person

    if not _is_case_user(user):
        return Person.objects.none()
    q = _any_of("pk", _person_id_querysets(user)) | Q(pk__in=live_break_glass_person_ids(user))
    return Person.objects.filter(q)


def can_view_person(user: Any, person: Any) -> bool:
    if not _is_case_user(user):
        return False
    person_id = getattr(person, "pk", person)
    if has_legitimate_relationship(user, person_id):
        return True
    return live_break_glass_person_ids(user).filter(person_id=person_id).exists()


def get_person_for_user(user: Any, pk: Any, request: HttpRequest | None = None) -> Person:
    """The person, or 404 whether they do not exist or the user may not see them (the same to the user)."""
    from safeguarding.people.models import Person

    person = Person.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if person is None or not can_view_person(user, person):
        if person is not None:
            _log_refusal(user, request, person_id=person.pk, what="person")
        raise Http404("No such person")
    return person


# ---------------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------------


def _agreements_for(user: Any) -> QuerySet[SharingAgreement]:
    to = Q(to_agency__isnull=True)
    if user.agency_id:
        to |= Q(to_agency_id=user.agency_id)
    return SharingAgreement.objects.active().filter(to)


def _confidential_records() -> QuerySet[Record]:
    from safeguarding.records.models import Record

    marked = ConfidentialMarker.objects.filter(kind=ConfidentialMarker.Kind.RECORD).values("record_id")
    return Record.objects.filter(Q(is_confidential=True) | Q(pk__in=marked))


def visible_records(user: Any, *, about: Any = None) -> QuerySet[Record]:
    """Every record the user may see: build every list, count, search and export from this.

    `about=person` narrows it to the records that name that person (the person page, a timeline),
    with the same answer as filtering the full list, but faster: where the user has a relationship
    with that person for a purpose, every record about her that an agreement for that purpose covers
    is visible without looking at anyone else in it.
    """
    from safeguarding.people.models import Mention
    from safeguarding.records.models import Record

    if not _is_case_user(user):
        return Record.objects.none()
    about_id = getattr(about, "pk", about)
    q = Q(agency_id=user.agency_id) if user.agency_id else Q(pk__in=[])
    # Group the agreements by purpose, so that the query has one subquery per purpose, however many
    # agreements there are: {purpose: (agencies sharing every type, {agency: types it shares})}.
    grouped: dict[str, tuple[set[int], dict[int, set[str]]]] = {}
    for agreement in _agreements_for(user).only("from_agency_id", "record_types", "purposes"):
        for purpose in agreement.purposes:
            every_type, some_types = grouped.setdefault(purpose, (set(), {}))
            if agreement.record_types:
                some_types.setdefault(agreement.from_agency_id, set()).update(agreement.record_types)
            else:
                every_type.add(agreement.from_agency_id)
    for purpose, (every_type, some_types) in grouped.items():
        covered = Q(agency_id__in=sorted(every_type)) if every_type else Q(pk__in=[])
        for agency_id, types in some_types.items():
            if agency_id not in every_type:
                covered |= Q(agency_id=agency_id, type__in=sorted(types))
        if about_id is not None and has_legitimate_relationship(user, about_id, purpose):
            q |= covered
            continue
        person_sets = _person_id_querysets(user, [purpose])
        if not person_sets:
            continue
        mentions = Mention.objects.filter(_any_of("person_id", person_sets)).values("record_id")
        q |= covered & Q(pk__in=mentions)
    glass = Mention.objects.filter(person_id__in=live_break_glass_person_ids(user)).values("record_id")
    q |= Q(pk__in=glass)
    qs = Record.objects.filter(q)
    if about_id is not None:
        qs = qs.filter(pk__in=Mention.objects.filter(person_id=about_id).values("record_id"))
    return qs.exclude(_hidden_confidential(user))


def _hidden_confidential(user: Any) -> Q:
    """The confidential records this user may not see, as a condition on the records being listed.

    Records flagged confidential by their agency (and not marked): only that agency's default roles.
    Records with a marker (few): decided one by one in Python, since markers name roles and agencies.
    Evaluated only on the rows a list selects, never by scanning every record.
    """
    from safeguarding.records.models import Record

    marked_ids = set(
        ConfidentialMarker.objects.filter(
            kind=ConfidentialMarker.Kind.RECORD, record__isnull=False
        ).values_list("record_id", flat=True)
    )
    allowed_marked = {
        r.pk
        for r in Record.objects.filter(pk__in=marked_ids).select_related("agency")
        if may_see_confidential(user, r)
    }
    flagged_ok = (
        Q(agency_id=user.agency_id)
        if user.agency_id and user.role in DEFAULT_CONFIDENTIAL_ROLES
        else Q(pk__in=[])
    )
    hidden = Q(pk__in=sorted(marked_ids - allowed_marked))
    hidden |= Q(is_confidential=True) & ~Q(pk__in=sorted(marked_ids)) & ~flagged_ok
    return hidden


def may_see_record(user: Any, record: Any) -> bool:
    record_id = getattr(record, "pk", record)
    return visible_records(user).filter(pk=record_id).exists()


def get_record_for_user(user: Any, pk: Any, request: HttpRequest | None = None) -> Record:
    from safeguarding.records.models import Record

    record = Record.objects.select_related("agency").filter(pk=pk).first() if str(pk).isdigit() else None
    if record is None or not may_see_record(user, record):
        if record is not None and is_confidential(record) and getattr(user, "is_authenticated", False):
            _log_confidential_refused(user, request, records=[record])
        elif record is not None:
            _log_refusal(user, request, target=record, what="record")
        raise Http404("No such record")
    return record


# ---------------------------------------------------------------------------------------------------
# Confidential markers
# ---------------------------------------------------------------------------------------------------


def _markers_for(obj: Any) -> list[ConfidentialMarker]:
    from safeguarding.people.models import Mention

    preloaded = getattr(obj, "_sg_markers", None)  # set by redact_records: one query for all
    if isinstance(obj, Mention):
        return list(obj.confidential_markers.all()) if preloaded is None else preloaded
    markers = obj.confidential_markers.all() if preloaded is None else preloaded
    return [m for m in markers if m.kind == ConfidentialMarker.Kind.RECORD]


def is_confidential(obj: Any) -> bool:
    from safeguarding.people.models import Mention

    if isinstance(obj, Mention):
        return bool(obj.is_confidential_address) or bool(_markers_for(obj))
    return bool(getattr(obj, "is_confidential", False)) or bool(_markers_for(obj))


def _protected_person_ids(obj: Any) -> list[int]:
    from safeguarding.people.models import Mention

    if isinstance(obj, Mention):
        return [obj.person_id] if obj.person_id else []
    return [pid for pid in obj.mentions.values_list("person_id", flat=True) if pid]


def agencies_linked_to_perpetrator(person_ids: Iterable[int]) -> set[int]:
    """Agencies that serve (as client, patient, tenant, offender) someone who abused these people."""
    from safeguarding.people.models import Mention

    person_ids = [p for p in person_ids if p]
    if not person_ids:
        return set()
    records_with_them = Mention.objects.filter(person_id__in=person_ids).values("record_id")
    perpetrators = (
        Mention.objects.filter(record_id__in=records_with_them, role__in=PERPETRATOR_ROLES)
        .exclude(person_id__in=person_ids)
        .exclude(person_id__isnull=True)
        .values("person_id")
    )
    return set(
        Mention.objects.filter(person_id__in=perpetrators, role__in=SERVICE_ROLES)
        .values_list("record__agency_id", flat=True)
        .distinct()
    )


def may_see_confidential(user: Any, obj: Any) -> bool:
    """Whether the user may see a record's or a mention's confidential detail (True if none is marked)."""
    if not is_confidential(obj):
        return True
    from safeguarding.people.models import Mention

    if not _is_case_user(user) or not user.agency_id:
        return False
    record = obj.record if isinstance(obj, Mention) else obj
    markers = _markers_for(obj)
    roles: set[str] = set()
    shared: set[int] = set()
    excluded: set[int] = set()
    for marker in markers:
        roles.update(marker.roles)
        shared.update(a.pk for a in marker.shared_with.all())
        excluded.update(a.pk for a in marker.excluded_agencies.all())
    if user.agency_id in excluded:
        return False
    if user.role not in (roles or DEFAULT_CONFIDENTIAL_ROLES):
        return False
    if user.agency_id == record.agency_id:
        return True
    if user.agency_id not in shared:
        return False
    return user.agency_id not in agencies_linked_to_perpetrator(_protected_person_ids(obj))


def confidential_address_mentions() -> QuerySet[Mention]:
    """Mentions whose address is confidential: search must never match on, or show, these addresses."""
    from safeguarding.people.models import Mention

    marked = ConfidentialMarker.objects.filter(
        kind=ConfidentialMarker.Kind.ADDRESS, mention__isnull=False
    ).values("mention_id")
    return Mention.objects.filter(Q(is_confidential_address=True) | Q(pk__in=marked))


def _confidential_strings(person_ids: Iterable[int], user: Any, for_export: bool) -> set[str]:
    """The confidential addresses/postcodes/phones of these people that the user may not see."""
    from safeguarding.people.models import Mention

    person_ids = [p for p in person_ids if p]
    if not person_ids:
        return set()
    marked_ids = ConfidentialMarker.objects.filter(mention__person_id__in=person_ids).values("mention_id")
    strings: set[str] = set()
    for mention in (
        Mention.objects.filter(person_id__in=person_ids)
        .filter(Q(is_confidential_address=True) | Q(pk__in=marked_ids))
        .select_related("record")
        .prefetch_related("confidential_markers")
    ):
        if not for_export and may_see_confidential(user, mention):
            continue
        strings.update(_mention_secret_values(mention))
    return {s for s in strings if len(s.strip()) >= 4}


def _mention_secret_values(mention: Mention) -> list[str]:
    kinds = {m.kind for m in _markers_for(mention)}
    values = []
    if mention.is_confidential_address or ConfidentialMarker.Kind.ADDRESS in kinds or not kinds:
        values += [mention.address, mention.postcode]
    if ConfidentialMarker.Kind.PHONE in kinds:
        values += [str(v) for k, v in (mention.ids or {}).items() if "phone" in k or "mobile" in k]
    return [v for v in values if v]


def _scrub(text: str, secrets: set[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, WITHHELD)
        escaped = json.dumps(secret)[1:-1]
        if escaped != secret and escaped in text:
            text = text.replace(escaped, WITHHELD)
    return text


class _RedactedCopyError(RuntimeError):
    pass


def _refuse_saving_redacted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if getattr(instance, "_safeguarding_redacted", False):
        raise _RedactedCopyError("A redacted copy must never be saved over the real record.")


pre_save.connect(_refuse_saving_redacted, dispatch_uid="safeguarding_refuse_redacted_save")


def redact_mention(
    user: Any, mention: Mention, *, for_export: bool = False, request: HttpRequest | None = None
) -> Mention:
    """The mention as this user may see it: a copy with confidential fields withheld (never saved)."""
    return _redact_mentions(user, [mention], for_export=for_export, request=request)[0]


def _redact_mentions(user: Any, mentions: list[Mention], *, for_export: bool, request: Any) -> list[Mention]:
    import copy

    out = []
    refused = []
    for mention in mentions:
        if is_confidential(mention) and (for_export or not may_see_confidential(user, mention)):
            safe = copy.copy(mention)
            kinds = {m.kind for m in _markers_for(mention)}
            if mention.is_confidential_address or ConfidentialMarker.Kind.ADDRESS in kinds or not kinds:
                safe.address = WITHHELD if mention.address else ""
                safe.postcode = WITHHELD if mention.postcode else ""
            if ConfidentialMarker.Kind.PHONE in kinds:
                safe.ids = {
                    k: (WITHHELD if ("phone" in k or "mobile" in k) else v)
                    for k, v in (mention.ids or {}).items()
                }
            safe._safeguarding_redacted = True  # type: ignore[attr-defined]
            out.append(safe)
            if not for_export:
                refused.append(mention)
        else:
            out.append(mention)
    if refused and request is not None:
        _log_confidential_refused(user, request, mentions=refused)
    return out


def redact_record(
    user: Any, record: Record, *, for_export: bool = False, request: HttpRequest | None = None
) -> Record:
    return redact_records(user, [record], for_export=for_export, request=request)[0]


def redact_records(
    user: Any, records: Iterable[Record], *, for_export: bool = False, request: HttpRequest | None = None
) -> list[Record]:
    """The records as this user may see them (confidential addresses/phones withheld).

    In another agency's records, a person's confidential address is withheld wherever it appears (the
    summary, location, raw text), not only in the marked mention. `for_export` withholds every
    confidential detail from everyone. Each record returned carries its mentions as this user may see
    them (`redacted_mentions_of(record)`). Writes one `confidential_refused` entry when a request is
    given and something was withheld. Changed records are copies that refuse to be saved. A fixed
    number of queries, whatever the number of records.
    """
    import copy

    records = list(records)
    if not records:
        return []
    from safeguarding.people.models import Mention

    by_id = {r.pk: r for r in records}
    mentions = list(Mention.objects.filter(record_id__in=list(by_id)).order_by("record_id", "ref"))
    markers_by_mention: dict[int, list[ConfidentialMarker]] = {}
    for marker in ConfidentialMarker.objects.filter(mention__record_id__in=list(by_id)):
        markers_by_mention.setdefault(marker.mention_id or 0, []).append(marker)
    mentions_by_record: dict[int, list[Mention]] = {}
    for mention in mentions:
        mention.record = by_id[mention.record_id]
        mention._sg_markers = markers_by_mention.get(mention.pk, [])  # type: ignore[attr-defined]
        mentions_by_record.setdefault(mention.record_id, []).append(mention)
    person_ids = {m.person_id for m in mentions if m.person_id}
    secrets = _confidential_strings(person_ids, user, for_export)
    out = []
    refused_any = False
    for record in records:
        own = (
            bool(user is not None and getattr(user, "agency_id", None) == record.agency_id) and not for_export
        )
        record_mentions = mentions_by_record.get(record.pk, [])
        safe_mentions = _redact_mentions(user, record_mentions, for_export=for_export, request=None)
        record_secrets = set() if own else set(secrets)
        for original, safe in zip(record_mentions, safe_mentions, strict=True):
            if safe is not original:
                record_secrets.update(_mention_secret_values(original))
        record_secrets = {s for s in record_secrets if len(s.strip()) >= 4}
        texts = (record.summary, record.outcome, record.location, record.raw)
        in_text = bool(record_secrets) and any(
            s in t or json.dumps(s)[1:-1] in t for s in record_secrets for t in texts
        )
        mentions_changed = any(s is not o for s, o in zip(safe_mentions, record_mentions, strict=True))
        if not in_text and not mentions_changed:
            record._redacted_mentions = [_scrub_mention(m, record_secrets) for m in record_mentions]  # type: ignore[attr-defined]
            out.append(record)
            continue
        refused_any = refused_any or not for_export
        safe_record = copy.copy(record)
        safe_record.summary = _scrub(record.summary, record_secrets)
        safe_record.outcome = _scrub(record.outcome, record_secrets)
        safe_record.location = _scrub(record.location, record_secrets)
        safe_record.raw = _scrub(record.raw, record_secrets)
        safe_record._safeguarding_redacted = True  # type: ignore[attr-defined]
        safe_record._redacted_mentions = [  # type: ignore[attr-defined]
            _scrub_mention(m, record_secrets) for m in safe_mentions
        ]
        out.append(safe_record)
    if refused_any and request is not None:
        _log_confidential_refused(
            user, request, records=[r for r in out if getattr(r, "_safeguarding_redacted", False)]
        )
    return out


def _scrub_mention(mention: Mention, secrets: set[str]) -> Mention:
    import copy

    if not secrets or not any(s in (mention.address or "") or s in (mention.postcode or "") for s in secrets):
        return mention
    safe = copy.copy(mention)
    safe.address = _scrub(mention.address, secrets)
    safe.postcode = _scrub(mention.postcode, secrets)
    safe._safeguarding_redacted = True  # type: ignore[attr-defined]
    return safe


def redacted_mentions_of(record: Record) -> list[Mention] | None:
    """The mentions of a record returned by `redact_records`, withheld as that user may see them."""
    return getattr(record, "_redacted_mentions", None)


# ---------------------------------------------------------------------------------------------------
# Signals
# ---------------------------------------------------------------------------------------------------


def signal_concern_visible(user: Any, signal: Any) -> bool:
    """That a concern exists is shown to every agency involved with the person."""
    return can_view_person(user, signal.person_id)


def _evidence_records(signal: Any) -> list[Any]:
    """The records behind a signal: a related manager, or `evidence` as [[agency, record_id], ...]."""
    from safeguarding.records.models import Record

    for name in ("evidence_records", "evidence", "records"):
        related = getattr(signal, name, None)
        if related is None:
            continue
        if hasattr(related, "all"):
            return list(related.all())
        if isinstance(related, list):
            keys = [tuple(pair) for pair in related if isinstance(pair, list | tuple) and len(pair) == 2]
            if not keys:
                return []
            q = Q(pk__in=[])
            for agency_code, record_id in keys:
                q |= Q(agency__code=agency_code, record_id=record_id)
            return list(Record.objects.filter(q))
    return []


def visible_evidence(user: Any, signal: Any) -> list[Any]:
    """The signal's evidence records the user may see."""
    if not signal_concern_visible(user, signal):
        return []
    records = _evidence_records(signal)
    if not records:
        return []
    allowed = set(visible_records(user).filter(pk__in=[r.pk for r in records]).values_list("pk", flat=True))
    return [r for r in records if r.pk in allowed]


def signal_evidence_visible(user: Any, signal: Any) -> bool:
    """The evidence detail (the 'why') only where the user may see every record behind it."""
    if not signal_concern_visible(user, signal):
        return False
    records = _evidence_records(signal)
    return len(visible_evidence(user, signal)) == len(records)


# ---------------------------------------------------------------------------------------------------
# Break-glass
# ---------------------------------------------------------------------------------------------------


class BreakGlassRefused(PermissionError):
    pass


MIN_REASON_LENGTH = 15


def break_glass(user: Any, person: Any, reason: str, request: HttpRequest | None = None) -> BreakGlassGrant:
    """Give the user time-limited access to one person's records, audited and flagged for review.

    Confidential markers still hold: break-glass never reveals a refuge address.
    """
    from safeguarding.audit import log_action

    reason = (reason or "").strip()
    if not _is_case_user(user):
        raise BreakGlassRefused("Only case workers can use break-glass access.")
    if len(reason) < MIN_REASON_LENGTH:
        raise BreakGlassRefused(f"Give a reason of at least {MIN_REASON_LENGTH} characters.")
    grant = BreakGlassGrant.objects.create(user=user, person=person, reason=reason, granted_at=timezone.now())
    log_action(
        "break_glass",
        actor=user,
        request=request,
        target=grant,
        person_id=person.pk,
        reason=reason,
        detail={"expires_at": grant.expires_at.isoformat()},
        flagged=True,
    )
    return grant


# ---------------------------------------------------------------------------------------------------
# Audit helpers
# ---------------------------------------------------------------------------------------------------


def _log_refusal(
    user: Any, request: Any, *, person_id: int | None = None, target: Model | None = None, what: str
) -> None:
    from safeguarding.audit import log_action

    if user is None or not getattr(user, "is_authenticated", False):
        return
    log_action(
        "access_refused",
        actor=user,
        request=request,
        target=target,
        person_id=person_id,
        detail={"what": what, "path": getattr(request, "path", "")},
    )


def _log_confidential_refused(
    user: Any, request: Any, *, mentions: Iterable[Any] = (), records: Iterable[Any] = ()
) -> None:
    from safeguarding.audit import log_action

    mention_ids = sorted({m.pk for m in mentions})
    record_ids = sorted({r.pk for r in records})
    log_action(
        "confidential_refused",
        actor=user if getattr(user, "is_authenticated", False) else None,
        request=request,
        detail={
            "mentions": mention_ids,
            "records": record_ids,
            "path": getattr(request, "path", ""),
        },
    )


def agencies_involved(person: Any) -> QuerySet[Agency]:
    """Agencies that hold a record about the person (they see that a concern exists)."""
    from safeguarding.people.models import Mention

    person_id = getattr(person, "pk", person)
    return Agency.objects.filter(
        pk__in=Mention.objects.filter(person_id=person_id).values("record__agency_id")
    ).order_by("name")

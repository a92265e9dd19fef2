"""What a user may see in the practitioners' pages: people, their records, their signals.

Every person page, timeline, search result and signal list is built from these functions, so that
a list can never show what a detail page would refuse. The rules belong to the partnership's access
policy (`safeguarding.agencies.access`); this module applies them to the web application's
questions. "Missing" and "forbidden" both raise Http404.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.http import Http404, HttpRequest

from safeguarding.agencies import access as policy
from safeguarding.agencies.models import Agency, ConfidentialMarker
from safeguarding.people.models import Mention, Person
from safeguarding.records.models import Record

if TYPE_CHECKING:
    from safeguarding.agencies.models import User


def visible_records(user: User) -> QuerySet[Record]:
    return policy.visible_records(user)


def visible_people(user: User) -> QuerySet[Person]:
    return policy.visible_people(user)


def person_for_user(user: User, person_id: int | str, request: HttpRequest | None = None) -> Person:
    """The person, if this user may see them; Http404 otherwise (as if there were none)."""
    return policy.get_person_for_user(user, person_id, request)


def records_of(user: User, person: Person) -> QuerySet[Record]:
    """The records about this person that this user may see."""
    return policy.visible_records(user, about=person)


def redacted(user: User, records: list[Record], request: HttpRequest | None = None) -> list[Record]:
    """The records as this user may see them: confidential details withheld (the policy decides)."""
    return policy.redact_records(user, records, request=request)


@dataclass(slots=True)
class SeenMention:
    pk: int
    record_id: int
    ref: str
    role: str
    name: str
    dob: str
    address: str
    postcode: str
    ids: dict[str, Any]
    person_id: int | None
    match_probability: float | None
    withheld: bool = False


@dataclass(slots=True)
class SeenRecord:
    pk: int
    record_id: str
    type: str
    occurred: str
    occurred_precision: str
    occurred_start: Any
    summary: str
    outcome: str
    tags: list[str]
    relationships: list[dict[str, str]]
    agency: Agency
    mentions: list[SeenMention] = field(default_factory=list)


# JSON columns come as their text (`*_json`) and are parsed once per distinct value (see `_json_parser`).
_RECORD_FIELDS = (
    "id", "record_id", "type", "occurred", "occurred_precision", "occurred_start", "summary", "outcome", "tags_json",
    "relationships_json", "agency_id",
)  # fmt: skip
_MENTION_FIELDS = (
    "id", "record_id", "ref", "role", "name", "dob", "address", "postcode", "ids_json", "person_id", "match_probability",
)  # fmt: skip


def _as_text(*fields: str) -> dict[str, Cast]:
    return {f"{name}_json": Cast(name, output_field=TextField()) for name in fields}


def _json_parser() -> Callable[[str | None], Any]:
    """json.loads with a memory: a person's records repeat a handful of tag lists, relationship lists
    and identifier sets thousands of times, and parsing each row's copy was a third of the page's
    database time. The parsed values are shared between rows: read them, never change them."""
    parsed: dict[str | None, Any] = {}

    def loads(text: str | None) -> Any:
        try:
            return parsed[text]
        except KeyError:
            value = parsed[text] = None if text is None else json.loads(text)
            return value

    return loads


def person_records(user: User, person: Person, request: HttpRequest | None = None) -> list[SeenRecord]:
    """Every record about this person that this user may see, oldest first, each with its mentions,
    with confidential details withheld as the policy decides. A fixed number of queries, whatever the
    number of records: the person page's one source.

    Withholding is needed only where someone named in these records has a confidential detail (a
    marked address or phone number); then the policy's `redact_records` decides record by record.
    """
    agencies = {a.pk: a for a in Agency.objects.all()}
    loads = _json_parser()
    rows = list(
        records_of(user, person)
        .annotate(**_as_text("tags", "relationships"))
        .order_by("occurred_start", "id")
        .values_list(*_RECORD_FIELDS)
    )
    visible = {row[0] for row in rows}
    # Every mention of every record that names this person: a semi-join, not a list of ids.
    about = Mention.objects.filter(person=person).values("record_id")
    mention_rows = [
        m
        for m in Mention.objects.filter(record_id__in=about)
        .annotate(**_as_text("ids"))
        .values_list(*_MENTION_FIELDS)
        if m[1] in visible
    ]
    people = {m[9] for m in mention_rows if m[9]}
    # Withholding is needed where someone named in these records has a confidential address anywhere,
    # or a marker is on one of them or on a mention in these records. One query: markers are set by
    # hand and few, so all of them come (a join from this person's thousands of mentions to the
    # markers was SQLite's plan, and the slowest statement of the page).
    flagged = Mention.objects.filter(person_id__in=people, is_confidential_address=True)
    marked = ConfidentialMarker.objects.filter(mention__isnull=False)
    secret = any(
        person_id in people or record_id in visible
        for person_id, record_id in flagged.values_list("person_id", "record_id").union(
            marked.values_list("mention__person_id", "mention__record_id"), all=True
        )
    )
    if secret:
        return _withheld(user, person, [row[0] for row in rows], agencies, request)
    by_record: dict[int, list[SeenMention]] = {}
    for pk, record_pk, ref, role, name, dob, address, postcode, ids, person_id, probability in mention_rows:
        by_record.setdefault(record_pk, []).append(
            SeenMention(
                pk,
                record_pk,
                ref,
                role,
                name,
                dob,
                address,
                postcode,
                loads(ids) or {},
                person_id,
                probability,
            )
        )
    return [
        SeenRecord(
            pk,
            record_id,
            type_,
            occurred,
            precision,
            when,
            summary,
            outcome,
            loads(tags) or [],
            loads(relationships) or [],
            agencies[agency_id],
            by_record.get(pk, []),
        )
        for pk, record_id, type_, occurred, precision, when, summary, outcome, tags, relationships, agency_id in rows
    ]


def _withheld(
    user: User, person: Person, ids: list[int], agencies: dict[int, Agency], request: HttpRequest | None
) -> list[SeenRecord]:
    records = list(Record.objects.filter(pk__in=ids).order_by("occurred_start", "id"))
    out = []
    for r in policy.redact_records(user, records, request=request):
        mentions = policy.redacted_mentions_of(r)
        if mentions is None:
            mentions = list(r.mentions.all())
        out.append(
            SeenRecord(
                r.pk,
                r.record_id,
                r.type,
                r.occurred,
                r.occurred_precision,
                r.occurred_start,
                r.summary,
                r.outcome,
                r.tags,
                r.relationships,
                agencies[r.agency_id],
                [
                    SeenMention(
                        m.pk,
                        m.record_id,
                        m.ref,
                        m.role,
                        m.name,
                        m.dob,
                        m.address,
                        m.postcode,
                        m.ids,
                        m.person_id,
                        m.match_probability,
                        withheld=policy.WITHHELD in (m.address, m.postcode),
                    )
                    for m in mentions
                ],
            )
        )
    return out


def searchable_mentions(user: User) -> QuerySet[Mention]:
    """Mentions a search may match: in records the user may see, of people the user may see (reading
    a record about someone does not make everyone named in it findable)."""
    return Mention.objects.filter(record__in=visible_records(user), person__in=visible_people(user))


def confidential_mentions() -> QuerySet[Mention]:
    return policy.confidential_address_mentions()


def may_see_address(user: User, mention: Mention) -> bool:
    return policy.may_see_confidential(user, mention)


def visible_signals(user: User) -> QuerySet[Any]:
    """Signals about people this user may see: that a concern exists is shown to every agency involved."""
    from safeguarding.signals.models import Signal

    return Signal.objects.filter(person__in=visible_people(user))


def signal_for_user(user: User, signal_id: int | str) -> Any:
    from safeguarding.signals.models import Signal

    try:
        return visible_signals(user).select_related("person").get(pk=int(signal_id))
    except (Signal.DoesNotExist, ValueError, TypeError):
        raise Http404("No such signal") from None


def may_act_on_signals(user: User) -> bool:
    return user.is_authenticated and user.role in {"practitioner", "team_manager", "marac_coordinator"}


def redact_mention(user: User, mention: Mention) -> Mention:
    """The mention as this user may see it (a confidential address withheld): for display only."""
    return policy.redact_mention(user, mention)

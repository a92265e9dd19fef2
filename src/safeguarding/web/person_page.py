"""Everything a person's page shows, gathered in a fixed number of queries (no N+1)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.safestring import mark_safe

from safeguarding.people.models import Person
from safeguarding.web import access
from safeguarding.web.signal_display import describe_signals
from safeguarding.web.timeline import Event, category, format_occurred, legend_svgs, parse_month, render_svg

if TYPE_CHECKING:
    from safeguarding.agencies.models import User

PAGE_SIZE = 100
_RELATIONSHIP_WORDS = {
    "partner": "Partner", "ex_partner": "Former partner", "spouse": "Spouse", "parent": "Parent",
    "child": "Child", "sibling": "Sibling", "other_family": "Family", "household": "Household member",
    "carer": "Carer", "associate": "Associate",
}  # fmt: skip
# When a relationship is read from the other person's side.
_INVERSE = {"parent": "child", "child": "parent"}
_ROLE_WORDS = {
    "alleged_perpetrator": "Alleged perpetrator", "household_member": "Household member",
}  # fmt: skip


def role_word(role: str) -> str:
    return _ROLE_WORDS.get(role, role.replace("_", " ").capitalize())


@dataclass
class Variant:
    value: str
    agencies: set[str] = field(default_factory=set)
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    count: int = 0

    def see(self, agency: str, when: dt.datetime) -> None:
        self.agencies.add(agency)
        self.count += 1
        self.first = when if self.first is None or when < self.first else self.first
        self.last = when if self.last is None or when > self.last else self.last

    @property
    def agency_list(self) -> str:
        return ", ".join(sorted(self.agencies))


@dataclass
class Associate:
    person_id: int
    name: str
    relationships: set[str] = field(default_factory=set)
    roles: Counter[str] = field(default_factory=Counter)
    records: list[tuple[str, str]] = field(default_factory=list)  # (link to the row, label)

    @property
    def relationship_text(self) -> str:
        if self.relationships:
            return ", ".join(sorted(_RELATIONSHIP_WORDS.get(r, r) for r in self.relationships))
        return "Named in the same records"

    @property
    def role_text(self) -> str:
        return ", ".join(role_word(r) for r, _ in self.roles.most_common(3))


def _age(dob: str, today: dt.date) -> int | None:
    try:
        born = dt.date.fromisoformat(dob[:10])
    except ValueError:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def build(user: User, person: Person, params: dict[str, str], request: Any = None) -> dict[str, Any]:
    # Confidential details withheld as this user may see them; every record's mentions come with it.
    records = access.person_records(user, person, request)
    # Where each record's row is in the whole-history table, for links from signals and people.
    row_href = {r.pk: f"?page={i // PAGE_SIZE + 1}#record-{r.pk}" for i, r in enumerate(records)}
    mentions_of = {r.pk: r.mentions for r in records}
    my_refs: dict[int, set[str]] = defaultdict(set)
    my_role: dict[int, str] = {}
    names: dict[str, Variant] = {}
    dobs: dict[str, Variant] = {}
    addresses: dict[str, Variant] = {}
    ids: dict[str, Variant] = {}
    hidden_addresses = 0
    mine: list[access.SeenMention] = []
    for record in records:
        for m in mentions_of[record.pk]:
            if m.person_id != person.pk:
                continue
            mine.append(m)
            my_refs[record.pk].add(m.ref)
            my_role.setdefault(record.pk, m.role)
            agency, when = record.agency.name, record.occurred_start
            if m.name:
                names.setdefault(m.name.strip(), Variant(m.name.strip())).see(agency, when)
            if m.dob:
                dobs.setdefault(m.dob, Variant(m.dob)).see(agency, when)
            for scheme, value in (m.ids or {}).items():
                label = f"{scheme.upper()} {value}"
                ids.setdefault(label, Variant(label)).see(agency, when)
            if m.withheld:
                hidden_addresses += 1
                continue
            if m.address or m.postcode:
                text = ", ".join(p for p in (m.address.strip(), m.postcode.strip()) if p)
                addresses.setdefault(text, Variant(text)).see(agency, when)

    today = timezone.localdate()
    dob_best = max(dobs.values(), key=lambda v: v.count).value if dobs else ""

    # The people around them: co-mentioned people, with the relationship the agencies recorded.
    associates: dict[int, Associate] = {}
    other_ids = {
        m.person_id for ms in mentions_of.values() for m in ms if m.person_id and m.person_id != person.pk
    }
    display = dict(Person.objects.filter(pk__in=other_ids).values_list("pk", "display_name"))
    for record in records:
        for m in mentions_of[record.pk]:
            if not m.person_id or m.person_id == person.pk:
                continue
            assoc = associates.setdefault(
                m.person_id,
                Associate(m.person_id, display.get(m.person_id) or m.name or f"Person {m.person_id}"),
            )
            assoc.roles[m.role] += 1
            if len(assoc.records) < 5:
                assoc.records.append(
                    (
                        row_href[record.pk],
                        f"{record.agency.name}, {format_occurred(record.occurred, record.occurred_precision)}",
                    )
                )
            for rel in record.relationships or []:
                a, b, kind = rel.get("from"), rel.get("to"), rel.get("type", "")
                if a == m.ref and b in my_refs[record.pk]:
                    assoc.relationships.add(kind)
                elif b == m.ref and a in my_refs[record.pk]:
                    assoc.relationships.add(_INVERSE.get(kind, kind))
    around = sorted(
        associates.values(), key=lambda a: (-len(a.relationships), -sum(a.roles.values()), a.name)
    )

    # Timeline, zoomed to the period asked for.
    start_all = records[0].occurred_start if records else timezone.now()
    end_all = records[-1].occurred_start if records else timezone.now()
    start = parse_month(params.get("from")) or dt.datetime(start_all.year, 1, 1, tzinfo=dt.UTC)
    end = parse_month(params.get("to"), end=True) or dt.datetime(end_all.year + 1, 1, 1, tzinfo=dt.UTC)
    if end <= start:
        start, end = end - dt.timedelta(days=365), start + dt.timedelta(days=365)
    zoomed = [r for r in records if start <= r.occurred_start < end]
    events = [
        Event(
            pk=r.pk, agency_code=r.agency.code, agency_name=r.agency.name, when=r.occurred_start,
            date_text=format_occurred(r.occurred, r.occurred_precision), type=r.type,
            category=category(r.type, r.tags), summary=r.summary, outcome=r.outcome,
            role=role_word(my_role.get(r.pk, "")),
        )
        for r in zoomed
    ]  # fmt: skip
    lane_names = {r.agency.code: r.agency.name for r in records}
    lanes = sorted(lane_names.items(), key=lambda kv: kv[1])
    pages = max(1, math.ceil(len(events) / PAGE_SIZE))
    try:
        page = min(max(int(params.get("page", "1")), 1), pages)
    except ValueError:
        page = 1
    zoom_query = "&".join(f"{k}={params[k]}" for k in ("from", "to") if params.get(k))
    href_for = {
        e.pk: f"?{zoom_query + '&' if zoom_query else ''}page={i // PAGE_SIZE + 1}#record-{e.pk}"
        for i, e in enumerate(events)
    }
    years = sorted({r.occurred_start.year for r in records})
    evidence_pks = {(r.agency.code, r.record_id): r.pk for r in records}
    signals = describe_signals(user, person, evidence_pks)
    for view in signals:
        for item in view.evidence:
            item.href = row_href.get(item.record_pk, "") if item.record_pk else ""

    return {
        "person": person,
        "names": sorted(names.values(), key=lambda v: -v.count),
        "dobs": sorted(dobs.values(), key=lambda v: -v.count),
        "age": _age(dob_best, today) if dob_best else None,
        "addresses": sorted(addresses.values(), key=lambda v: v.last or start_all, reverse=True),
        "hidden_addresses": hidden_addresses,
        "ids": sorted(ids.values(), key=lambda v: v.value),
        "record_count": len(records),
        "agency_count": len(lanes),
        "uncertain_links": sum(
            1 for m in mine if m.match_probability is not None and m.match_probability < 0.95
        ),
        "events": events[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        "event_count": len(events),
        "page": page,
        "pages": pages,
        "page_first": (page - 1) * PAGE_SIZE + 1,
        "page_last": min(page * PAGE_SIZE, len(events)),
        "zoom_query": zoom_query,
        "timeline_svg": mark_safe(render_svg(events, lanes, start, end, href_for)),  # noqa: S308 - every value escaped
        "legend": [(label, mark_safe(svg)) for label, svg in legend_svgs()],  # noqa: S308 - constant markup
        "period_from": f"{start:%Y-%m}",
        "period_to": f"{end - dt.timedelta(days=1):%Y-%m}",
        "zoomed": bool(params.get("from") or params.get("to")),
        "years": years,
        "around": around,
        "signals": signals,
    }

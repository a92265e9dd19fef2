"""Everything a person's page shows, gathered in a fixed number of queries (no N+1)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
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
PAST_SHOWN = 5
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
        """One more sighting; they come oldest first, so the first is the earliest, the last the latest."""
        self.agencies.add(agency)
        self.count += 1
        if self.first is None:
            self.first = when
        self.last = when

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


def record_href(record_pk: int, zoom_query: str = "") -> str:
    """A link to a record's row in the person page's table: the page finds the period and the page
    of the table that hold it (its year, unless it is among the latest 12 months shown by default)."""
    return f"?{zoom_query + '&' if zoom_query else ''}record={record_pk}#record-{record_pk}"


def _latest_months(last: dt.datetime, months: int = 12) -> dt.datetime:
    """The first instant of the `months` calendar months ending with the one that holds `last`."""
    year, month = divmod(last.year * 12 + last.month - 1 - (months - 1), 12)
    return dt.datetime(year, month + 1, 1, tzinfo=dt.UTC)


def build(user: User, person: Person, params: dict[str, str], request: Any = None) -> dict[str, Any]:
    # Confidential details withheld as this user may see them; every record's mentions come with it.
    records = access.person_records(user, person, request)
    names: dict[str, Variant] = {}
    dobs: dict[str, Variant] = {}
    addresses: dict[str, Variant] = {}
    ids: dict[str, Variant] = {}
    associates: dict[int, Associate] = {}
    my_role: dict[int, str] = {}
    hidden_addresses = uncertain_links = 0
    # One pass over her records, oldest first (so that a variant's first sighting is its earliest).
    person_pk = person.pk
    for record in records:
        agency, when = record.agency.name, record.occurred_start
        my_refs: set[str] = set()
        others: list[tuple[int, access.SeenMention]] = []
        for m in record.mentions:
            if m.person_id != person_pk:
                if m.person_id:
                    others.append((m.person_id, m))
                continue
            my_refs.add(m.ref)
            my_role.setdefault(record.pk, m.role)
            if m.match_probability is not None and m.match_probability < 0.95:
                uncertain_links += 1
            if m.name:
                name = m.name.strip()
                (names.get(name) or names.setdefault(name, Variant(name))).see(agency, when)
            if m.dob:
                (dobs.get(m.dob) or dobs.setdefault(m.dob, Variant(m.dob))).see(agency, when)
            for scheme, value in (m.ids or {}).items():
                label = f"{scheme.upper()} {value}"
                (ids.get(label) or ids.setdefault(label, Variant(label))).see(agency, when)
            if m.withheld:
                hidden_addresses += 1
            elif m.address or m.postcode:
                text = ", ".join(p for p in (m.address.strip(), m.postcode.strip()) if p)
                (addresses.get(text) or addresses.setdefault(text, Variant(text))).see(agency, when)
        # The people around them: co-mentioned people, with the relationship the agencies recorded.
        for other_id, m in others:
            assoc = associates.get(other_id)
            if assoc is None:
                assoc = associates[other_id] = Associate(other_id, m.name)
            assoc.roles[m.role] += 1
            if len(assoc.records) < 5:
                assoc.records.append(
                    (
                        record_href(record.pk),
                        f"{agency}, {format_occurred(record.occurred, record.occurred_precision)}",
                    )
                )
            for rel in record.relationships or ():
                a, b, kind = rel.get("from"), rel.get("to"), rel.get("type", "")
                if a == m.ref and b in my_refs:
                    assoc.relationships.add(kind)
                elif b == m.ref and a in my_refs:
                    assoc.relationships.add(_INVERSE.get(kind, kind))
    display = dict(Person.objects.filter(pk__in=list(associates)).values_list("pk", "display_name"))
    for assoc in associates.values():
        assoc.name = display.get(assoc.person_id) or assoc.name or f"Person {assoc.person_id}"
    around = sorted(
        associates.values(), key=lambda a: (-len(a.relationships), -sum(a.roles.values()), a.name)
    )
    today = timezone.localdate()
    dob_best = max(dobs.values(), key=lambda v: v.count).value if dobs else ""

    # The picture shows the whole history, or the period asked for. The table lists the period asked
    # for, or by default the latest 12 months with records: the whole history of someone known to
    # many agencies for years is thousands of rows, and the latest are what a practitioner needs first.
    # A link to one record (`record=`) opens the period and the page of the table that hold it.
    now = timezone.now()
    first_at = records[0].occurred_start if records else now
    last_at = records[-1].occurred_start if records else now
    latest_from = _latest_months(last_at)
    by_pk = {r.pk: r for r in records}
    try:
        focus = by_pk.get(int(params.get("record", "")))
    except ValueError:
        focus = None
    zoom = {k: params[k] for k in ("from", "to") if params.get(k)}
    if not zoom and focus is not None and focus.occurred_start < latest_from:
        zoom = {"from": f"{focus.occurred_start.year}-01", "to": f"{focus.occurred_start.year}-12"}
    if zoom:
        start = parse_month(zoom.get("from")) or dt.datetime(first_at.year, 1, 1, tzinfo=dt.UTC)
        end = parse_month(zoom.get("to"), end=True) or dt.datetime(last_at.year + 1, 1, 1, tzinfo=dt.UTC)
        if end <= start:
            start, end = end - dt.timedelta(days=365), start + dt.timedelta(days=365)
        rows_from, rows_to = start, end
    else:
        start = dt.datetime(first_at.year, 1, 1, tzinfo=dt.UTC)
        end = dt.datetime(last_at.year + 1, 1, 1, tzinfo=dt.UTC)
        rows_from, rows_to = latest_from, parse_month(f"{last_at:%Y-%m}", end=True) or end
    pictured = [r for r in records if start <= r.occurred_start < end]
    rows = [r for r in pictured if rows_from <= r.occurred_start < rows_to]
    pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
    try:
        page = min(max(int(params.get("page", "1")), 1), pages)
    except ValueError:
        page = 1
    if focus is not None and rows_from <= focus.occurred_start < rows_to:
        page = next(i for i, r in enumerate(rows) if r.pk == focus.pk) // PAGE_SIZE + 1
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    on_page = {r.pk for r in shown}
    # Rebuilt from the parsed period, so that the links carry no text the user typed.
    zoom_query = f"from={start:%Y-%m}&to={end - dt.timedelta(days=1):%Y-%m}" if zoom else ""
    events = [_event(r, my_role) for r in pictured]
    lane_names = {r.agency.code: r.agency.name for r in records}
    lanes = sorted(lane_names.items(), key=lambda kv: kv[1])

    def marker_href(event: Event) -> str:
        return f"#record-{event.pk}" if event.pk in on_page else record_href(event.pk, zoom_query)

    evidence_pks = {(r.agency.code, r.record_id): r.pk for r in records}
    signals = describe_signals(user, person, evidence_pks)
    for view in signals.open:
        for item in view.evidence:
            item.href = record_href(item.record_pk) if item.record_pk else ""

    return {
        "person": person,
        "names": sorted(names.values(), key=lambda v: -v.count),
        "dobs": sorted(dobs.values(), key=lambda v: -v.count),
        "age": _age(dob_best, today) if dob_best else None,
        "addresses": sorted(addresses.values(), key=lambda v: v.last or first_at, reverse=True),
        "hidden_addresses": hidden_addresses,
        "ids": sorted(ids.values(), key=lambda v: v.value),
        "record_count": len(records),
        "agency_count": len(lanes),
        "uncertain_links": uncertain_links,
        "events": [e for e in events if e.pk in on_page],
        "event_count": len(events),
        "row_count": len(rows),
        "page": page,
        "pages": pages,
        "page_first": (page - 1) * PAGE_SIZE + 1,
        "page_last": min(page * PAGE_SIZE, len(rows)),
        "zoom_query": zoom_query,
        "timeline_svg": mark_safe(render_svg(events, lanes, start, end, marker_href)),  # noqa: S308 - every value escaped
        "legend": [(label, mark_safe(svg)) for label, svg in legend_svgs()],  # noqa: S308 - constant markup
        "period_from": f"{start:%Y-%m}",
        "period_to": f"{end - dt.timedelta(days=1):%Y-%m}",
        "rows_from": rows_from,
        "rows_to": rows_to - dt.timedelta(days=1),
        "zoomed": bool(zoom),
        "years": sorted({r.occurred_start.year for r in records}),
        "around": around,
        "signals": signals.open,
        # The latest few past signals in view; the rest folded, so that a long history does not
        # push the timeline out of sight.
        "past_signals": signals.past,
        "past_groups": [g for g in (signals.past[:PAST_SHOWN], signals.past[PAST_SHOWN:]) if g],
    }


def _event(r: access.SeenRecord, my_role: dict[int, str]) -> Event:
    return Event(
        pk=r.pk, agency_code=r.agency.code, agency_name=r.agency.name, when=r.occurred_start,
        date_text=format_occurred(r.occurred, r.occurred_precision), type=r.type,
        category=category(r.type, r.tags), summary=r.summary, outcome=r.outcome,
        role=role_word(my_role.get(r.pk, "")),
    )  # fmt: skip

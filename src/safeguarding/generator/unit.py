"""A unit: a household or a storyline's cast, generated together and written out together.

A unit holds its people, the records about them (as chronology-format dicts), and the truth that
goes into expected.json: the signals its storyline must raise, those that would be false alarms,
and look-alike pairs. Units are independent, so the generator can stream them to disk one by one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .model import Address, Person
from .render import subject
from .world import World

# Records in which the person was seen or spoken to, for NOT_SEEN (signals.md: "an incident attended,
# a consultation, an attendance, a support contact"). Other records that name the person count only
# under the broadest reading (see `Unit.not_seen`).
CONTACT_TYPES = frozenset({"incident", "crime", "ed_attendance", "consultation", "support_contact"})
NEVER_CONTACT = frozenset(
    {"letter", "missed_appointment", "service_change", "marac_meeting", "mappa_meeting"}
)
SEEN_ROLES = frozenset(
    {"victim", "patient", "client", "tenant", "reporter", "offender", "alleged_perpetrator"}
)
REFS = "abcdefghijklmnopqrstuvwxyz"

Subject = tuple[Person, str] | tuple[Person, str, dict[str, Any]]


@dataclass
class Unit:
    world: World
    kind: str  # "ordinary" or a storyline kind
    people: list[Person] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    signals: list[dict[str, str]] = field(default_factory=list)
    must_not: list[dict[str, str]] = field(default_factory=list)
    lookalikes: list[tuple[str, str]] = field(default_factory=list)

    def join(self, *people: Person) -> None:
        self.people.extend(people)

    # ------------------------------------------------------------------ records
    def add(
        self,
        agency: str,
        type_: str,
        when: dt.datetime,
        subjects: list[Subject],
        summary: str,
        outcome: str | None = None,
        *,
        kind: str | None = None,
        recorded: dt.datetime | None = None,
        occurred: str | None = None,
        location: str | None = None,
        tags: list[str] | None = None,
        risk: tuple[int, str, Person | None] | None = None,
        relationships: list[tuple[Person, Person, str]] | None = None,
        links: dict[str, str] | None = None,
        seen: tuple[Person, ...] | None = None,
    ) -> dict[str, Any]:
        """Add one record. `occurred` overrides the written precision (a date or a month)."""
        rng = self.world.rng
        day = when.date()
        if recorded is None:
            recorded = when + dt.timedelta(minutes=5 + int(rng.random() * 86))
            if recorded.date() != day:
                recorded = when
        record_id = self.world.record_id(agency, kind or _KIND.get(type_, "REC"), day)
        refs: dict[int, str] = {}
        rendered = []
        for i, item in enumerate(subjects):
            person, role = item[0], item[1]
            extra: dict[str, Any] = item[2] if len(item) > 2 else {}  # type: ignore[misc]
            ref = REFS[i]
            refs[id(person)] = ref
            rendered.append(subject(rng, agency, person, role, ref, day, **extra))
            person.mentions.append((agency, record_id, ref))
            if self.kind != "ordinary" and type_ not in NEVER_CONTACT:
                strict = type_ in CONTACT_TYPES and role in SEEN_ROLES and (seen is None or person in seen)
                person.contacts.append((day, recorded.date(), strict))
        record: dict[str, Any] = {
            "agency": agency,
            "record_id": record_id,
            "occurred": occurred or _minute(when),
            "recorded": _minute(recorded),
            "type": type_,
            "subjects": rendered,
        }
        if location:
            record["location"] = location
        record["summary"] = summary
        if outcome:
            record["outcome"] = outcome
        if tags:
            record["tags"] = tags
        if risk is not None:
            score, level, about = risk
            record["risk"] = {"tool": "DASH", "score": score, "level": level}
            if about is not None and id(about) in refs:
                record["risk"]["about"] = refs[id(about)]
        if links:
            record["links"] = links
        if relationships:
            record["relationships"] = [
                {"from": refs[id(a)], "to": refs[id(b)], "type": kind_}
                for a, b, kind_ in relationships
                if id(a) in refs and id(b) in refs
            ]
        self.records.append(record)
        return record

    # ------------------------------------------------------------------ truth
    def signal(self, code: str, person: Person, by: dt.date, why: str, after: dt.date | None = None) -> None:
        entry = {"code": code, "person": person.label, "by": by.isoformat()}
        if after is not None:
            entry["after"] = after.isoformat()
        entry["why"] = why
        self.signals.append(entry)
        # signals.md: these signals put the victim at high risk for NOT_SEEN, for a year or 90 days.
        if code in ("ESCALATION", "REPEAT_MARAC"):
            self.high_risk(person, by, 365)
        elif code in ("HIGH_HARM_MARKER", "STRANGULATION_NOT_ESCALATED"):
            self.high_risk(person, by, 90)

    def forbid(self, code: str, person: Person, why: str) -> None:
        self.must_not.append({"code": code, "person": person.label, "why": why})

    def high_risk(self, person: Person, day: dt.date, days: int) -> None:
        person.high_risk.append((day, days))

    def finish(self) -> None:
        """Work out the NOT_SEEN episodes that the storyline's high-risk periods imply."""
        for person in self.people:
            if person.high_risk:
                self.not_seen(person)

    def not_seen(self, person: Person) -> None:
        """NOT_SEEN: the first day, in a high-risk period, with no contact for 14 days.

        Which records count as "seen" is a matter of reading: the strict reading (only attended
        incidents, consultations, attendances and support contacts, on the day they happened) finds a gap
        first; the broad one (any record naming the person but letters and missed appointments, on the
        day it was recorded) last. Any reading in between raises its first episode between the two, so
        the truth says `after` the strict day and `by` the broad one.
        """
        strict = self._first_gap(person, [d for d, _, s in person.contacts if s])
        broad = self._first_gap(person, [r for _, r, _ in person.contacts])
        if strict is None or broad is None or broad > self.world.end - dt.timedelta(days=30):
            return
        self.signal(
            "NOT_SEEN",
            person,
            broad,
            "open high-risk case and no contact with any agency for 14 days",
            after=strict,
        )

    def _first_gap(self, person: Person, contacts: list[dt.date]) -> dt.date | None:
        windows = sorted(person.high_risk)
        days = sorted(set(contacts))
        first = windows[0][0]
        last = max(start + dt.timedelta(days=length) for start, length in windows)
        day = first
        i = 0
        last_contact: dt.date | None = None
        while day <= last:
            while i < len(days) and days[i] <= day:
                last_contact = days[i]
                i += 1
            in_window = any(start <= day < start + dt.timedelta(days=length) for start, length in windows)
            if in_window and (last_contact is None or (day - last_contact).days >= 14):
                return day
            day += dt.timedelta(days=1)
        return None


_KIND = {
    "incident": "INC",
    "crime": "CR",
    "arrest": "ARR",
    "charge": "CHG",
    "no_further_action": "NFA",
    "conviction": "CNV",
    "protective_order": "ORD",
    "order_breach": "BRE",
    "asb_complaint": "ASB",
    "tenancy_action": "TEN",
    "ed_attendance": "ATT",
    "consultation": "CON",
    "missed_appointment": "DNA",
    "letter": "LET",
    "support_contact": "SUP",
    "disclosure": "DIS",
    "referral": "REF",
    "risk_assessment": "RA",
    "marac_referral": "REF",
    "marac_meeting": "MTG",
    "mappa_meeting": "MTG",
    "custody_start": "CUS",
    "custody_release": "REL",
    "recall": "RCL",
    "contact_from_custody": "CFC",
    "service_change": "SVC",
    "welfare_concern": "WEL",
    "death": "DTH",
    "note": "NTE",
}


def _minute(when: dt.datetime) -> str:
    return when.isoformat(timespec="minutes")


def place(address: Address | None) -> str | None:
    return f"{address.full} {address.postcode}" if address else None

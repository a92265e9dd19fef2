"""A person's linked timeline across agencies, as the signal rules read it.

Built in bulk from the database (a few queries for any number of people) so that evaluating one
person after a new record, or everyone overnight, reads the same structure.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from safeguarding.records.models import Record

HEALTH_AGENCIES = {"gp", "ed", "walk_in_centre", "ambulance", "mental_health"}
CARE_AND_SUPPORT_AGENCIES = HEALTH_AGENCIES | {
    "adult_social_care", "childrens_social_care", "idva", "day_centre", "drug_alcohol", "housing", "housing_provider",
    "other",
}  # fmt: skip
INTIMATE = {"partner", "ex_partner", "spouse"}
PERPETRATOR_ROLES = {"alleged_perpetrator", "offender"}
ABUSE_TYPES = {"incident", "crime", "disclosure", "referral", "risk_assessment", "marac_referral", "marac_meeting",
               "welfare_concern", "arrest", "charge", "note", "support_contact", "consultation", "ed_attendance",
               "protective_order", "order_breach", "no_further_action", "conviction"}  # fmt: skip


@dataclass(frozen=True)
class Subject:
    ref: str
    role: str
    person_id: int | None
    name: str
    address: str
    dob: str


@dataclass
class Entry:
    """One record, seen from one person's side (their role in it)."""

    pk: int
    agency: str
    record_id: str
    type: str
    occurred: date
    recorded: datetime
    role: str
    ref: str
    markers: frozenset[str]
    tags: frozenset[str]
    risk: dict[str, Any] | None
    relationships: list[dict[str, Any]]
    location: str
    text: str
    subjects: list[Subject]
    # Set when another, earlier record shows a perpetrator here to be this person's partner or family.
    known_relation: bool = False

    @cached_property
    def day(self) -> date:
        return self.recorded.date()

    @property
    def key(self) -> list[str]:
        return [self.agency, self.record_id]

    def has(self, *codes: str) -> bool:
        return not self.markers.isdisjoint(codes)

    def others(self, *roles: str) -> list[Subject]:
        return [s for s in self.subjects if s.ref != self.ref and (not roles or s.role in roles)]

    def perpetrators(self) -> list[Subject]:
        """The people recorded as causing harm in this record (not the person themself)."""
        return list(self.others(*PERPETRATOR_ROLES))

    def relationship(self, other_ref: str) -> str | None:
        for rel in self.relationships:
            ends = {rel.get("from"), rel.get("to")}
            if ends == {self.ref, other_ref}:
                return str(rel.get("type") or "")
        return None

    @cached_property
    def is_domestic(self) -> bool:
        """Domestic abuse: said so, or a partner or family member is recorded as the one causing harm (here,
        or in an earlier record about the same two people)."""
        if self.known_relation:
            return True
        return self.domestic_here

    @cached_property
    def domestic_here(self) -> bool:
        for perp in self.perpetrators():
            rel = self.relationship(perp.ref)
            if rel and rel not in {"associate"}:
                return True
        if "not_domestic" in self.markers:
            return False
        if "domestic_abuse" in self.markers or "domestic" in self.tags:
            return True
        return bool(self.perpetrators()) and "intimate_partner" in self.markers

    @cached_property
    def is_victim(self) -> bool:
        """The person is the one harmed here: recorded as the victim, or disclosing abuse as a client or patient."""
        if self.role == "victim":
            return True
        return (
            self.type == "disclosure"
            and self.role in {"client", "patient", "other"}
            and self.has(
                "physical_assault", "sexual_assault", "domestic_abuse", "coercive_control", "stalking"
            )
        )

    @cached_property
    def is_abuse_victim(self) -> bool:
        """The victim in a record of abuse: domestic abuse, violence, sexual abuse, neglect or coercion (not a
        stolen bicycle)."""
        if not self.is_victim:
            return False
        if self.is_domestic or self.type in {
            "disclosure",
            "risk_assessment",
            "marac_referral",
            "marac_meeting",
        }:
            return True
        return self.has(*ABUSE_MARKERS)

    @cached_property
    def is_fatal(self) -> bool:
        return self.type == "death" or bool(_FATAL.search(self.text))


ABUSE_MARKERS = ("abuse", "physical_assault", "sexual_assault", "strangulation", "threat_to_kill", "stalking",
                 "coercive_control", "burns", "weapon", "domestic_abuse")  # fmt: skip

_FATAL = re.compile(r"\b(?:post[- ]mortem|pronounced (?:life )?(?:extinct|dead)|found dead|body (?:was )?found|"
                    r"was dead|had died|declared dead|fatal(?:ly)?|murder(?:ed)?|homicide)\b", re.I)  # fmt: skip


@dataclass
class Timeline:
    person_id: int
    name: str
    entries: list[Entry] = field(default_factory=list)
    _days: list[date] | None = field(default=None, repr=False)

    def upto(self, as_of: date) -> list[Entry]:
        """The entries recorded on or before `as_of` (entries are kept in recorded order)."""
        if self._days is None or len(self._days) != len(self.entries):
            self._days = [e.day for e in self.entries]
        return self.entries[: bisect_right(self._days, as_of)]


def _mark_known_relations(tl: Timeline) -> None:
    """Carry what one record says about two people's relationship to their later records.

    A MARAC record saying "risk from her husband" makes the husband's later assaults on her domestic
    abuse even where the later police log does not say so.
    """
    related: set[int] = set()
    for e in tl.entries:
        if e.is_victim and any(s.person_id in related for s in e.perpetrators()):
            e.known_relation = True
        for s in e.others():
            if s.person_id is None:
                continue
            rel = e.relationship(s.ref)
            two = len(e.subjects) == 2 and "intimate_partner" in e.markers
            perp_here = s.role in PERPETRATOR_ROLES and e.is_victim and e.domestic_here
            if (rel and rel != "associate") or perp_here or (two and s.role in PERPETRATOR_ROLES):
                related.add(s.person_id)


def normalise_address(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", (text or "").lower()).split())


def address_key(address: str) -> str:
    """The first two parts of an address ("flat 7 kestrel house"), enough to find it in text."""
    parts = [p for p in (address or "").split(",") if p.strip()]
    return normalise_address(", ".join(parts[:2]))


def _as_date(value: datetime) -> date:
    return value.date()


# People whose records are fetched in one statement (and records in one `IN` list).
PEOPLE_PER_QUERY = 500


def build_timelines(person_ids: Iterable[int]) -> dict[int, Timeline]:
    """Every listed person's timeline, from their mentions' records (with the markers read at storage).

    Two queries a chunk of people: every mention of the records that mention them (their own role
    and everyone else's in one pass), then those records with their markers. A record whose text
    was never read (stored while live reading stood aside) is read here, once, and kept.
    """
    from safeguarding.people.models import Mention

    ids = sorted(set(person_ids))
    timelines: dict[int, Timeline] = {}
    if not ids:
        return timelines
    wanted = set(ids)
    own: dict[int, list[tuple[int, str, str]]] = defaultdict(list)  # person -> (record pk, ref, role)
    subjects: dict[int, list[Subject]] = defaultdict(list)
    for chunk_start in range(0, len(ids), PEOPLE_PER_QUERY):
        chunk = ids[chunk_start : chunk_start + PEOPLE_PER_QUERY]
        # A record shared with someone of an earlier chunk came whole with that chunk (every
        # mention, and the own role of every listed person): it is not taken twice.
        earlier = set(subjects)
        theirs = Mention.objects.filter(person_id__in=chunk).values("record_id")
        for record_pk, ref, role, person_id, name, address, dob in (
            Mention.objects.filter(record_id__in=theirs)
            .order_by("record_id", "pk")
            .values_list("record_id", "ref", "role", "person_id", "name", "address", "dob")
        ):
            if record_pk in earlier:
                continue
            subjects[record_pk].append(Subject(ref, role, person_id, name or "", address or "", dob or ""))
            if person_id in wanted:
                own[person_id].append((record_pk, ref, role))
    records = _load_records(set(subjects))
    for pid in ids:
        tl = Timeline(pid, "")
        for record_pk, ref, role in own.get(pid, []):
            rec = records.get(record_pk)
            if rec is None:
                continue
            tl.entries.append(
                Entry(
                    pk=record_pk,
                    agency=rec["agency"],
                    record_id=rec["record_id"],
                    type=rec["type"],
                    occurred=rec["occurred"],
                    recorded=rec["recorded"],
                    role=role,
                    ref=ref,
                    markers=rec["markers"],
                    tags=rec["tags"],
                    risk=rec["risk"],
                    relationships=rec["relationships"],
                    location=rec["location"],
                    text=rec["text"],
                    subjects=subjects[record_pk],
                )
            )
        tl.entries.sort(key=lambda e: (e.recorded, e.pk))
        _mark_known_relations(tl)
        timelines[pid] = tl
    return timelines


def _load_records(record_pks: set[int]) -> dict[int, dict[str, Any]]:
    from safeguarding.signals.models import RecordText
    from safeguarding.signals.reading import read_records

    out: dict[int, dict[str, Any]] = {}
    unread: list[int] = []
    pks = sorted(record_pks)
    for start in range(0, len(pks), 500):
        chunk = pks[start : start + 500]
        rows = Record.objects.filter(pk__in=chunk).values_list(
            "pk", "agency__code", "record_id", "type", "occurred_start", "recorded", "tags", "risk",
            "relationships", "location", "summary", "outcome", "text__markers", "text__record_id",
        )  # fmt: skip
        for (
            pk,
            agency,
            record_id,
            rtype,
            occurred,
            recorded,
            tags,
            risk,
            rels,
            location,
            summary,
            outcome,
            markers,
            read,
        ) in rows:
            if read is None:
                unread.append(pk)
            out[pk] = {
                "agency": agency, "record_id": record_id, "type": rtype, "occurred": _as_date(occurred),
                "recorded": recorded, "tags": frozenset(str(t).lower() for t in (tags or [])),
                "risk": risk if isinstance(risk, dict) else None, "relationships": list(rels or []),
                "location": location or "", "text": f"{summary}\n{outcome}".strip(),
                "markers": frozenset(markers or ()),
            }  # fmt: skip
    if unread:
        read_records(unread)
        for start in range(0, len(unread), 500):
            for pk, markers in RecordText.objects.filter(
                record_id__in=unread[start : start + 500]
            ).values_list("record_id", "markers"):
                out[pk]["markers"] = frozenset(markers or ())
    return out

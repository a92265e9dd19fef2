"""The missed-opportunity analysis.

Every signal the partnership's records would have raised, replayed over the review period: when
it could first have been raised, which agencies held which part of the evidence, what each of
them did next (from their records' outcomes), and whether a referral or risk assessment followed.

The analysis takes replayed signals as input (`ReplayedSignal`), whichever way they were
produced: from the signals app's stored episodes for the review's people (a live database, where
signals are evaluated as records arrive) or from a replay of a case folder (`review build`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from safeguarding.people.models import Mention
from safeguarding.records.models import Record
from safeguarding.reviews.chronology import event_label, format_occurred, review_person_ids
from safeguarding.reviews.models import Review

# A step that answers a risk signal: a referral or a risk assessment (or the meetings they lead to).
FOLLOW_UP_TYPES = {"referral", "marac_referral", "risk_assessment", "marac_meeting", "mappa_meeting"}
_FOLLOW_UP_TEXT = re.compile(r"\b(referr(?:al|ed)|DASH|risk assessment|MARAC)\b", re.IGNORECASE)
_NEGATED = re.compile(
    r"\b(not|no|never|without|declined?d?)\b[^.;]{0,25}\b(referr(?:al|ed)|DASH|risk assessment|MARAC)\b",
    re.IGNORECASE,
)
# How long after a signal a follow-up still counts as answering it.
FOLLOW_UP_WINDOW_DAYS = 28


@dataclass(frozen=True)
class ReplayedSignal:
    code: str
    person_id: int | None
    first_raised: dt.date
    evidence: tuple[tuple[str, str], ...]
    other_id: int | None = None
    cleared: dt.date | None = None
    why: str = ""
    action: str = ""


@dataclass
class AgencyPart:
    agency_code: str
    agency_name: str
    records: list[Record]
    did_next: list[str]
    next_record: Record | None

    def as_json(self) -> dict[str, Any]:
        return {
            "agency": self.agency_code,
            "records": [[r.agency.code, r.record_id, r.occurred, r.type] for r in self.records],
            "did": self.did_next,
            "next": [self.next_record.occurred, self.next_record.type, self.next_record.outcome]
            if self.next_record
            else None,
        }


@dataclass
class Opportunity:
    signal: ReplayedSignal
    title: str
    person_label: str
    other_label: str
    parts: list[AgencyPart]
    evidence_start: dt.date | None
    followed_by: Record | None
    followed_days: int | None
    action: str
    lane: int = 0

    @property
    def code(self) -> str:
        return self.signal.code

    @property
    def first_raised(self) -> dt.date:
        return self.signal.first_raised

    @property
    def agency_names(self) -> list[str]:
        return [p.agency_name for p in self.parts]

    @property
    def agency_codes(self) -> list[str]:
        return [p.agency_code for p in self.parts]

    @property
    def multi_agency(self) -> bool:
        return len(self.parts) > 1

    @property
    def followed(self) -> bool:
        return self.followed_by is not None

    @property
    def followed_text(self) -> str:
        if self.followed_by is None:
            return f"No referral or risk assessment followed within {FOLLOW_UP_WINDOW_DAYS} days."
        r = self.followed_by
        return (
            f"{event_label(r.type)} by {r.agency.name} on {format_occurred(r.occurred, with_time=False)}"
            f" ({self.followed_days} days later)."
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "person": self.person_label,
            "other": self.other_label or None,
            "first_raised": self.first_raised.isoformat(),
            "agencies": self.agency_codes,
            "evidence_from": self.evidence_start.isoformat() if self.evidence_start else None,
            "held": [p.as_json() for p in self.parts],
            "followed_by": [self.followed_by.agency.code, self.followed_by.record_id, self.followed_by.type]
            if self.followed_by
            else None,
            "followed_days": self.followed_days,
            "why": self.signal.why,
            "action": self.action,
        }


@dataclass
class Analysis:
    review: Review
    opportunities: list[Opportunity] = field(default_factory=list)

    @property
    def not_followed(self) -> list[Opportunity]:
        return [o for o in self.opportunities if not o.followed]

    @property
    def multi_agency(self) -> list[Opportunity]:
        return [o for o in self.opportunities if o.multi_agency]


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _catalogue() -> dict[str, Any]:
    try:
        from safeguarding.signals.catalogue import CATALOGUE
    except ImportError:
        return {}
    return dict(CATALOGUE) if not isinstance(CATALOGUE, dict) else CATALOGUE


def _catalogue_text(code: str, attr: str) -> str:
    entry = _catalogue().get(code)
    if entry is None:
        return ""
    if isinstance(entry, dict):
        return str(entry.get(attr, "") or "")
    return str(getattr(entry, attr, "") or "")


def signal_title(code: str) -> str:
    return (
        _catalogue_text(code, "title") or _catalogue_text(code, "name") or code.replace("_", " ").capitalize()
    )


def stored_signals(person_ids: Iterable[int]) -> list[ReplayedSignal]:
    """The signals app's stored episodes for these people (as the person warned about or the other)."""
    try:
        from safeguarding.signals.models import Signal  # type: ignore[attr-defined]
    except ImportError:
        return []
    ids = list(person_ids)
    from django.db.models import Q

    out = []
    for s in Signal.objects.filter(Q(person_id__in=ids) | Q(other_id__in=ids)).order_by("first_raised"):
        raised = _as_date(s.first_raised)
        if raised is None:
            continue
        out.append(
            ReplayedSignal(
                code=s.code,
                person_id=s.person_id,
                other_id=getattr(s, "other_id", None),
                first_raised=raised,
                cleared=_as_date(getattr(s, "cleared", None)),
                evidence=tuple((str(a), str(r)) for a, r in (s.evidence or [])),
                why=getattr(s, "why", "") or "",
                action=getattr(s, "action", "") or "",
            )
        )
    return out


def _is_follow_up(record: Record) -> bool:
    if record.type in FOLLOW_UP_TYPES:
        return True
    text = f"{record.outcome}"
    return bool(_FOLLOW_UP_TEXT.search(text)) and not _NEGATED.search(text)


def analyse(
    review: Review,
    signals: Iterable[ReplayedSignal],
    *,
    person_labels: dict[int, str] | None = None,
    visible: set[int] | None = None,
) -> Analysis:
    """Build the missed-opportunity analysis for these replayed signals over the review period.

    With `visible` (record ids), only those records are shown as evidence or as what happened next:
    a user still sees that a signal could have been raised, but not records the access rules refuse."""
    labels = person_labels if person_labels is not None else review_person_ids(review)
    in_period = [s for s in signals if review.period_start <= s.first_raised <= review.period_end]
    in_period.sort(key=lambda s: (s.first_raised, s.code))
    keys = {k for s in in_period for k in s.evidence}
    by_key: dict[tuple[str, str], Record] = {}
    if keys:
        ids = {rid for _, rid in keys}
        for r in Record.objects.filter(record_id__in=ids).select_related("agency"):
            if visible is None or r.pk in visible:
                by_key[(r.agency.code, r.record_id)] = r

    # Each person's records in date order, for "what happened next".
    people = {pid for s in in_period for pid in (s.person_id, s.other_id) if pid is not None}
    timeline: dict[int, list[Record]] = defaultdict(list)
    mentions = (
        Mention.objects.filter(person_id__in=people)
        .select_related("record__agency")
        .order_by("record__occurred_start", "record__recorded")
    )
    seen: set[tuple[int, int]] = set()
    for m in mentions:
        assert m.person_id is not None
        if (m.person_id, m.record_id) not in seen and (visible is None or m.record_id in visible):
            seen.add((m.person_id, m.record_id))
            timeline[m.person_id].append(m.record)
    # In the order the partnership learnt of them: what happened next is what was recorded next.
    for recs in timeline.values():
        recs.sort(key=lambda r: (r.recorded, r.occurred_start))
    recorded_at = {pid: [r.recorded for r in recs] for pid, recs in timeline.items()}

    analysis = Analysis(review)
    for s in in_period:
        records = sorted(
            (by_key[k] for k in s.evidence if k in by_key), key=lambda r: (r.occurred_start, r.recorded)
        )
        raised_at = dt.datetime.combine(s.first_raised, dt.time.max, tzinfo=timezone.get_current_timezone())
        evidence_pks = {x.pk for x in records}
        after = [
            r
            for r in _merge(
                _after(timeline, recorded_at, s.person_id, raised_at),
                _after(timeline, recorded_at, s.other_id, raised_at),
            )
            if r.pk not in evidence_pks
        ]
        parts: list[AgencyPart] = []
        by_agency: dict[str, list[Record]] = defaultdict(list)
        for r in records:
            by_agency[r.agency.code].append(r)
        for code, recs in by_agency.items():
            did = [f"{format_occurred(r.occurred, with_time=False)}: {r.outcome}" for r in recs if r.outcome]
            nxt = next((r for r in after if r.agency.code == code), None)
            parts.append(AgencyPart(code, recs[0].agency.name, recs, did, nxt))
        followed = None
        limit = raised_at + dt.timedelta(days=FOLLOW_UP_WINDOW_DAYS)
        for r in after:
            if r.recorded > limit:
                break
            if _is_follow_up(r):
                followed = r
                break
        days = None
        if followed is not None:
            days = (timezone.localtime(followed.recorded).date() - s.first_raised).days
        analysis.opportunities.append(
            Opportunity(
                signal=s,
                title=signal_title(s.code),
                person_label=labels.get(s.person_id or 0, f"person {s.person_id}"),
                other_label=labels.get(s.other_id, f"person {s.other_id}") if s.other_id else "",
                parts=parts,
                evidence_start=timezone.localtime(records[0].occurred_start).date() if records else None,
                followed_by=followed,
                followed_days=days,
                action=s.action or _catalogue_text(s.code, "action"),
            )
        )
    return analysis


def _after(
    timeline: dict[int, list[Record]],
    recorded_at: dict[int, list[dt.datetime]],
    pid: int | None,
    moment: dt.datetime,
) -> list[Record]:
    if pid is None or pid not in timeline:
        return []
    return timeline[pid][bisect.bisect_right(recorded_at[pid], moment) :]


def _merge(a: list[Record], b: list[Record]) -> list[Record]:
    if not b:
        return a
    seen = {r.pk for r in a}
    return sorted([*a, *(r for r in b if r.pk not in seen)], key=lambda r: (r.recorded, r.occurred_start))


def review_people(review: Review) -> dict[int, str]:
    """Everyone in the combined chronology: person id -> the review's pseudonym, or their name."""
    from safeguarding.people.models import Person
    from safeguarding.reviews.chronology import chronology_records

    labels = review_person_ids(review)
    ids = set(
        Mention.objects.filter(record__in=chronology_records(review).values("pk"), person__isnull=False)
        .values_list("person_id", flat=True)
        .distinct()
    )
    for person in Person.objects.filter(pk__in=ids - set(labels)):
        labels[person.pk] = str(person)
    return labels


def analyse_review(
    review: Review, signals: Iterable[ReplayedSignal] | None = None, *, user: Any = None
) -> Analysis:
    """The analysis for a review on the configured database, from the signals stored for its people.
    With `user`, only the records that user may see in the review are shown."""
    from safeguarding.reviews.chronology import visible_record_ids

    labels = review_people(review)
    visible = visible_record_ids(review, user) if user is not None else None
    return analyse(
        review, stored_signals(labels) if signals is None else signals, person_labels=labels, visible=visible
    )

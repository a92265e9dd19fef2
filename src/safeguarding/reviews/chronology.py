"""The combined chronology: every agency's records for the review's people, within the period, in order."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from safeguarding.people.models import Mention
from safeguarding.records.models import Record
from safeguarding.reviews.models import PanelComment, Review

EVENT_LABELS = {
    "incident": "Incident",
    "crime": "Crime recorded",
    "arrest": "Arrest",
    "charge": "Charge",
    "no_further_action": "No further action",
    "conviction": "Conviction",
    "protective_order": "Protective order",
    "order_breach": "Breach of order",
    "asb_complaint": "Anti-social behaviour complaint",
    "tenancy_action": "Tenancy action",
    "ed_attendance": "Emergency attendance",
    "consultation": "Consultation",
    "missed_appointment": "Missed appointment",
    "letter": "Letter",
    "support_contact": "Support contact",
    "disclosure": "Disclosure",
    "referral": "Referral",
    "risk_assessment": "Risk assessment",
    "marac_referral": "MARAC referral",
    "marac_meeting": "MARAC meeting",
    "mappa_meeting": "MAPPA meeting",
    "custody_start": "Custody",
    "custody_release": "Release from custody",
    "recall": "Recall to custody",
    "contact_from_custody": "Contact from custody",
    "service_change": "Service change",
    "welfare_concern": "Welfare concern",
    "death": "Death",
    "note": "Note",
}


def event_label(event_type: str) -> str:
    return EVENT_LABELS.get(event_type, event_type.replace("_", " ").capitalize())


def format_occurred(occurred: str, *, with_time: bool = True) -> str:
    """Show a date at the precision the agency gave it: a month stays a month."""
    try:
        if len(occurred) == 4:
            return occurred
        if len(occurred) == 7:
            return dt.date.fromisoformat(occurred + "-01").strftime("%B %Y")
        if len(occurred) == 10:
            return dt.date.fromisoformat(occurred).strftime("%d/%m/%Y")
        moment = dt.datetime.fromisoformat(occurred)
        return moment.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")
    except ValueError:
        return occurred


@dataclass
class ChronologyFilter:
    agencies: list[str] = field(default_factory=list)
    subject_ids: list[int] = field(default_factory=list)
    types: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.agencies or self.subject_ids or self.types)


@dataclass
class Entry:
    record: Record
    # (label, role) for each subject: the review's pseudonym or, internally, the name recorded.
    people: list[tuple[str, str]]
    subject_pseudonyms: list[str]
    comments: list[PanelComment]

    @property
    def date(self) -> str:
        return format_occurred(self.record.occurred)

    @property
    def event(self) -> str:
        return event_label(self.record.type)


def review_person_ids(review: Review) -> dict[int, str]:
    """Person id -> pseudonym, for the review's subjects that are linked to a person."""
    return dict(review.subjects.filter(person__isnull=False).values_list("person_id", "pseudonym"))


def period_bounds(review: Review) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(review.period_start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(review.period_end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def chronology_records(review: Review, flt: ChronologyFilter | None = None) -> QuerySet[Record]:
    """The records in the combined chronology, in date order, with what a listing needs fetched."""
    person_ids = list(review_person_ids(review))
    start, end = period_bounds(review)
    # Two IN-subqueries rather than an OR across a join: no duplicate rows, no DISTINCT over the lot.
    about_people = Q(pk__in=Mention.objects.filter(person_id__in=person_ids).values("record_id"))
    returned = Q(pk__in=review.review_records.values("record_id"))
    qs = Record.objects.filter(about_people | returned).filter(
        occurred_start__gte=start, occurred_start__lt=end
    )
    if flt:
        if flt.agencies:
            qs = qs.filter(agency__code__in=flt.agencies)
        if flt.types:
            qs = qs.filter(type__in=flt.types)
        if flt.subject_ids:
            chosen = list(
                review.subjects.filter(pk__in=flt.subject_ids, person__isnull=False).values_list(
                    "person_id", flat=True
                )
            )
            qs = qs.filter(pk__in=Mention.objects.filter(person_id__in=chosen).values("record_id"))
    return (
        qs.select_related("agency")
        .prefetch_related(Prefetch("mentions", queryset=Mention.objects.order_by("ref")))
        .order_by("occurred_start", "recorded", "agency__code", "record_id")
    )


def build_chronology(
    review: Review,
    flt: ChronologyFilter | None = None,
    *,
    user: Any = None,
    redact: Callable[[list[Record]], list[Record]] | None = None,
) -> list[Entry]:
    """The chronology's entries. With `user`, only what that user may see: the records agencies returned
    to the review, and linked records the access rules show them. `redact` withholds confidential details."""
    pseudonyms = review_person_ids(review)
    qs = chronology_records(review, flt)
    if user is not None:
        from safeguarding.agencies.access import visible_records

        qs = qs.filter(
            Q(pk__in=review.review_records.values("record_id")) | Q(pk__in=visible_records(user).values("pk"))
        )
    records = list(qs)
    if redact is not None:
        records = redact(records)
    comments: dict[int, list[PanelComment]] = defaultdict(list)
    for comment in PanelComment.objects.filter(
        review=review, record_id__in=[r.pk for r in records]
    ).select_related("author"):
        comments[comment.record_id].append(comment)
    entries = []
    for record in records:
        people = []
        subject_pseudonyms = []
        for mention in getattr(record, "_redacted_mentions", None) or record.mentions.all():
            label = pseudonyms.get(mention.person_id) if mention.person_id else None
            if label:
                subject_pseudonyms.append(label)
            people.append(
                (
                    f"{label} ({mention.name})" if label and mention.name else label or mention.name,
                    mention.role,
                )
            )
        entries.append(Entry(record, people, subject_pseudonyms, comments.get(record.pk, [])))
    return entries


def _visible_to(review: Review, user: Any) -> Q:
    """What a user may see of a review: what agencies returned to it, and what the access rules show them."""
    from safeguarding.agencies.access import visible_records

    return Q(pk__in=review.review_records.values("record_id")) | Q(pk__in=visible_records(user).values("pk"))


def visible_record_ids(review: Review, user: Any) -> set[int]:
    """Every record of the review's people (any date) that this user may see in the review."""
    person_ids = list(review_person_ids(review))
    about = Q(pk__in=Mention.objects.filter(person_id__in=person_ids).values("record_id"))
    returned = Q(pk__in=review.review_records.values("record_id"))
    return set(
        Record.objects.filter(about | returned).filter(_visible_to(review, user)).values_list("pk", flat=True)
    )


def agencies_in(entries: list[Entry]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for e in entries:
        seen.setdefault(e.record.agency.code, e.record.agency.name)
    return sorted(seen.items(), key=lambda kv: kv[1])

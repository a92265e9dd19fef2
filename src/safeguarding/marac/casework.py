"""The MARAC verbs: each one changes what it must, writes the audit trail and notifies, in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from safeguarding.audit.log import log_action
from safeguarding.marac import dash
from safeguarding.marac.models import Action, DashAssessment, MaracMeeting, Referral

if TYPE_CHECKING:
    from django.http import HttpRequest

    from safeguarding.agencies.models import Agency, User
    from safeguarding.people.models import Person

# What a new record must be to make a repeat referral: a domestic incident or a disclosure.
REPEAT_TYPES = {"incident", "crime", "disclosure", "order_breach", "arrest"}
REPEAT_WINDOW = dt.timedelta(days=365)


def _best(person: Person, field: str) -> str:
    from django.db.models import Count

    from safeguarding.people.models import Mention

    row = (
        Mention.objects.filter(person=person)
        .exclude(**{field: ""})
        .values(field)
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return str(row[field]) if row else ""


def save_dash(
    *,
    person: Person,
    answers: dict[str, str],
    user: User,
    perpetrator: Person | None = None,
    perpetrator_name: str = "",
    professional_judgement: bool = False,
    judgement_reason: str = "",
    notes: str = "",
    request: HttpRequest | None = None,
) -> DashAssessment:
    """Keep the assessment, and store it as a `risk_assessment` record of the user's agency so that
    the signals (MARAC_HIGH_RISK, UNASSESSED_ABUSER, ...) read it like any agency's record."""
    if user.agency is None:
        raise ValueError("Only a member of an agency can record a DASH assessment.")
    now = timezone.now()
    assessment = DashAssessment(
        person=person,
        perpetrator=perpetrator,
        perpetrator_name=perpetrator_name or (perpetrator.display_name if perpetrator else ""),
        answers={k: answers.get(k, dash.NOT_KNOWN) for k in dash.QUESTION_KEYS},
        professional_judgement=professional_judgement,
        judgement_reason=judgement_reason,
        notes=notes,
        agency=user.agency,
        completed_by=user,
        completed_at=now,
    )
    assessment.compute()
    with transaction.atomic():
        assessment.save()
        subjects = _subjects(person, assessment.perpetrator_name)
        yes = ", ".join(q.key.replace("_", " ") for q in assessment.yes_questions) or "none"
        summary = (
            f"DASH risk identification checklist completed by {user.get_full_name() or user.username} "
            f"({user.agency.name}): {assessment.score} of {len(dash.QUESTIONS)} answered yes ({yes})."
        )
        if professional_judgement:
            summary += f" Graded high on professional judgement: {judgement_reason}"
        risk: dict[str, Any] = {"tool": "DASH", "score": assessment.score, "level": assessment.level}
        if len(subjects) > 1:
            risk["about"] = "b"
        data = {
            "agency": user.agency.code,
            "record_id": f"DASH-{assessment.pk}",
            "occurred": now.strftime("%Y-%m-%dT%H:%M"),
            "recorded": now.strftime("%Y-%m-%dT%H:%M"),
            "type": "risk_assessment",
            "subjects": subjects,
            "summary": summary,
            "outcome": "Refer to MARAC." if assessment.is_high_risk else "",
            "tags": ["domestic"],
            "risk": risk,
        }
        record = _store_about(data, person, perpetrator, source=f"dash:{assessment.pk}")
        assessment.record = record
        assessment.save(update_fields=["record"])
        log_action(
            "dash_saved",
            actor=user,
            request=request,
            target=assessment,
            person_id=person.pk,
            detail={"score": assessment.score, "level": assessment.level, "record": record.record_id},
        )
    return assessment


def _store_about(data: dict[str, Any], person: Person, perpetrator: Person | None, *, source: str) -> Any:
    """Store a record this app makes (a DASH, a referral, a MARAC meeting) in the chronology format, so
    that timelines and signals read it like any agency's record.

    The practitioner chose who it is about: its mentions are linked by that choice, before the
    transaction commits and the record is announced (records_stored); then linkage's own
    announcement (people_changed) has the signals re-evaluate those people.
    """
    from safeguarding.people.events import people_changed
    from safeguarding.people.models import Mention
    from safeguarding.records.importer import store_record

    record, _ = store_record(data, source=source)
    Mention.objects.filter(record=record, ref="a").update(person=person, match_probability=1.0)
    if perpetrator is not None:
        Mention.objects.filter(record=record, ref="b").update(person=perpetrator, match_probability=1.0)
    changed = [p.pk for p in (person, perpetrator) if p is not None]
    transaction.on_commit(lambda: people_changed.send(sender=DashAssessment, person_ids=changed))
    return record


def _subjects(person: Person, perpetrator_name: str) -> list[dict[str, Any]]:
    subjects: list[dict[str, Any]] = [
        {"ref": "a", "role": "victim", "name": person.display_name or _best(person, "name")}
    ]
    dob = _best(person, "dob")
    if dob:
        subjects[0]["dob"] = dob
    if perpetrator_name:
        subjects.append({"ref": "b", "role": "alleged_perpetrator", "name": perpetrator_name})
    return subjects


def make_referral(
    *,
    person: Person,
    criterion: str,
    reason: str,
    user: User | None,
    assessment: DashAssessment | None = None,
    perpetrator: Person | None = None,
    perpetrator_name: str = "",
    trigger_record: Any = None,
    request: HttpRequest | None = None,
) -> Referral:
    from safeguarding.web.notify import notify_referral

    with transaction.atomic():
        referral = Referral.objects.create(
            person=person,
            criterion=criterion,
            reason=reason,
            assessment=assessment,
            perpetrator=perpetrator or (assessment.perpetrator if assessment else None),
            perpetrator_name=perpetrator_name or (assessment.perpetrator_name if assessment else ""),
            trigger_record=trigger_record,
            referring_agency=getattr(user, "agency", None),
            referred_by=user,
        )
        now = timezone.now()
        _store_about(
            {
                "agency": referral.referring_agency.code if referral.referring_agency else "marac",
                "record_id": f"MARAC-REF-{referral.pk}",
                "occurred": now.strftime("%Y-%m-%dT%H:%M"),
                "type": "marac_referral",
                "subjects": _subjects(person, referral.perpetrator_name),
                "summary": f"Referred to MARAC: {referral.get_criterion_display()}. {reason}"[:2000],
                "tags": ["domestic"],
            },
            person,
            referral.perpetrator,
            source=f"marac-referral:{referral.pk}",
        )
        log_action(
            "marac_referral_made",
            actor=user,
            request=request,
            target=referral,
            person_id=person.pk,
            detail={"criterion": criterion, "assessment": assessment.pk if assessment else None},
        )
        transaction.on_commit(lambda: notify_referral(referral))
    return referral


def create_meeting(
    *,
    date: dt.date,
    location: str,
    agencies: Iterable[Agency],
    user: User,
    request: HttpRequest | None = None,
) -> MaracMeeting:
    with transaction.atomic():
        meeting = MaracMeeting.objects.create(date=date, location=location, chair=user)
        meeting.agencies.set(list(agencies))
        log_action(
            "marac_meeting_changed",
            actor=user,
            request=request,
            target=meeting,
            detail={"created": str(date)},
        )
    return meeting


def list_on_meeting(
    referral: Referral, meeting: MaracMeeting, user: User, request: HttpRequest | None = None
) -> None:
    """Put a referral on a meeting's agenda (at the end)."""
    with transaction.atomic():
        last = meeting.referrals.order_by("-agenda_order").values_list("agenda_order", flat=True).first() or 0
        referral.meeting = meeting
        referral.status = Referral.Status.LISTED
        referral.agenda_order = last + 1
        referral.save(update_fields=["meeting", "status", "agenda_order"])
        log_action(
            "marac_meeting_changed",
            actor=user,
            request=request,
            target=meeting,
            person_id=referral.person_id,
            detail={"listed_referral": referral.pk},
        )


def save_minutes(meeting: MaracMeeting, minutes: str, user: User, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        meeting.minutes = minutes
        meeting.save(update_fields=["minutes"])
        if meeting.is_past or meeting.date == timezone.localdate():
            for referral in meeting.referrals.filter(status=Referral.Status.LISTED).select_related(
                "person", "perpetrator"
            ):
                referral.status = Referral.Status.HEARD
                referral.save(update_fields=["status"])
                # The case was heard: a `marac_meeting` record, which the signals read (REPEAT_MARAC, NOT_SEEN).
                _store_about(
                    {
                        "agency": "marac",
                        "record_id": f"MARAC-MTG-{meeting.pk}-{referral.pk}",
                        "occurred": meeting.date.isoformat(),
                        "type": "marac_meeting",
                        "subjects": _subjects(referral.person, referral.perpetrator_name),
                        "summary": f"Case heard at the MARAC meeting of {meeting.date:%d %B %Y}; actions agreed.",
                        "tags": ["domestic"],
                    },
                    referral.person,
                    referral.perpetrator,
                    source=f"marac-meeting:{meeting.pk}",
                )
        log_action(
            "marac_meeting_changed", actor=user, request=request, target=meeting, detail={"minutes": True}
        )


def add_action(
    *,
    referral: Referral,
    text: str,
    owner_agency: Agency,
    due: dt.date,
    user: User,
    meeting: MaracMeeting | None = None,
    request: HttpRequest | None = None,
) -> Action:
    with transaction.atomic():
        action = Action.objects.create(
            referral=referral,
            meeting=meeting or referral.meeting,
            text=text,
            owner_agency=owner_agency,
            due=due,
            created_by=user,
        )
        log_action(
            "marac_action_changed",
            actor=user,
            request=request,
            target=action,
            person_id=referral.person_id,
            detail={"created": True, "owner": owner_agency.code, "due": due.isoformat()},
        )
    return action


def update_action(
    action: Action, *, status: str, outcome: str, user: User, request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        action.status = status
        action.outcome = outcome
        action.completed_at = timezone.now() if status != Action.Status.OPEN else None
        action.save(update_fields=["status", "outcome", "completed_at"])
        log_action(
            "marac_action_changed",
            actor=user,
            request=request,
            target=action,
            person_id=action.referral.person_id,
            detail={"status": status},
        )


def overdue_actions(today: dt.date | None = None) -> Any:
    return Action.objects.filter(status=Action.Status.OPEN, due__lt=today or timezone.localdate())


def last_meeting_date(person: Person, before: dt.date | None = None) -> dt.date | None:
    qs = MaracMeeting.objects.filter(referrals__person=person)
    qs = qs.filter(date__lt=before) if before is not None else qs.filter(date__lte=timezone.localdate())
    return qs.order_by("-date").values_list("date", flat=True).first()


def detect_repeats(person_ids: Iterable[int]) -> list[Referral]:
    """A new domestic incident or disclosure within 12 months of someone's last MARAC meeting makes a
    repeat referral (SafeLives' definition), once per incident. Safe to run again."""
    from safeguarding.people.models import Mention, Person

    made = []
    today = timezone.localdate()
    ids = [p for p in person_ids if p]
    # Only people who have been to a MARAC meeting can be repeats: a cheap filter for big imports.
    for person in Person.objects.filter(pk__in=ids, marac_referrals__meeting__isnull=False).distinct():
        heard = last_meeting_date(person)
        if heard is None or today - heard > REPEAT_WINDOW:
            continue
        start = dt.datetime.combine(heard + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
        new = (
            Mention.objects.filter(
                person=person,
                role="victim",
                record__type__in=REPEAT_TYPES,
                record__occurred_start__gte=start,
                record__occurred_start__lt=start + REPEAT_WINDOW,
            )
            .exclude(record__type="risk_assessment")
            .select_related("record__agency")
            .order_by("record__occurred_start")
        )
        for mention in new:
            record = mention.record
            if Referral.objects.filter(trigger_record=record).exists():
                continue
            # An open referral already waiting for a meeting covers it.
            if Referral.objects.filter(person=person, status__in=["received", "listed"]).exists():
                break
            made.append(
                make_referral(
                    person=person,
                    criterion=Referral.Criterion.REPEAT,
                    reason=(
                        f"Repeat: {record.agency.name} recorded a new {record.type.replace('_', ' ')} on "
                        f"{record.occurred} ({record.record_id}), within 12 months of the MARAC meeting "
                        f"of {heard:%d %B %Y}."
                    ),
                    user=None,
                    trigger_record=record,
                )
            )
            break
    return made

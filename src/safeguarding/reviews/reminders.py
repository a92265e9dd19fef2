"""Reminders for reviews: returns awaited from agencies, actions before and after their due dates,
stages running late.

`due_reminders(today)` says what is due on a day and never sends anything, so that the daily
`safeguarding notify` can deliver them as notifications; `send_due_reminders(today)` e-mails them
itself (`safeguarding review remind`). Each reminder has a key, so re-running on the same day, or
the next, never repeats one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q

from safeguarding.reviews.models import Action, AgencyRequest, ReminderSent, Review, Stage

# Days before a due date at which to remind, and the interval at which to repeat once overdue.
REQUEST_BEFORE_DAYS = (7, 1)
ACTION_BEFORE_DAYS = (28, 7)
OVERDUE_REPEAT_DAYS = 14


@dataclass(frozen=True)
class Reminder:
    key: str
    review_id: int
    title: str
    body: str
    url: str
    # Users of the system to notify (panel members, the chair) and e-mail addresses outside it.
    user_ids: tuple[int, ...] = ()
    emails: tuple[str, ...] = field(default=())


def _when(due: dt.date, today: dt.date, before: tuple[int, ...]) -> str | None:
    """A stable name for today's reminder about something due on `due`, or None if none is due today."""
    days = (due - today).days
    if days in before:
        return f"before{days}"
    if days < 0 and (-days - 1) % OVERDUE_REPEAT_DAYS == 0:
        return f"overdue{-days}"
    return None


def _people(review: Review, agency_id: int | None = None) -> tuple[tuple[int, ...], tuple[str, ...]]:
    members = [m for m in review.panel.all() if m.is_chair or (agency_id and m.agency_id == agency_id)]
    users = tuple(sorted({m.user_id for m in members if m.user_id}))
    emails = tuple(sorted({m.user.email for m in members if m.user_id and m.user and m.user.email}))
    return users, emails


def due_reminders(today: dt.date) -> list[Reminder]:
    out: list[Reminder] = []
    open_reviews = Review.objects.filter(status=Review.Status.OPEN)
    requests = (
        AgencyRequest.objects.filter(review__in=open_reviews, returned_on__isnull=True)
        .select_related("review", "agency")
        .prefetch_related("review__panel__user")
    )
    for req in requests:
        when = _when(req.due, today, REQUEST_BEFORE_DAYS)
        if when is None:
            continue
        users, emails = _people(req.review, req.agency_id)
        late = when.startswith("overdue")
        out.append(
            Reminder(
                key=f"review-request:{req.pk}:{when}",
                review_id=req.review_id,
                title=f"{req.review.reference}: {req.get_kind_display().lower()} from {req.agency.name} "
                + ("is overdue" if late else f"is due {req.due:%d %B %Y}"),
                body=f"The review panel asked {req.agency.name} for its {req.get_kind_display().lower()} by "
                f"{req.due:%d %B %Y}." + (" It has not been returned." if late else ""),
                url=f"/reviews/{req.review_id}/requests/",
                user_ids=users,
                emails=emails,
            )
        )
    actions = (
        Action.objects.filter(
            recommendation__review__status__in=[Review.Status.OPEN, Review.Status.PUBLISHED]
        )
        .exclude(Q(status=Action.Status.COMPLETE) | Q(status=Action.Status.NOT_ACHIEVABLE))
        .select_related("recommendation__review", "owner_agency")
        .prefetch_related("recommendation__review__panel__user")
    )
    for action in actions:
        when = _when(action.due, today, ACTION_BEFORE_DAYS)
        if when is None:
            continue
        review = action.recommendation.review
        users, emails = _people(review, action.owner_agency_id)
        late = when.startswith("overdue")
        out.append(
            Reminder(
                key=f"review-action:{action.pk}:{when}",
                review_id=review.pk,
                title=f"{review.reference} recommendation {action.recommendation.number}: action "
                + ("overdue" if late else f"due {action.due:%d %B %Y}"),
                body=f"Action for {action.owner}: {action.text}\nDue {action.due:%d %B %Y}. Record the evidence of "
                "completion in the action plan.",
                url=f"/reviews/{review.pk}/recommendations/",
                user_ids=users,
                emails=tuple(sorted({*emails, *([action.owner_email] if action.owner_email else [])})),
            )
        )
    stages = (
        Stage.objects.filter(review__in=open_reviews, completed__isnull=True, due__lt=today)
        .select_related("review")
        .prefetch_related("review__panel__user")
    )
    for stage in stages:
        assert stage.due is not None
        when = _when(stage.due, today, ())
        if when is None:
            continue
        users, emails = _people(stage.review)
        out.append(
            Reminder(
                key=f"review-stage:{stage.pk}:{when}",
                review_id=stage.review_id,
                title=f"{stage.review.reference}: {stage.name.lower()} is late",
                body=f"{stage.name} was due {stage.due:%d %B %Y}.",
                url=f"/reviews/{stage.review_id}/",
                user_ids=users,
                emails=emails,
            )
        )
    return out


def send_due_reminders(today: dt.date) -> list[Reminder]:
    """E-mail today's reminders that have not been sent before; return those sent."""
    sent = []
    already = set(ReminderSent.objects.values_list("key", flat=True))
    for r in due_reminders(today):
        if r.key in already:
            continue
        if r.emails:
            send_mail(r.title, f"{r.body}\n\n{r.url}", settings.DEFAULT_FROM_EMAIL, list(r.emails))
        ReminderSent.objects.create(
            key=r.key,
            review_id=r.review_id,
            sent_on=today,
            recipient=", ".join(r.emails),
            subject=r.title[:300],
        )
        sent.append(r)
    return sent

"""What `safeguarding demo` puts in its database after the synthetic population is imported and linked.

A demo of a partnership that has just switched the system on would show only the signals holding
today. Instead it loads every person's signal history (each episode a replay of the records would
have raised, from the day its rule first held to the day it stopped), a MARAC meeting with cases and
actions on it for the coordinator and the agencies, and a Domestic Homicide Review of one storyline
victim for the review chair. Everything here is synthetic and only ever runs with DJANGO_DEBUG=true.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from safeguarding.signals.catalogue import CATALOGUE
from safeguarding.signals.history import Progress, signal_episodes

if TYPE_CHECKING:
    from safeguarding.reviews.models import Review


@transaction.atomic
def load_signal_history(until: dt.date | None = None, *, progress: Progress | None = None) -> Counter[str]:
    """Store every person's signal episodes (past ones cleared, current ones open) and tell the agencies
    about the open ones. For an empty signals table: the demo's first build."""
    from safeguarding.people.models import Person
    from safeguarding.signals.models import Signal, SignalEvent
    from safeguarding.web.notify import notify_signal_raised

    day = until or timezone.localdate()
    episodes = signal_episodes(Person.objects.values_list("pk", flat=True), day, progress=progress)
    signals = Signal.objects.bulk_create(
        Signal(
            code=e.code, person_id=e.person, other_id=e.other, anchor_id=e.anchor, first_raised=e.raised,
            cleared=e.cleared, evidence=e.evidence, why=e.finding.why, action=CATALOGUE[e.code].action,
            evidence_complete_at=e.finding.complete_at,
        )
        for e in episodes
    )  # fmt: skip
    events = []
    for signal in signals:
        events.append(SignalEvent(signal=signal, kind=SignalEvent.Kind.RAISED, text=signal.why))
        if signal.cleared:
            events.append(
                SignalEvent(signal=signal, kind=SignalEvent.Kind.CLEARED, text="The rule stopped holding.")
            )
    events = SignalEvent.objects.bulk_create(events, batch_size=500)
    # The working history is dated as it happened, not on the day the demo was built.
    for event in events:
        when = event.signal.first_raised if event.kind == SignalEvent.Kind.RAISED else event.signal.cleared
        assert when is not None
        event.at = timezone.make_aware(dt.datetime.combine(when, dt.time(9)))
    SignalEvent.objects.bulk_update(events, ["at"], batch_size=500)
    for signal in signals:
        if signal.cleared is None:
            transaction.on_commit(lambda s=signal: notify_signal_raised(s))  # type: ignore[misc]
    return Counter("open" if s.cleared is None else "past" for s in signals)


# -- the casework a partnership would already have -------------------------------------------------


def victims_by_signals() -> list[tuple[int, int, int]]:
    """People recorded as a victim, as (person, open signals, past signals): the most serious open signal
    first (a coordinator hears the highest risk first), then the most recent, then the most past signals."""
    from safeguarding.people.models import Mention
    from safeguarding.signals.models import Signal
    from safeguarding.web.signal_display import SEVERITY_RANK, severity

    victims = set(
        Mention.objects.filter(role="victim", person__isnull=False).values_list("person_id", flat=True)
    )
    rows = Signal.objects.filter(person_id__in=victims).values_list(
        "person_id", "code", "first_raised", "cleared"
    )
    open_, past = Counter[int](), Counter[int]()
    worst: dict[int, tuple[int, int]] = {}
    for pid, code, raised, cleared in rows:
        (past if cleared else open_)[pid] += 1
        if not cleared:
            rank = (SEVERITY_RANK[severity(code)], -raised.toordinal())
            worst[pid] = min(worst.get(pid, rank), rank)
    ranked = sorted(set(open_) | set(past), key=lambda pid: (worst.get(pid, (9, 0)), -past[pid], pid))
    return [(pid, open_[pid], past[pid]) for pid in ranked]


def _harmer(person_id: int) -> Any:
    """The person most often recorded as harming her, if any."""
    from safeguarding.people.models import Mention, Person

    row = (
        Mention.objects.filter(
            role="alleged_perpetrator", person__isnull=False, record__mentions__person_id=person_id,
            record__mentions__role="victim",
        )
        .exclude(person_id=person_id)
        .values("person_id")
        .annotate(n=Count("id"))
        .order_by("-n", "person_id")
        .first()
    )  # fmt: skip
    return Person.objects.get(pk=row["person_id"]) if row else None


def _why_referred(person_id: int) -> str:
    from safeguarding.signals.models import Signal
    from safeguarding.web.signal_display import catalogue_entry

    titles = [
        catalogue_entry(code)["title"]
        for code in Signal.objects.filter(person_id=person_id, cleared__isnull=True)
        .values_list("code", flat=True)
        .distinct()
    ]
    return "Open signals: " + "; ".join(titles) + ". A multi-agency safety plan is needed."


def _next_weekday(day: dt.date, weekday: int, *, at_least: int) -> dt.date:
    day += dt.timedelta(days=at_least)
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def create_marac_work(users: dict[str, Any], today: dt.date | None = None) -> dict[str, list[int]]:
    """A MARAC as the coordinator finds it on a working day: referrals waiting in the queue, the next
    meeting with cases listed, and last month's meeting with actions for the agencies (one overdue).
    The cases are the victims with the most open signals. Returns the people, by where they are."""
    from safeguarding.agencies.models import Agency
    from safeguarding.marac import casework
    from safeguarding.marac.models import Action, Referral
    from safeguarding.people.models import Person

    day = today or timezone.localdate()
    coordinator = users["marac.coordinator"]
    agencies = {
        a.code: a
        for a in Agency.objects.filter(code__in=["police", "idva", "housing", "gp", "childrens_social_care"])
    }
    victims = [pid for pid, open_count, _ in victims_by_signals() if open_count][:6]
    people = {p.pk: p for p in Person.objects.filter(pk__in=victims)}
    referrers = [users["police.officer"], users["idva.worker"]]

    def refer(pid: int, n: int) -> Referral:
        return casework.make_referral(
            person=people[pid], criterion=Referral.Criterion.PROFESSIONAL_JUDGEMENT,
            reason=_why_referred(pid), user=referrers[n % 2], perpetrator=_harmer(pid),
        )  # fmt: skip

    queue, listed, heard = victims[:2], victims[2:4], victims[4:6]
    for n, pid in enumerate(queue):
        refer(pid, n)
    location = "Civic Centre, Committee Room 2"
    upcoming = casework.create_meeting(
        date=_next_weekday(day, 3, at_least=3),
        location=location,
        agencies=agencies.values(),
        user=coordinator,
    )
    for n, pid in enumerate(listed):
        casework.list_on_meeting(refer(pid, n), upcoming, coordinator)
    if heard:
        last = casework.create_meeting(
            date=_next_weekday(day - dt.timedelta(days=35), 3, at_least=0), location=location,
            agencies=agencies.values(), user=coordinator,
        )  # fmt: skip
        for n, pid in enumerate(heard):
            casework.list_on_meeting(refer(pid, n), last, coordinator)
        casework.save_minutes(last, "Cases heard; safety plans agreed with the actions below.", coordinator)
        for referral in last.referrals.all():
            plan = [
                (
                    "police",
                    "Flag the address for an urgent response and share the call-out history.",
                    -21,
                    True,
                ),
                ("idva", "Contact her within 24 hours and agree a safety plan.", -28, True),
                ("housing", "Assess the home for target hardening (locks, door, alarm).", -7, False),
                ("gp", "Add a safeguarding flag to her record and offer a private appointment.", 14, False),
            ]
            for code, text, due_in, done in plan:
                if code not in agencies:
                    continue
                action = casework.add_action(
                    referral=referral, text=text, owner_agency=agencies[code],
                    due=last.date + dt.timedelta(days=28 + due_in), user=coordinator,
                )  # fmt: skip
                if done:
                    casework.update_action(
                        action, status=Action.Status.DONE, outcome="Done.", user=coordinator
                    )
    return {"queue": queue, "listed": listed, "heard": heard}


def create_review(chair: Any, *, avoid: Iterable[int] = (), today: dt.date | None = None) -> Review | None:
    """A Domestic Homicide Review for the review chair, of an invented death: the storyline victim with
    the most past signal episodes (none open, so that her story has ended), every agency's records
    about her returned as its chronology, a panel chaired by the demo chair, and an action plan."""
    from safeguarding.agencies.models import Agency
    from safeguarding.people.models import Person
    from safeguarding.records.models import Record
    from safeguarding.reviews import operations
    from safeguarding.reviews.build import return_chronologies
    from safeguarding.reviews.models import Action, PanelMember, Recommendation, TermOfReference

    day = today or timezone.localdate()
    skip = set(avoid)
    candidates = [
        (pid, past) for pid, open_count, past in victims_by_signals() if not open_count and pid not in skip
    ]
    if not candidates:
        return None
    pid = max(candidates, key=lambda row: (row[1], -row[0]))[0]
    deceased = Person.objects.get(pk=pid)
    records = list(Record.objects.filter(mentions__person_id=pid).distinct().order_by("occurred_start"))
    first, last = (timezone.localtime(records[i].occurred_start).date() for i in (0, -1))
    died = min(last + dt.timedelta(days=3), day - dt.timedelta(days=200))
    review = operations.create_review(
        actor=chair, reference="DHR-DEMO-01", title="Adult A (an invented death, for the demo)",
        period_start=first, period_end=died, date_of_death=died, deceased=deceased, perpetrator=_harmer(pid),
        partnership="Demo Community Safety Partnership", notified_on=died + dt.timedelta(days=7),
    )  # fmt: skip
    return_chronologies(
        review,
        [r for r in records if timezone.localtime(r.occurred_start).date() <= died],
        requested_on=died + dt.timedelta(days=60),
    )
    # The stages already due are done; the rest (the report, quality assurance, publication) are ahead.
    for stage in review.stages.filter(due__lt=day - dt.timedelta(days=30)):
        stage.completed = stage.due
        stage.save(update_fields=["completed"])
    PanelMember.objects.create(
        review=review, name=chair.get_full_name() or chair.username, role=PanelMember.Role.CHAIR_AUTHOR,
        user=chair, independent=True,
    )  # fmt: skip
    for code in ("police", "idva", "housing", "gp"):
        agency = Agency.objects.filter(code=code).first()
        if agency:
            PanelMember.objects.create(review=review, name=f"{agency.name} panel member", agency=agency)
    for number, text in enumerate(
        [
            "What each agency knew of the abuse, and what it did with what it knew.",
            "Whether the agencies shared what they knew, and whether a MARAC referral should have been made.",
            "Whether risk assessments were made when the signs were there, and what followed them.",
        ],
        start=1,
    ):
        TermOfReference.objects.create(review=review, number=number, text=text)
    recommendation = Recommendation.objects.create(
        review=review, number=1, theme="marac",
        text="Agencies refer to MARAC whenever a DASH or professional judgement shows high risk, and record why.",
        lead_body="the Partnership Board", accepted_on=died + dt.timedelta(days=150),
    )  # fmt: skip
    Action.objects.create(
        recommendation=recommendation, text="Audit a sample of the year's high-risk DASH assessments for referral.",
        owner="MARAC coordinator", due=day - dt.timedelta(days=10),
    )  # fmt: skip
    Action.objects.create(
        recommendation=recommendation, text="Train front-line staff in routine enquiry and referral.",
        owner="Partnership training lead", due=day + dt.timedelta(days=60), status=Action.Status.IN_PROGRESS,
    )  # fmt: skip
    return review

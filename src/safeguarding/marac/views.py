"""MARAC pages: DASH risk assessments, referrals, meetings, actions. Thin: access, guard, verb, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeguarding.audit.log import log_action
from safeguarding.marac import access, casework, dash
from safeguarding.marac.forms import (
    ActionForm,
    ActionUpdateForm,
    DashForm,
    ListOnMeetingForm,
    MeetingForm,
    MinutesForm,
    ReferralForm,
)
from safeguarding.marac.models import Action, Referral
from safeguarding.web import access as web_access
from safeguarding.web.timeline import format_occurred, type_label


def _require(condition: bool) -> None:
    if not condition:
        raise Http404("Not found")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require(access.may_do_casework(user))
    today = timezone.localdate()
    referrals = access.referrals_for(user).select_related("person", "referring_agency", "meeting")
    context = {
        "is_coordinator": access.is_coordinator(user),
        "queue": referrals.filter(status=Referral.Status.RECEIVED).order_by("created_at")[:100],
        "listed": referrals.filter(status=Referral.Status.LISTED).order_by("meeting__date", "agenda_order")[
            :100
        ],
        "meetings": access.meetings_for(user)
        .filter(date__gte=today)
        .annotate(cases=Count("referrals"))
        .order_by("date")[:10],
        "past_meetings": access.meetings_for(user).filter(date__lt=today).order_by("-date")[:5],
        "my_actions": access.actions_for(user)
        .filter(status=Action.Status.OPEN, owner_agency_id=user.agency_id)
        .select_related("referral__person")
        .order_by("due")[:50],
        "overdue_count": access.actions_for(user).filter(status=Action.Status.OPEN, due__lt=today).count(),
        "today": today,
    }
    return render(request, "marac/index.html", context)


def _perpetrator_suggestions(user: Any, person: Any) -> list[str]:
    """Names recorded as alleged perpetrator alongside this person, most often first (no re-keying)."""
    from safeguarding.people.models import Mention

    records = web_access.records_of(user, person).values("pk")
    rows = (
        Mention.objects.filter(record__in=records, role__in=["alleged_perpetrator", "offender"])
        .exclude(person=person)
        .exclude(person__isnull=True)
        .values("person__display_name")
        .annotate(n=Count("id"))
        .order_by("-n")[:5]
    )
    return [r["person__display_name"] for r in rows if r["person__display_name"]]


def _perpetrator_by_name(user: Any, person: Any, name: str) -> Any:
    """The linked person of that name in this person's records, if there is exactly one."""
    from safeguarding.people.models import Mention, Person

    if not name:
        return None
    records = web_access.records_of(user, person).values("pk")
    ids = set(
        Mention.objects.filter(record__in=records, person__display_name__iexact=name.strip())
        .exclude(person=person)
        .values_list("person_id", flat=True)
    )
    return Person.objects.get(pk=ids.pop()) if len(ids) == 1 else None


@login_required
def dash_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require(access.may_assess(user))
    person = web_access.person_for_user(user, request.GET.get("person", ""), request)
    suggestions = _perpetrator_suggestions(user, person)
    if request.method == "POST":
        form = DashForm(request.POST)
        if form.is_valid():
            name = form.cleaned_data["perpetrator_name"].strip()
            assessment = casework.save_dash(
                person=person,
                answers=form.answers,
                user=user,
                perpetrator=_perpetrator_by_name(user, person, name),
                perpetrator_name=name,
                professional_judgement=form.cleaned_data["professional_judgement"],
                judgement_reason=form.cleaned_data["judgement_reason"],
                notes=form.cleaned_data["notes"],
                request=request,
            )
            messages.success(
                request, f"DASH saved: {assessment.score} of {len(dash.QUESTIONS)} answered yes."
            )
            return redirect("marac:dash_detail", assessment_id=assessment.pk)
    else:
        form = DashForm(initial={"perpetrator_name": suggestions[0] if suggestions else ""})
    return render(
        request,
        "marac/dash_form.html",
        {
            "form": form,
            "person": person,
            "suggestions": suggestions,
            "threshold": dash.HIGH_RISK_SCORE,
            "total": len(dash.QUESTIONS),
        },
    )


def _referral_reason(assessment: Any) -> str:
    lines = [
        f"DASH risk assessment completed on {assessment.completed_at:%d %B %Y} by {assessment.agency.name}: "
        f"{assessment.score} of {len(dash.QUESTIONS)} answered yes"
        + (", graded high on professional judgement." if assessment.professional_judgement else ".")
    ]
    if assessment.perpetrator_name:
        lines.append(f"Risk from: {assessment.perpetrator_name}.")
    if assessment.yes_questions:
        lines.append("Answered yes: " + "; ".join(q.text for q in assessment.yes_questions))
    if assessment.judgement_reason:
        lines.append(f"Professional judgement: {assessment.judgement_reason}")
    if assessment.notes:
        lines.append(f"Notes: {assessment.notes}")
    return "\n".join(lines)


def _referral_initial(assessment: Any) -> dict[str, str]:
    criterion = (
        Referral.Criterion.VISIBLE_HIGH_RISK
        if assessment.score >= dash.HIGH_RISK_SCORE
        else Referral.Criterion.PROFESSIONAL_JUDGEMENT
    )
    return {
        "criterion": criterion,
        "reason": _referral_reason(assessment),
        "perpetrator_name": assessment.perpetrator_name,
    }


@login_required
def dash_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    user: Any = request.user
    assessment = access.assessment_for_user(user, assessment_id)
    referral = assessment.referrals.first()
    form = (
        ReferralForm(initial=_referral_initial(assessment))
        if assessment.is_high_risk and not referral
        else None
    )
    rows = [
        (i, q, assessment.answers.get(q.key, dash.NOT_KNOWN)) for i, q in enumerate(dash.QUESTIONS, start=1)
    ]
    return render(
        request,
        "marac/dash_detail.html",
        {
            "assessment": assessment,
            "rows": rows,
            "form": form,
            "referral": referral,
            "total": len(dash.QUESTIONS),
        },
    )


@login_required
def referral_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require(access.may_do_casework(user))
    assessment = None
    source = request.POST if request.method == "POST" else request.GET
    if source.get("assessment"):
        assessment = access.assessment_for_user(user, source["assessment"])
        person = assessment.person
    else:
        person = web_access.person_for_user(user, source.get("person", ""), request)
    if request.method == "POST":
        form = ReferralForm(request.POST)
        if form.is_valid():
            referral = casework.make_referral(
                person=person,
                criterion=form.cleaned_data["criterion"],
                reason=form.cleaned_data["reason"],
                user=user,
                assessment=assessment,
                perpetrator=assessment.perpetrator if assessment else None,
                perpetrator_name=form.cleaned_data["perpetrator_name"],
                request=request,
            )
            messages.success(request, f"Referral made: {person} is in the MARAC coordinator's queue.")
            return redirect("marac:referral_detail", referral_id=referral.pk)
    else:
        suggestions = _perpetrator_suggestions(user, person)
        initial = (
            _referral_initial(assessment)
            if assessment
            else {"perpetrator_name": suggestions[0] if suggestions else ""}
        )
        form = ReferralForm(initial=initial)
    return render(
        request, "marac/referral_form.html", {"form": form, "person": person, "assessment": assessment}
    )


def _research(
    user: Any, referral: Referral, request: HttpRequest
) -> tuple[list[dict[str, Any]], dt.date | None]:
    """Every agency's records about the person since their last MARAC meeting (or the last 12 months)."""
    before = referral.meeting.date if referral.meeting else None
    last = casework.last_meeting_date(referral.person, before=before)
    since = last or (timezone.localdate() - dt.timedelta(days=365))
    start = dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC)
    records = list(
        web_access.records_of(user, referral.person)
        .filter(occurred_start__gte=start)
        .select_related("agency")
        .order_by("occurred_start", "id")[:500]
    )
    rows = [
        {
            "date": format_occurred(r.occurred, r.occurred_precision),
            "agency": r.agency.name,
            "type": type_label(r.type),
            "summary": r.summary,
            "outcome": r.outcome,
        }
        for r in web_access.redacted(user, records, request)
    ]
    return rows, last


@login_required
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    user: Any = request.user
    referral = access.referral_for_user(user, referral_id)
    is_coordinator = access.is_coordinator(user)
    action_form = ActionForm() if is_coordinator else None
    if request.method == "POST":
        _require(is_coordinator)
        if "meeting" in request.POST:
            list_form = ListOnMeetingForm(request.POST, meetings=access.meetings_for(user))
            if list_form.is_valid():
                casework.list_on_meeting(referral, list_form.cleaned_data["meeting"], user, request)
                messages.success(
                    request, f"Listed for the meeting of {list_form.cleaned_data['meeting'].date:%d %B %Y}."
                )
                return redirect("marac:referral_detail", referral_id=referral.pk)
        else:
            action_form = ActionForm(request.POST)
            if action_form.is_valid():
                casework.add_action(
                    referral=referral,
                    text=action_form.cleaned_data["text"],
                    owner_agency=action_form.cleaned_data["owner_agency"],
                    due=action_form.cleaned_data["due"],
                    user=user,
                    request=request,
                )
                messages.success(request, "Action recorded.")
                return redirect("marac:referral_detail", referral_id=referral.pk)
    research, last = _research(user, referral, request)
    log_action(
        "timeline_viewed",
        request=request,
        target=referral,
        person_id=referral.person_id,
        detail={"page": "marac research", "records": len(research)},
    )
    upcoming = access.meetings_for(user).filter(date__gte=timezone.localdate()).order_by("date")
    context = {
        "referral": referral,
        "research": research,
        "last_meeting": last,
        "actions": referral.actions.select_related("owner_agency").order_by("due"),
        "is_coordinator": is_coordinator,
        "list_form": ListOnMeetingForm(meetings=upcoming) if is_coordinator else None,
        "has_meetings": upcoming.exists(),
        "action_form": action_form,
        "update_form": ActionUpdateForm(),
        "today": timezone.localdate(),
        "may_update": {a.pk for a in referral.actions.all() if access.may_update_action(user, a)},
    }
    return render(request, "marac/referral_detail.html", context)


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require(access.is_coordinator(user))
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = casework.create_meeting(
            date=form.cleaned_data["date"],
            location=form.cleaned_data["location"],
            agencies=form.cleaned_data["agencies"],
            user=user,
            request=request,
        )
        messages.success(request, f"Meeting of {meeting.date:%d %B %Y} created.")
        return redirect("marac:meeting_detail", meeting_id=meeting.pk)
    return render(request, "marac/meeting_form.html", {"form": form})


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user: Any = request.user
    meeting = access.meeting_for_user(user, meeting_id)
    is_coordinator = access.is_coordinator(user)
    if request.method == "POST":
        _require(is_coordinator)
        referral = access.referral_for_user(user, request.POST.get("referral", ""))
        casework.list_on_meeting(referral, meeting, user, request)
        messages.success(request, f"{referral.person} added to the agenda.")
        return redirect("marac:meeting_detail", meeting_id=meeting.pk)
    agenda = list(
        access.referrals_for(user)
        .filter(meeting=meeting)
        .select_related("person", "referring_agency", "assessment")
        .annotate(
            open_actions=Count("actions", filter=Q(actions__status=Action.Status.OPEN)),
            all_actions=Count("actions"),
        )
        .order_by("agenda_order")
    )
    queue = (
        access.referrals_for(user).filter(status=Referral.Status.RECEIVED).select_related("person")
        if is_coordinator
        else Referral.objects.none()
    )
    return render(
        request,
        "marac/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "queue": queue,
            "is_coordinator": is_coordinator,
            "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
        },
    )


@login_required
@require_POST
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user: Any = request.user
    _require(access.is_coordinator(user))
    meeting = access.meeting_for_user(user, meeting_id)
    form = MinutesForm(request.POST)
    if form.is_valid():
        casework.save_minutes(meeting, form.cleaned_data["minutes"], user, request)
        messages.success(request, "Minutes saved.")
    return redirect("marac:meeting_detail", meeting_id=meeting.pk)


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require(access.may_do_casework(user))
    today = timezone.localdate()
    actions = (
        access.actions_for(user)
        .filter(status=Action.Status.OPEN, due__lt=today)
        .select_related("referral__person", "owner_agency", "meeting")
        .order_by("due")
    )
    return render(request, "marac/overdue.html", {"actions": actions, "today": today})


@login_required
@require_POST
def action_update(request: HttpRequest, action_id: int) -> HttpResponse:
    user: Any = request.user
    action = access.action_for_user(user, action_id)
    _require(access.may_update_action(user, action))
    form = ActionUpdateForm(request.POST)
    if form.is_valid():
        casework.update_action(
            action,
            status=form.cleaned_data["status"],
            outcome=form.cleaned_data["outcome"],
            user=user,
            request=request,
        )
        messages.success(request, "Action updated.")
    else:
        messages.error(request, "Choose a status for the action.")
    return redirect("marac:referral_detail", referral_id=action.referral_id)

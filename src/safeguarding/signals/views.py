"""Signal pages: the open list, one signal with its history, and what practitioners do about it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safeguarding.agencies.models import User
from safeguarding.audit.log import log_action
from safeguarding.signals import verbs
from safeguarding.signals.forms import ActionTakenForm, AssignForm, DismissForm
from safeguarding.web import access
from safeguarding.web.person_page import PAGE_SIZE
from safeguarding.web.signal_display import agency_names, is_open, sort_key, view_of


def _workers(user: Any) -> Any:
    return (
        User.objects.filter(is_active=True, role__in=["practitioner", "team_manager", "marac_coordinator"])
        .exclude(agency__isnull=True)
        .select_related("agency")
        .order_by("agency__name", "last_name", "username")
    )


@login_required
def signal_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    show = request.GET.get("show", "open")
    signals = list(
        access.visible_signals(user)
        .select_related("person", "assigned_agency", "assigned_to")
        .order_by("-first_raised")[:1000]
    )
    if show == "mine":
        signals = [
            s
            for s in signals
            if s.assigned_to_id == user.pk
            or (s.assigned_agency_id and s.assigned_agency_id == user.agency_id)
        ]
    if show != "all":
        signals = [s for s in signals if is_open(s)]
    views = sorted((view_of(s, {}) for s in signals), key=sort_key)
    return render(request, "signals/list.html", {"signals": views[:300], "show": show, "total": len(views)})


@login_required
def signal_detail(request: HttpRequest, signal_id: int) -> HttpResponse:
    user: Any = request.user
    signal = access.signal_for_user(user, signal_id)
    records = list(
        access.records_of(user, signal.person)
        .select_related("agency")
        .only("id", "record_id", "agency__code")
        .order_by("occurred_start", "id")
    )
    evidence_pks = {(r.agency.code, r.record_id): r.pk for r in records}
    row = {r.pk: i for i, r in enumerate(records)}
    view = view_of(signal, evidence_pks, agency_names())
    log_action(
        "person_viewed", request=request, target=signal, person_id=signal.person_id, detail={"page": "signal"}
    )
    for item in view.evidence:
        if item.record_pk:
            page = row[item.record_pk] // PAGE_SIZE + 1
            item.href = f"/people/{signal.person_id}/?page={page}#record-{item.record_pk}"
    return render(
        request,
        "signals/detail.html",
        {
            "s": view,
            "events": signal.events.select_related("by").order_by("at", "id"),
            "may_act": access.may_act_on_signals(user),
            "action_form": ActionTakenForm(),
            "dismiss_form": DismissForm(),
            "assign_form": AssignForm(
                initial={"agency": signal.assigned_agency_id, "worker": signal.assigned_to_id},
                workers=_workers(user),
            ),
        },
    )


def _actionable(request: HttpRequest, signal_id: int) -> Any:
    user: Any = request.user
    signal = access.signal_for_user(user, signal_id)
    if not access.may_act_on_signals(user):
        raise Http404("No such signal")
    return signal


@login_required
@require_POST
def acknowledge(request: HttpRequest, signal_id: int) -> HttpResponse:
    signal = _actionable(request, signal_id)
    verbs.acknowledge(signal, request.user, request=request)
    messages.success(request, "Signal acknowledged.")
    return redirect("signals:detail", signal_id=signal.pk)


@login_required
@require_POST
def record_action(request: HttpRequest, signal_id: int) -> HttpResponse:
    signal = _actionable(request, signal_id)
    form = ActionTakenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say what was done.")
        return redirect("signals:detail", signal_id=signal.pk)
    verbs.record_action(signal, request.user, form.cleaned_data["text"], request=request)
    messages.success(request, "Action recorded.")
    return redirect("signals:detail", signal_id=signal.pk)


@login_required
@require_POST
def dismiss(request: HttpRequest, signal_id: int) -> HttpResponse:
    signal = _actionable(request, signal_id)
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason for dismissing the signal.")
        return redirect("signals:detail", signal_id=signal.pk)
    verbs.dismiss(signal, request.user, form.cleaned_data["reason"], request=request)
    messages.success(request, "Signal dismissed.")
    return redirect("signals:detail", signal_id=signal.pk)


@login_required
@require_POST
def assign(request: HttpRequest, signal_id: int) -> HttpResponse:
    signal = _actionable(request, signal_id)
    form = AssignForm(request.POST, workers=_workers(request.user))
    if not form.is_valid():
        messages.error(request, "Choose an agency or a worker.")
        return redirect("signals:detail", signal_id=signal.pk)
    worker = form.cleaned_data["worker"]
    agency = form.cleaned_data["agency"] or (worker.agency if worker else None)
    verbs.assign(signal, request.user, agency=agency, worker=worker, request=request)
    messages.success(request, f"Signal assigned to {worker or agency}.")
    return redirect("signals:detail", signal_id=signal.pk)

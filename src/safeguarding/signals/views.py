"""Signal pages: the open list, one signal with its history, and what practitioners do about it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safeguarding.agencies.models import User
from safeguarding.audit.log import log_action
from safeguarding.signals import verbs
from safeguarding.signals.forms import ActionTakenForm, AssignForm, DismissForm
from safeguarding.signals.models import Signal
from safeguarding.web import access
from safeguarding.web.person_page import record_href
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
    records = (
        access.records_of(user, signal.person)
        .select_related("agency")
        .only("id", "record_id", "agency__code")
    )
    evidence_pks = {(r.agency.code, r.record_id): r.pk for r in records}
    view = view_of(signal, evidence_pks, agency_names())
    log_action(
        "person_viewed", request=request, target=signal, person_id=signal.person_id, detail={"page": "signal"}
    )
    for item in view.evidence:
        if item.record_pk:
            item.href = f"/people/{signal.person_id}/{record_href(item.record_pk)}"
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


def _act(
    request: HttpRequest,
    signal_id: int,
    verb: Callable[[Signal, dict[str, Any]], str],
    form: forms.Form | None = None,
    invalid: str = "",
) -> HttpResponse:
    """What every action on a signal shares: guard, check the form, call the verb, say what happened
    (the verb returns the message), and go back to the signal.

    The guard comes first so that a user who may not act learns nothing from the form; one who may
    see the signal but not act on it gets the same 404 as for a missing one.
    """
    user: Any = request.user
    signal = access.signal_for_user(user, signal_id)
    if not access.may_act_on_signals(user):
        raise Http404("No such signal")
    if form is not None and not form.is_valid():
        messages.error(request, invalid)
    else:
        messages.success(request, verb(signal, form.cleaned_data if form is not None else {}))
    return redirect("signals:detail", signal_id=signal.pk)


@login_required
@require_POST
def acknowledge(request: HttpRequest, signal_id: int) -> HttpResponse:
    def verb(signal: Signal, data: dict[str, Any]) -> str:
        verbs.acknowledge(signal, request.user, request=request)
        return "Signal acknowledged."

    return _act(request, signal_id, verb)


@login_required
@require_POST
def record_action(request: HttpRequest, signal_id: int) -> HttpResponse:
    def verb(signal: Signal, data: dict[str, Any]) -> str:
        verbs.record_action(signal, request.user, data["text"], request=request)
        return "Action recorded."

    return _act(request, signal_id, verb, ActionTakenForm(request.POST), "Say what was done.")


@login_required
@require_POST
def dismiss(request: HttpRequest, signal_id: int) -> HttpResponse:
    def verb(signal: Signal, data: dict[str, Any]) -> str:
        verbs.dismiss(signal, request.user, data["reason"], request=request)
        return "Signal dismissed."

    return _act(
        request, signal_id, verb, DismissForm(request.POST), "Give a reason for dismissing the signal."
    )


@login_required
@require_POST
def assign(request: HttpRequest, signal_id: int) -> HttpResponse:
    def verb(signal: Signal, data: dict[str, Any]) -> str:
        worker = data["worker"]
        agency = data["agency"] or (worker.agency if worker else None)
        verbs.assign(signal, request.user, agency=agency, worker=worker, request=request)
        return f"Signal assigned to {worker or agency}."

    form = AssignForm(request.POST, workers=_workers(request.user))
    return _act(request, signal_id, verb, form, "Choose an agency or a worker.")

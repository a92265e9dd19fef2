"""The practitioners' pages about people: find a person, a person's page, how their records were linked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safeguarding.audit.log import log_action
from safeguarding.people import access as people_access
from safeguarding.people.forms import LinkDecisionForm, SearchForm
from safeguarding.people.models import Mention
from safeguarding.web import access, person_page, search


@login_required
def find(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results: list[search.Result] = []
    how = ""
    searched = False
    if form.is_valid() and form.cleaned_data["q"]:
        searched = True
        results, how = search.find(request.user, form.cleaned_data["q"])  # type: ignore[arg-type]
        log_action(
            "search", request=request, detail={"query": form.cleaned_data["q"], "results": len(results)}
        )
    return render(
        request,
        "people/find.html",
        {"form": form, "results": results, "how": how, "searched": searched, "limit": search.MAX_RESULTS},
    )


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.person_for_user(request.user, person_id, request)  # type: ignore[arg-type]
    context = person_page.build(request.user, person, request.GET.dict(), request)  # type: ignore[arg-type]
    log_action("person_viewed", request=request, target=person, person_id=person.pk)
    log_action(
        "timeline_viewed",
        request=request,
        target=person,
        person_id=person.pk,
        detail={
            "from": context["period_from"],
            "to": context["period_to"],
            "records": context["event_count"],
        },
    )
    context["may_act"] = access.may_act_on_signals(request.user)  # type: ignore[arg-type]
    context["may_assess"] = access.may_act_on_signals(request.user)  # type: ignore[arg-type]
    return render(request, "people/person.html", context)


def _linking() -> Any:
    try:
        from safeguarding.people import linking
    except ImportError:
        return None
    return linking


@login_required
def person_links(request: HttpRequest, person_id: int) -> HttpResponse:
    """How this person's records were put together, and the controls to confirm or split a link."""
    person = access.person_for_user(request.user, person_id, request)  # type: ignore[arg-type]
    mentions = list(
        Mention.objects.filter(person=person, record__in=access.visible_records(request.user))  # type: ignore[arg-type]
        .select_related("record__agency")
        .order_by("match_probability", "record__occurred_start")
    )
    linking = _linking()
    anchor = max(mentions, key=lambda m: (m.match_probability or 1.0, bool(m.dob), len(m.name)), default=None)
    rows = []
    for mention in mentions[:60]:
        explanation = None
        if linking is not None and anchor is not None and mention.pk != anchor.pk:
            explanation = _explain(linking, anchor, mention)
        rows.append({"mention": access.redact_mention(request.user, mention), "explanation": explanation})  # type: ignore[arg-type]
    log_action("person_viewed", request=request, target=person, person_id=person.pk, detail={"page": "links"})
    return render(
        request,
        "people/links.html",
        {
            "person": person,
            "rows": rows,
            "anchor": anchor,
            "total": len(mentions),
            "threshold": settings.SAFEGUARDING_LINK_THRESHOLD,
            "form": LinkDecisionForm(),
            "linking_available": linking is not None,
            "may_decide": people_access.may_decide(request.user, [person]),
        },
    )


def _mention_for_user(request: HttpRequest, person_id: int, mention_id: int) -> Mention:
    person = access.person_for_user(request.user, person_id, request)  # type: ignore[arg-type]
    try:
        return Mention.objects.select_related("record__agency", "person").get(
            pk=mention_id,
            person=person,
            record__in=access.visible_records(request.user),  # type: ignore[arg-type]
        )
    except Mention.DoesNotExist:
        raise Http404("No such mention") from None


def _decide(
    request: HttpRequest, person_ids: list[Any], back: HttpResponse, act: Callable[[Any, str, str], str]
) -> HttpResponse:
    """What both decision forms share: guard (a refusal looks like a missing mention), check the form,
    call `act(linking, decision, reason)`, which calls the linking verb (it audits) and returns what
    to tell the user, and go `back`."""
    if not people_access.may_decide(request.user, person_ids):
        raise Http404("No such mention")
    form = LinkDecisionForm(request.POST)
    linking = _linking()
    if not form.is_valid() or linking is None:
        messages.error(request, "Give a reason for the decision.")
    else:
        messages.success(request, act(linking, form.cleaned_data["decision"], form.cleaned_data["reason"]))
    return back


@login_required
@require_POST
def link_decision(request: HttpRequest, person_id: int, mention_id: int) -> HttpResponse:
    """Confirm that a mention belongs to this person, or split it off, with a reason."""
    mention = _mention_for_user(request, person_id, mention_id)
    record = mention.record

    def act(linking: Any, decision: str, reason: str) -> str:
        if decision == "split":
            linking.split_mention(mention, request.user, reason)
            return f"The {record.agency.name} record {record.record_id} was split off."
        anchor = (
            Mention.objects.filter(person_id=person_id)
            .exclude(pk=mention.pk)
            .order_by("-match_probability")
            .first()
        )
        if anchor is not None:
            linking.confirm_link(anchor, mention, request.user, reason)
        return f"The link to {record.agency.name} record {record.record_id} was confirmed."

    return _decide(request, [person_id], redirect("people:links", person_id=person_id), act)


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Pairs of mentions that linkage was unsure about, for a person to decide; only pairs whose
    records this user may see both of."""
    linking = _linking()
    items: list[dict[str, Any]] = []
    if getattr(request.user, "role", "") not in people_access.DECIDING_ROLES:
        raise Http404("Not found")
    if linking is not None:
        queue = linking.review_queue(limit=500)
        ids = {i["mention_a"] for i in queue} | {i["mention_b"] for i in queue}
        visible = access.visible_records(request.user)  # type: ignore[arg-type]
        mentions = {
            m.pk: m
            for m in Mention.objects.filter(pk__in=ids, record__in=visible).select_related("record__agency")
        }
        for entry in queue:
            a, b = mentions.get(entry["mention_a"]), mentions.get(entry["mention_b"])
            if a is None or b is None:
                continue
            a, b = access.redact_mention(request.user, a), access.redact_mention(request.user, b)  # type: ignore[arg-type]
            items.append(
                {
                    "a": a,
                    "b": b,
                    "probability": entry["match_probability"],
                    "explanation": _explain(linking, a, b),
                }
            )
            if len(items) >= 50:
                break
    return render(request, "people/review_queue.html", {"items": items, "form": LinkDecisionForm()})


def _explain(linking: Any, a: Any, b: Any) -> Any:
    try:
        return linking.explain(a, b)
    except Exception:
        return None


@login_required
@require_POST
def review_decide(request: HttpRequest) -> HttpResponse:
    visible = access.visible_records(request.user)  # type: ignore[arg-type]
    try:
        a = Mention.objects.select_related("person").get(
            pk=int(request.POST.get("a", "")), record__in=visible
        )
        b = Mention.objects.select_related("person").get(
            pk=int(request.POST.get("b", "")), record__in=visible
        )
    except (ValueError, Mention.DoesNotExist):
        raise Http404("No such mention") from None

    def act(linking: Any, decision: str, reason: str) -> str:
        if decision == "confirm":
            linking.confirm_link(a, b, request.user, reason)
            return "Linked: the two records are the same person."
        if a.person_id and b.person_id and a.person_id != b.person_id:
            linking.mark_not_same(a.person, b.person, request.user, reason)
        else:
            linking.split_mention(b, request.user, reason)
        return "Recorded: these are different people."

    people = [p for p in (a.person_id, b.person_id) if p]
    return _decide(request, people, redirect("people:review_queue"), act)

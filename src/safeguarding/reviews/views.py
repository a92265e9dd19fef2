"""The review workspace. Views are thin: fetch through reviews.access, guard, call the domain, render."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeguarding.audit.log import log_action
from safeguarding.people.models import Person
from safeguarding.records.models import EVENT_TYPES, Record
from safeguarding.reviews import access, exports, operations
from safeguarding.reviews.analysis import analyse_review
from safeguarding.reviews.chronology import ChronologyFilter, agencies_in, build_chronology, event_label
from safeguarding.reviews.forms import (
    ActionForm,
    ActionUpdateForm,
    CommentForm,
    PanelMemberForm,
    RecommendationForm,
    RequestForm,
    ReturnedForm,
    ReviewForm,
    StageForm,
    StageUpdateForm,
    SubjectForm,
    TermForm,
    UploadForm,
)
from safeguarding.reviews.models import (
    THEMES,
    Action,
    AgencyRequest,
    Recommendation,
    Review,
    Stage,
    TermOfReference,
)
from safeguarding.reviews.timeline import render_timeline

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _review(request: HttpRequest, pk: int, *, manage: bool = False, records: bool = False) -> Review:
    review = access.get_review_for_user(request.user, pk)
    refused = (manage and not access.can_manage(request.user, review)) or (
        records and not access.can_see_records(request.user, review)
    )
    if refused:
        log_action("access_refused", request=request, target=review, detail={"review": review.reference})
        raise Http404("No such review")
    return review


def _ctx(request: HttpRequest, review: Review, tab: str, **extra: Any) -> dict[str, Any]:
    return {"review": review, "tab": tab, "can_manage": access.can_manage(request.user, review), **extra}


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    reviews = list(
        access.visible_reviews(request.user).prefetch_related(
            "stages", "requests", "recommendations__actions"
        )
    )
    rows = []
    for r in reviews:
        late = [s for s in r.stages.all() if s.is_late(today)]
        outstanding = [q for q in r.requests.all() if q.returned_on is None]
        overdue = [a for rec in r.recommendations.all() for a in rec.actions.all() if a.is_overdue(today)]
        rows.append({"review": r, "late": late, "outstanding": outstanding, "overdue": overdue})
    return render(
        request,
        "reviews/list.html",
        {"rows": rows, "can_create": access.can_create_reviews(request.user)},
    )


@login_required
def review_create(request: HttpRequest) -> HttpResponse:
    if not access.can_create_reviews(request.user):
        raise Http404("No such page")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        people = {}
        for key in ("deceased_person", "perpetrator_person"):
            people[key] = Person.objects.filter(pk=d[key]).first() if d.get(key) else None
            if d.get(key) and people[key] is None:
                form.add_error(key, "There is no person with this number.")
        if not form.errors:
            review = operations.create_review(
                actor=request.user,
                reference=d["reference"],
                title=d["title"],
                kind=d["kind"],
                death_kind=d["death_kind"],
                date_of_death=d.get("date_of_death"),
                period_start=d["period_start"],
                period_end=d["period_end"],
                partnership=d.get("partnership", ""),
                deceased=people["deceased_person"],
                perpetrator=people["perpetrator_person"],
                notified_on=d.get("notified_on"),
            )
            messages.success(request, f"Review {review.reference} opened.")
            return redirect("reviews:detail", pk=review.pk)
    return render(request, "reviews/create.html", {"form": form})


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    today = timezone.localdate()
    stages = list(review.stages.all())
    return render(
        request,
        "reviews/detail.html",
        _ctx(
            request,
            review,
            "overview",
            stages=[(s, s.status(today)) for s in stages],
            late=[s for s in stages if s.is_late(today)],
            subjects=review.subjects.select_related("person"),
            panel=review.panel.select_related("agency", "user"),
            terms=review.terms.all(),
            outstanding=review.outstanding_requests().select_related("agency"),
            subject_form=SubjectForm(prefix="subject"),
            panel_form=PanelMemberForm(prefix="panel"),
            term_form=TermForm(prefix="term"),
            stage_form=StageForm(prefix="stage"),
        ),
    )


def _bad_form(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields and form.fields[field].label else field
        messages.error(request, f"{str(label).replace('_', ' ').capitalize()}: {' '.join(errors)}")


@login_required
@require_POST
def review_setup(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """The overview page's small forms: a person, a panel member, a line of enquiry, a stage."""
    review = _review(request, pk, manage=True)
    if what == "subject":
        form = SubjectForm(request.POST, prefix="subject")
        if form.is_valid():
            number = form.cleaned_data.get("person_number")
            person = Person.objects.filter(pk=number).first() if number else None
            if number and person is None:
                messages.error(request, "There is no person with this number.")
            else:
                try:
                    operations.add_subject(
                        review,
                        actor=request.user,
                        role=form.cleaned_data["role"],
                        person=person,
                        pseudonym=form.cleaned_data.get("pseudonym", ""),
                        description=form.cleaned_data.get("description", ""),
                    )
                except IntegrityError:
                    messages.error(request, "That name is already used in this review.")
        else:
            _bad_form(request, form)
    elif what == "panel":
        pform = PanelMemberForm(request.POST, prefix="panel")
        if pform.is_valid():
            member = pform.save(commit=False)
            member.review = review
            member.save()
            operations.audit(request.user, review, "panel member added", role=member.role)
        else:
            _bad_form(request, pform)
    elif what == "term":
        tform = TermForm(request.POST, prefix="term")
        if tform.is_valid():
            number = (review.terms.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            TermOfReference.objects.create(review=review, number=number, text=tform.cleaned_data["text"])
            operations.audit(request.user, review, "term of reference added", number=number)
        else:
            _bad_form(request, tform)
    elif what == "stage":
        sform = StageForm(request.POST, prefix="stage")
        if sform.is_valid():
            Stage.objects.create(review=review, **sform.cleaned_data)
            operations.audit(request.user, review, "stage added", kind=sform.cleaned_data["kind"])
        else:
            _bad_form(request, sform)
    else:
        raise Http404("No such form")
    return redirect("reviews:detail", pk=review.pk)


@login_required
def stage_update(request: HttpRequest, pk: int, stage_id: int) -> HttpResponse:
    review = _review(request, pk, manage=True)
    stage = get_object_or_404(Stage, pk=stage_id, review=review)
    form = StageUpdateForm(
        request.POST or None, initial={"due": stage.due, "completed": stage.completed, "notes": stage.notes}
    )
    if request.method == "POST" and form.is_valid():
        for k, v in form.cleaned_data.items():
            setattr(stage, k, v)
        stage.save()
        operations.audit(request.user, review, "stage changed", stage=stage.kind)
        messages.success(request, f"{stage.name} updated.")
        return redirect("reviews:detail", pk=review.pk)
    return render(request, "reviews/stage.html", _ctx(request, review, "overview", stage=stage, form=form))


@login_required
def requests_page(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    today = timezone.localdate()
    can_manage = access.can_manage(request.user, review)
    form = RequestForm(request.POST or None, initial={"kinds": ["chronology", "management_review"]})
    if request.method == "POST":
        if not can_manage:
            raise Http404("No such page")
        if form.is_valid():
            made = operations.request_returns(
                review,
                list(form.cleaned_data["agencies"]),
                actor=request.user,
                due=form.cleaned_data["due"],
                kinds=form.cleaned_data["kinds"],
            )
            messages.success(request, f"{len(made)} request(s) recorded.")
            return redirect("reviews:requests", pk=review.pk)
    reqs = list(review.requests.select_related("agency", "returned_by"))
    rows = [(q, q.status(today), access.can_upload(request.user, q)) for q in reqs]
    return render(
        request,
        "reviews/requests.html",
        _ctx(
            request,
            review,
            "requests",
            rows=rows,
            form=form,
            returned=[q for q in reqs if q.returned_on],
            awaited=[q for q in reqs if not q.returned_on],
            upload_form=UploadForm(),
            returned_form=ReturnedForm(initial={"returned_on": today}),
        ),
    )


@login_required
def request_upload(request: HttpRequest, pk: int, req_id: int) -> HttpResponse:
    review = _review(request, pk)
    req = get_object_or_404(AgencyRequest, pk=req_id, review=review)
    if not access.can_upload(request.user, req):
        raise Http404("No such request")
    problems: list[dict[str, Any]] = []
    if req.kind != AgencyRequest.Kind.CHRONOLOGY:
        form: Any = ReturnedForm(request.POST or None, initial={"returned_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            operations.mark_returned(
                req,
                actor=request.user,
                on=form.cleaned_data["returned_on"],
                document=form.cleaned_data["document"],
            )
            messages.success(request, f"{req} recorded as returned.")
            return redirect("reviews:requests", pk=review.pk)
    else:
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD_BYTES:
                problems = [
                    {
                        "file": upload.name,
                        "line": None,
                        "field": "",
                        "message": "The file is larger than 50 MB.",
                    }
                ]
            else:
                try:
                    result = operations.upload_chronology(
                        req, actor=request.user, name=upload.name, content=upload.read()
                    )
                except operations.UploadRejected as exc:
                    problems = exc.problems
                else:
                    messages.success(
                        request,
                        f"{req.agency.name}'s chronology received: {result.record_count} records "
                        f"({result.created} new, {result.updated} updated, {result.unchanged} unchanged).",
                    )
                    return redirect("reviews:requests", pk=review.pk)
    return render(
        request,
        "reviews/upload.html",
        _ctx(
            request, review, "requests", req=req, form=form, problems=problems[:200], more=len(problems) - 200
        ),
    )


@login_required
def request_template(request: HttpRequest, pk: int, req_id: int) -> HttpResponse:
    """The blank chronology spreadsheet for an agency to fill in."""
    review = _review(request, pk)
    req = get_object_or_404(AgencyRequest, pk=req_id, review=review)
    if not access.can_upload(request.user, req):
        raise Http404("No such request")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{review.reference}-{req.agency.code}-chronology.xlsx"
        return _download(exports.write_format_xlsx([], path, agency=req.agency.code))


def _filter_from(request: HttpRequest) -> ChronologyFilter:
    def ints(name: str) -> list[int]:
        return [int(v) for v in request.GET.getlist(name) if v.isdigit()]

    return ChronologyFilter(
        agencies=[a for a in request.GET.getlist("agency") if a],
        subject_ids=ints("person"),
        types=[t for t in request.GET.getlist("type") if t in EVENT_TYPES],
    )


def _redactor(request: HttpRequest, *, for_export: bool = False) -> Any:
    from safeguarding.agencies.access import redact_records

    return lambda records: redact_records(request.user, records, for_export=for_export, request=request)


@login_required
def chronology(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, records=True)
    flt = _filter_from(request)
    entries = build_chronology(review, flt, user=request.user, redact=_redactor(request))
    everything = entries if not flt.active else build_chronology(review, user=request.user)
    log_action(
        "timeline_viewed",
        request=request,
        target=review,
        detail={"review": review.reference, "entries": len(entries), "view": "combined chronology"},
    )
    types = sorted({e.record.type for e in everything})
    return render(
        request,
        "reviews/chronology.html",
        _ctx(
            request,
            review,
            "chronology",
            entries=entries,
            total=len(everything),
            flt=flt,
            agencies=agencies_in(everything),
            types=[(t, event_label(t)) for t in types],
            subjects=review.subjects.filter(person__isnull=False),
            comment_form=CommentForm(),
        ),
    )


@login_required
@require_POST
def comment(request: HttpRequest, pk: int, record_id: int) -> HttpResponse:
    review = _review(request, pk, records=True)
    if not access.can_comment(request.user, review):
        raise Http404("No such review")
    visible = {e.record.pk for e in build_chronology(review, user=request.user)}
    if record_id not in visible:
        raise Http404("No such entry")
    form = CommentForm(request.POST)
    if form.is_valid():
        operations.add_comment(
            review, Record.objects.get(pk=record_id), actor=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, "Comment added.")
    else:
        _bad_form(request, form)
    return redirect(
        f"{request.POST.get('next') or ''}#entry-{record_id}"
        if str(request.POST.get("next", "")).startswith("/reviews/")
        else f"/reviews/{review.pk}/chronology/#entry-{record_id}"
    )


@login_required
def analysis(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, records=True)
    result = analyse_review(review, user=request.user)
    entries = build_chronology(review, user=request.user)
    log_action(
        "timeline_viewed",
        request=request,
        target=review,
        detail={"review": review.reference, "view": "missed opportunities"},
    )
    by_code = Counter(o.code for o in result.opportunities)
    return render(
        request,
        "reviews/analysis.html",
        _ctx(
            request,
            review,
            "analysis",
            analysis=result,
            svg=render_timeline(result, [e.record for e in entries]),
            by_code=sorted(by_code.items()),
        ),
    )


@login_required
def recommendations(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    today = timezone.localdate()
    recs = list(
        review.recommendations.select_related("lead_agency").prefetch_related("actions__owner_agency")
    )
    next_number = max([r.number for r in recs], default=0) + 1
    form = RecommendationForm(request.POST or None, prefix="rec", initial={"number": next_number})
    if request.method == "POST":
        if not access.can_manage(request.user, review):
            raise Http404("No such page")
        if form.is_valid():
            rec = form.save(commit=False)
            rec.review = review
            try:
                with transaction.atomic():
                    rec.save()
            except IntegrityError:
                form.add_error("number", "This review already has a recommendation with that number.")
            else:
                operations.audit(request.user, review, "recommendation added", number=rec.number)
                messages.success(request, f"Recommendation {rec.number} added.")
                return redirect("reviews:recommendations", pk=review.pk)
    return render(
        request,
        "reviews/recommendations.html",
        _ctx(
            request,
            review,
            "recommendations",
            recs=[(r, r.status(today), [(a, a.is_overdue(today)) for a in r.actions.all()]) for r in recs],
            form=form,
            action_form=ActionForm(prefix="action"),
            today=today,
        ),
    )


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int, rec_id: int) -> HttpResponse:
    review = _review(request, pk, manage=True)
    rec = get_object_or_404(Recommendation, pk=rec_id, review=review)
    form = ActionForm(request.POST, prefix="action")
    if form.is_valid():
        action = form.save(commit=False)
        action.recommendation = rec
        action.save()
        operations.audit(request.user, review, "action added", recommendation=rec.number)
        messages.success(request, f"Action added to recommendation {rec.number}.")
    else:
        _bad_form(request, form)
    return redirect(f"/reviews/{review.pk}/recommendations/#rec-{rec.number}")


@login_required
def action_update(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    review = _review(request, pk)
    action = get_object_or_404(Action, pk=action_id, recommendation__review=review)
    owner = bool(action.owner_agency_id) and access.is_panel_member(
        request.user, review, agency_id=action.owner_agency_id
    )
    if not (access.can_manage(request.user, review) or owner):
        raise Http404("No such action")
    form = ActionUpdateForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        form.save()
        operations.audit(request.user, review, "action updated", action=action.pk, status=action.status)
        messages.success(request, "Action updated.")
        return redirect(f"/reviews/{review.pk}/recommendations/#rec-{action.recommendation.number}")
    return render(
        request, "reviews/action.html", _ctx(request, review, "recommendations", action=action, form=form)
    )


def progress_rows(reviews: list[Review], today: dt.date) -> list[dict[str, Any]]:
    rows = []
    for r in reviews:
        actions = [a for rec in r.recommendations.all() for a in rec.actions.all()]
        done = [a for a in actions if a.status == Action.Status.COMPLETE]
        rows.append(
            {
                "review": r,
                "recommendations": len(r.recommendations.all()),
                "actions": len(actions),
                "complete": len(done),
                "overdue": [a for a in actions if a.is_overdue(today)],
                "percent": round(100 * len(done) / len(actions)) if actions else 0,
            }
        )
    return rows


@login_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress report for the partnership board: every recommendation and action, what is overdue."""
    review = _review(request, pk)
    today = timezone.localdate()
    recs = list(
        review.recommendations.select_related("lead_agency").prefetch_related("actions__owner_agency")
    )
    [summary] = progress_rows(
        [Review.objects.prefetch_related("recommendations__actions").get(pk=review.pk)], today
    )
    return render(
        request,
        "reviews/progress.html",
        _ctx(
            request,
            review,
            "progress",
            recs=[(r, r.status(today), [(a, a.is_overdue(today)) for a in r.actions.all()]) for r in recs],
            summary=summary,
            today=today,
        ),
    )


@login_required
def themes(request: HttpRequest) -> HttpResponse:
    """Across every review of the partnership: themes of recommendations and signals that recur."""
    if not access.can_create_reviews(request.user):
        raise Http404("No such page")
    today = timezone.localdate()
    reviews = list(
        Review.objects.prefetch_related("recommendations__actions", "recommendations__lead_agency")
    )
    theme_names = dict(THEMES)
    by_theme: dict[str, list[Recommendation]] = defaultdict(list)
    for r in reviews:
        for rec in r.recommendations.all():
            by_theme[rec.theme].append(rec)
    theme_rows: list[dict[str, Any]] = [
        {
            "theme": theme_names.get(t, t),
            "recs": recs,
            "reviews": len({x.review_id for x in recs}),
            "open": sum(1 for x in recs if x.status(today) != "complete"),
        }
        for t, recs in by_theme.items()
    ]
    theme_rows.sort(key=lambda row: (-row["reviews"], -len(row["recs"])))
    signal_reviews: dict[str, set[str]] = defaultdict(set)
    unfollowed: Counter[str] = Counter()
    agencies: dict[str, set[str]] = defaultdict(set)
    for r in reviews:
        for o in analyse_review(r).opportunities:
            signal_reviews[o.code].add(r.reference)
            if not o.followed:
                unfollowed[o.code] += 1
            for part in o.parts:
                agencies[o.code].add(part.agency_name)
    signal_rows: list[dict[str, Any]] = [
        {"code": c, "reviews": sorted(refs), "unfollowed": unfollowed[c], "agencies": sorted(agencies[c])}
        for c, refs in signal_reviews.items()
    ]
    signal_rows.sort(key=lambda row: -len(row["reviews"]))
    return render(
        request,
        "reviews/themes.html",
        {
            "theme_rows": theme_rows,
            "signal_rows": signal_rows,
            "progress": progress_rows(reviews, today),
            "count": len(reviews),
        },
    )


EXPORTS = {
    "chronology.xlsx": ("xlsx", False),
    "chronology.docx": ("docx", False),
    "chronology.json": ("json", False),
    "published-chronology.xlsx": ("xlsx", True),
    "published-chronology.docx": ("docx", True),
}


@login_required
def export(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    review = _review(request, pk, records=True)
    with tempfile.TemporaryDirectory() as tmp:
        response = _export(request, review, name, Path(tmp))
    log_action("export", request=request, target=review, detail={"review": review.reference, "file": name})
    return response


CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".json": "application/json",
}


def _download(path: Path) -> HttpResponse:
    """The file's bytes as an attachment (read now, so that its temporary folder can go)."""
    response = HttpResponse(
        path.read_bytes(), content_type=CONTENT_TYPES.get(path.suffix, "application/octet-stream")
    )
    response["Content-Disposition"] = f'attachment; filename="{path.name}"'
    return response


def _export(request: HttpRequest, review: Review, name: str, out: Path) -> HttpResponse:
    if name == "overview-report-skeleton.docx":
        if not access.can_manage(request.user, review):
            raise Http404("No such export")
        path = exports.write_overview_skeleton(
            review, out / f"{review.reference}-overview-report-skeleton.docx"
        )
    elif name in EXPORTS:
        fmt, published = EXPORTS[name]
        if published and not access.can_manage(request.user, review):
            raise Http404("No such export")
        path = exports.export_review(
            review,
            fmt,
            out,
            published=published,
            user=request.user,
            redact=_redactor(request, for_export=True),
        )
    else:
        raise Http404("No such export")
    return _download(path)

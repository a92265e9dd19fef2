"""Pages for break-glass access, managers' reviews, corrections, administration and governance.

Thin views: fetch through the access module, guard by role, call the domain function, redirect.
A page a role may not use answers 404, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from safeguarding.agencies import access, governance
from safeguarding.agencies.forms import (
    BreakGlassForm,
    CorrectionRequestForm,
    DecisionForm,
    LegalHoldForm,
    SharingAgreementForm,
    UserForm,
)
from safeguarding.agencies.models import (
    Agency,
    BreakGlassGrant,
    CorrectionRequest,
    LegalHold,
    RetentionRule,
    SharingAgreement,
    User,
)
from safeguarding.audit import log_action

Role = User.Role


def role_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.is_active or getattr(user, "role", "") not in roles:
                raise Http404("No such page")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


CASE_ROLES = tuple(access.CASE_ROLES)

# ---------------------------------------------------------------------------------------------------
# Break-glass
# ---------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def break_glass(request: HttpRequest, person_id: int) -> HttpResponse:
    from safeguarding.people.models import Person

    person = get_object_or_404(Person, pk=person_id)
    if access.can_view_person(request.user, person):
        return redirect(f"/people/{person.pk}/")
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access.break_glass(request.user, person, form.cleaned_data["reason"], request)
        except access.BreakGlassRefused as refused:
            form.add_error("reason", str(refused))
        else:
            messages.warning(request, "Emergency access given. Your manager will review it.")
            return redirect(f"/people/{person.pk}/")
    return render(request, "agencies/break_glass.html", {"form": form, "person_id": person.pk})


def _reviewable_grants(user: Any) -> Any:
    grants = BreakGlassGrant.objects.select_related("user__agency", "person")
    if user.role == Role.AUDITOR:
        return grants
    return grants.filter(user__agency_id=user.agency_id).exclude(user=user)


@require_http_methods(["GET"])
@role_required(Role.TEAM_MANAGER, Role.AUDITOR)
def break_glass_reviews(request: HttpRequest) -> HttpResponse:
    grants = _reviewable_grants(request.user)
    pending = grants.filter(outcome=BreakGlassGrant.Outcome.PENDING)
    done = grants.exclude(outcome=BreakGlassGrant.Outcome.PENDING)[:50]
    return render(request, "agencies/break_glass_reviews.html", {"pending": pending, "done": done})


@require_POST
@role_required(Role.TEAM_MANAGER, Role.AUDITOR)
def break_glass_review(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = get_object_or_404(_reviewable_grants(request.user), pk=grant_id)
    outcome = request.POST.get("outcome")
    if outcome not in {BreakGlassGrant.Outcome.JUSTIFIED, BreakGlassGrant.Outcome.NOT_JUSTIFIED}:
        messages.error(request, "Choose whether the access was justified.")
        return redirect("agencies:break_glass_reviews")
    grant.outcome = outcome
    grant.review_note = request.POST.get("note", "")[:2000]
    grant.reviewed_by = request.user  # type: ignore[assignment]
    grant.reviewed_at = timezone.now()
    if outcome == BreakGlassGrant.Outcome.NOT_JUSTIFIED:
        grant.expires_at = min(grant.expires_at, timezone.now())
    grant.save()
    log_action(
        "break_glass_reviewed",
        request=request,
        target=grant,
        person_id=grant.person_id,
        reason=grant.review_note,
        detail={"outcome": outcome, "user": grant.user.username},
    )
    messages.success(request, "Review recorded.")
    return redirect("agencies:break_glass_reviews")


# ---------------------------------------------------------------------------------------------------
# Corrections
# ---------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(Role.PRACTITIONER, Role.TEAM_MANAGER)
def correction_new(request: HttpRequest, record_id: int) -> HttpResponse:
    record = access.get_record_for_user(request.user, record_id, request)
    if record.agency_id != request.user.agency_id:  # type: ignore[union-attr]
        raise Http404("No such record")
    form = CorrectionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        value: Any = form.cleaned_data["corrected_value"]
        governance.request_correction(
            request.user,  # type: ignore[arg-type]
            record,
            changes={form.cleaned_data["field"]: value},
            reason=form.cleaned_data["reason"],
            request=request,
        )
        messages.success(request, "Correction requested. A team manager in your agency will decide.")
        return redirect("agencies:corrections")
    return render(request, "agencies/correction_new.html", {"form": form, "record": record})


@require_http_methods(["GET"])
@role_required(Role.PRACTITIONER, Role.TEAM_MANAGER)
def corrections(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    mine = CorrectionRequest.objects.filter(requested_by=user).select_related("record")[:100]
    pending = governance.pending_corrections_for(user).exclude(requested_by=user)
    return render(
        request, "agencies/corrections.html", {"mine": mine, "pending": pending, "form": DecisionForm()}
    )


@require_POST
@role_required(Role.TEAM_MANAGER)
def correction_decide(request: HttpRequest, correction_id: int) -> HttpResponse:
    correction = get_object_or_404(governance.pending_corrections_for(request.user), pk=correction_id)  # type: ignore[arg-type]
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            governance.decide_correction(
                request.user,  # type: ignore[arg-type]
                correction,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                request=request,
            )
        except governance.CorrectionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "Decision recorded.")
    return redirect("agencies:corrections")


# ---------------------------------------------------------------------------------------------------
# Administration: agencies, users, sharing agreements, retention
# ---------------------------------------------------------------------------------------------------


@require_http_methods(["GET"])
@role_required(Role.ADMINISTRATOR)
def admin_home(request: HttpRequest) -> HttpResponse:
    context = {
        "agencies": Agency.objects.all(),
        "users": User.objects.select_related("agency").order_by("username"),
        "agreements": SharingAgreement.objects.select_related("from_agency", "to_agency"),
        "today": timezone.localdate(),
    }
    return render(request, "agencies/admin_home.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def user_edit(request: HttpRequest, user_id: int | None = None) -> HttpResponse:
    subject = get_object_or_404(User, pk=user_id) if user_id else None
    form = UserForm(request.POST or None, instance=subject)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            if subject is None:
                saved.set_unusable_password()
            saved.save()
            log_action(
                "user_changed",
                request=request,
                target=saved,
                detail={
                    "change": "created" if subject is None else "edited",
                    "fields": sorted(form.changed_data),
                },
            )
        messages.success(request, f"Saved {saved.username}.")
        return redirect("agencies:admin_home")
    return render(
        request, "agencies/form_page.html", {"form": form, "title": "Edit user" if subject else "Add a user"}
    )


@require_POST
@role_required(Role.ADMINISTRATOR)
def user_reset_two_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    subject = get_object_or_404(User, pk=user_id)
    TOTPDevice.objects.filter(user=subject).delete()
    StaticDevice.objects.filter(user=subject).delete()
    log_action("user_changed", request=request, target=subject, detail={"change": "two_factor_reset"})
    messages.success(request, f"{subject.username} will set up two-factor sign-in again at next sign-in.")
    return redirect("agencies:admin_home")


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def agreement_edit(request: HttpRequest, agreement_id: int | None = None) -> HttpResponse:
    agreement = get_object_or_404(SharingAgreement, pk=agreement_id) if agreement_id else None
    form = SharingAgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if agreement is None:
            saved.created_by = request.user
        saved.save()
        log_action(
            "agreement_changed",
            request=request,
            target=saved,
            detail={
                "change": "created" if agreement is None else "edited",
                "fields": sorted(form.changed_data),
            },
        )
        messages.success(request, "Agreement saved.")
        return redirect("agencies:admin_home")
    title = "Edit sharing agreement" if agreement else "Add a sharing agreement"
    return render(request, "agencies/form_page.html", {"form": form, "title": title})


@require_POST
@role_required(Role.ADMINISTRATOR)
def agreement_revoke(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = get_object_or_404(SharingAgreement, pk=agreement_id, revoked_at__isnull=True)
    agreement.revoked_at = timezone.now()
    agreement.save(update_fields=["revoked_at"])
    log_action("agreement_changed", request=request, target=agreement, detail={"change": "revoked"})
    messages.success(request, "Agreement revoked: information stops flowing under it now.")
    return redirect("agencies:admin_home")


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR, Role.AUDITOR)
def retention_rules(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.user.role != Role.ADMINISTRATOR:  # type: ignore[union-attr]
            raise Http404("No such page")
        record_type = request.POST.get("record_type", "").strip()
        years = request.POST.get("retain_years", "")
        if record_type and years.isdigit() and 1 <= int(years) <= 100:
            rule, _ = RetentionRule.objects.update_or_create(
                record_type=record_type,
                defaults={"retain_years": int(years), "basis": request.POST.get("basis", "")},
            )
            log_action(
                "retention_changed",
                request=request,
                target=rule,
                detail={"type": record_type, "years": int(years)},
            )
            messages.success(request, "Rule saved.")
        else:
            messages.error(request, "Give an event type and a number of years from 1 to 100.")
        return redirect("agencies:retention")
    holds = LegalHold.objects.filter(released_at__isnull=True).select_related("placed_by")
    due = governance.records_due().count()
    return render(
        request,
        "agencies/retention.html",
        {"rules": RetentionRule.objects.all(), "holds": holds, "due": due, "hold_form": LegalHoldForm()},
    )


@require_POST
@role_required(Role.ADMINISTRATOR, Role.AUDITOR)
def legal_hold_new(request: HttpRequest) -> HttpResponse:
    from safeguarding.people.models import Person
    from safeguarding.records.models import Record

    form = LegalHoldForm(request.POST)
    if form.is_valid():
        person = Person.objects.filter(pk=form.cleaned_data.get("person_id") or 0).first()
        record = Record.objects.filter(pk=form.cleaned_data.get("record_id") or 0).first()
        if person is None and record is None:
            messages.error(request, "There is no such person or record.")
        else:
            governance.place_legal_hold(
                request.user,  # type: ignore[arg-type]
                person=person,
                record=record,
                reason=form.cleaned_data["reason"],
                request=request,
            )
            messages.success(request, "Legal hold placed.")
    else:
        messages.error(request, "Give a person or record number and a reason of at least 10 characters.")
    return redirect("agencies:retention")


@require_POST
@role_required(Role.ADMINISTRATOR, Role.AUDITOR)
def legal_hold_release(request: HttpRequest, hold_id: int) -> HttpResponse:
    hold = get_object_or_404(LegalHold, pk=hold_id, released_at__isnull=True)
    governance.release_legal_hold(
        request.user,  # type: ignore[arg-type]
        hold,
        reason=request.POST.get("reason", "Released"),
        request=request,
    )
    messages.success(request, "Legal hold released.")
    return redirect("agencies:retention")


@require_http_methods(["GET", "POST"])
@role_required(Role.AUDITOR)
def subject_access(request: HttpRequest, person_id: int) -> HttpResponse:
    """Information governance answers a subject access request: a JSON download, audited."""
    from safeguarding.people.models import Person

    person = get_object_or_404(Person, pk=person_id)
    if request.method == "GET":
        return render(request, "agencies/subject_access.html", {"person": person})
    export = governance.subject_access_export(person, by=request.user, request=request)  # type: ignore[arg-type]
    response = HttpResponse(
        governance.subject_access_json(export), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}.json"'
    return response


@require_http_methods(["GET", "POST"])
@role_required(Role.PRACTITIONER, Role.TEAM_MANAGER)
def mark_mention_confidential(request: HttpRequest, mention_id: int) -> HttpResponse:
    """The holding agency marks a person's address or phone number in one of its records confidential."""
    from safeguarding.agencies.models import ConfidentialMarker
    from safeguarding.people.models import Mention

    mention = Mention.objects.select_related("record").filter(pk=mention_id).first()
    user: Any = request.user
    if mention is None or mention.record.agency_id != user.agency_id:
        raise Http404("No such record")
    if request.method == "POST":
        kind = request.POST.get("kind", "address")
        reason = request.POST.get("reason", "")
        if kind in {"address", "phone"} and reason in ConfidentialMarker.Reason.values:
            governance.mark_confidential(user, kind=kind, reason=reason, mention=mention, request=request)
            messages.success(request, "Marked confidential: other agencies will not see it.")
            return redirect(f"/people/{mention.person_id}/" if mention.person_id else "/")
        messages.error(request, "Choose what to mark and why.")
    return render(
        request,
        "agencies/mark_confidential.html",
        {"mention": mention, "reasons": ConfidentialMarker.Reason.choices},
    )

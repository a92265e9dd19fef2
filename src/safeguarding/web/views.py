"""Pages shared by the whole service: home for each role, notifications, the statements."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeguarding.web import access
from safeguarding.web.models import Notification
from safeguarding.web.signal_display import is_open, sort_key, view_of


def _signals_for_agency(user: Any) -> list[Any]:
    """Open signals about people the user's agency works with, most serious and newest first."""
    if user.agency_id is None:
        return []
    from safeguarding.people.models import Mention

    worked_with = Mention.objects.filter(record__agency_id=user.agency_id).values("person_id")
    signals = (
        access.visible_signals(user)
        .filter(person_id__in=worked_with, cleared__isnull=True)
        .exclude(status="dismissed")
        .select_related("person", "assigned_agency", "assigned_to")
        .order_by("-first_raised")[:500]
    )
    return sorted((view_of(s, {}) for s in signals if is_open(s)), key=sort_key)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    role = user.role
    context: dict[str, Any] = {"role": role, "today": timezone.localdate()}
    if role in {"practitioner", "team_manager", "marac_coordinator"}:
        from safeguarding.marac import access as marac_access
        from safeguarding.marac.models import Action, Referral

        signals = _signals_for_agency(user)
        context["signals"] = signals[:25]
        context["signal_count"] = len(signals)
        context["high_count"] = sum(1 for s in signals if s.severity == "high")
        actions = marac_access.actions_for(user).filter(status=Action.Status.OPEN)
        context["my_actions"] = (
            actions.filter(owner_agency_id=user.agency_id)
            .select_related("referral__person")
            .order_by("due")[:10]
        )
        context["overdue_count"] = actions.filter(due__lt=context["today"]).count()
        if role == "marac_coordinator":
            context["is_coordinator"] = True
            context["queue"] = (
                marac_access.referrals_for(user)
                .filter(status=Referral.Status.RECEIVED)
                .select_related("person", "referring_agency")
                .order_by("created_at")[:20]
            )
            from django.db.models import Count

            context["meetings"] = (
                marac_access.meetings_for(user)
                .filter(date__gte=context["today"])
                .annotate(cases=Count("referrals"))
                .order_by("date")[:3]
            )
    elif role == "administrator":
        context["admin"] = _administration_figures(context["today"])
    elif role == "review_chair":
        from safeguarding.reviews.access import visible_reviews

        context["reviews"] = visible_reviews(user).filter(status="open")[:10]
    return render(request, "web/home.html", context)


def _administration_figures(today: Any) -> dict[str, int]:
    import datetime as dt

    from safeguarding.agencies.models import Agency, SharingAgreement, User

    active = SharingAgreement.objects.active()
    return {
        "agencies": Agency.objects.filter(is_active=True).count(),
        "users": User.objects.filter(is_active=True).count(),
        "agreements": active.count(),
        "expiring": active.filter(ends_on__lte=today + dt.timedelta(days=60)).count(),
    }


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    notes = Notification.objects.filter(user=user).order_by("-created_at", "-id")
    page = Paginator(notes, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "web/notifications.html",
        {"page": page, "unread": notes.filter(read_at__isnull=True).count()},
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (or all) as read; then go where it points, or back to the list."""
    user: Any = request.user
    notes = Notification.objects.filter(user=user, read_at__isnull=True)
    note_id = request.POST.get("id")
    if note_id and note_id.isdigit():
        note = Notification.objects.filter(user=user, pk=int(note_id)).first()
        notes.filter(pk=int(note_id)).update(read_at=timezone.now())
        if note is not None and note.url.startswith("/"):
            return redirect(note.url)
    else:
        notes.update(read_at=timezone.now())
    return redirect("web:notifications")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "web/privacy.html")

"""Notifications: in the application (the bell in the header) and by e-mail.

E-mail leaves the system, so an e-mail never names the person or says what happened: it says that
something needs attention and where to sign in to see it. Every notification has a key, so that
sending again (the `notify` command runs daily) never notifies the same user twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguarding.web.models import Notification

if TYPE_CHECKING:
    from safeguarding.agencies.models import User

CASE_ROLES = ("practitioner", "team_manager", "marac_coordinator")


def _base_url() -> str:
    return getattr(settings, "SAFEGUARDING_BASE_URL", "http://127.0.0.1:8000")


def notify(users: Iterable[User], *, kind: str, key: str, title: str, url: str, body: str = "") -> int:
    """Create one notification per user (skipping those already told) and e-mail those with an address."""
    sent = 0
    for user in {u.pk: u for u in users}.values():
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    user=user, kind=kind, key=key, title=title, body=body, url=url
                )
        except IntegrityError:
            continue
        sent += 1
        if user.email:
            send_mail(
                subject="Safeguarding: something needs your attention",
                message=(
                    f"{Notification.Kind(kind).label}. For the partnership's safety rules this e-mail does not "
                    f"say who it is about.\n\nSign in to see it: {_base_url()}{url or '/notifications/'}\n"
                ),
                from_email=None,
                recipient_list=[user.email],
                fail_silently=True,
            )
            Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
    return sent


def _agency_staff(agency_ids: Iterable[int]) -> Any:
    from safeguarding.agencies.models import User

    return User.objects.filter(agency_id__in=list(agency_ids), role__in=CASE_ROLES, is_active=True)


def _coordinators() -> Any:
    from safeguarding.agencies.models import User

    return User.objects.filter(role="marac_coordinator", is_active=True)


def notify_signal_raised(signal: Any) -> int:
    """Tell every agency that works with the person (and the agency it is assigned to)."""
    from safeguarding.agencies.access import agencies_involved
    from safeguarding.web.signal_display import catalogue_entry

    agency_ids = set(agencies_involved(signal.person_id).values_list("pk", flat=True))
    if signal.assigned_agency_id:
        agency_ids.add(signal.assigned_agency_id)
    title = f"{catalogue_entry(signal.code)['title']}: {signal.person}"
    return notify(
        _agency_staff(agency_ids),
        kind=Notification.Kind.SIGNAL_RAISED,
        key=f"signal:{signal.pk}",
        title=title,
        url=f"/signals/{signal.pk}/",
    )


def notify_referral(referral: Any) -> int:
    repeat = referral.criterion == "repeat"
    return notify(
        _coordinators(),
        kind=Notification.Kind.REPEAT_REFERRAL if repeat else Notification.Kind.REFERRAL,
        key=f"referral:{referral.pk}",
        title=f"{'Repeat MARAC referral' if repeat else 'New MARAC referral'}: {referral.person}",
        url=f"/marac/referrals/{referral.pk}/",
    )


def notify_overdue(today: Any = None) -> int:
    """Tell the owner agency's staff and the coordinators about every action past its due date."""
    from safeguarding.marac.casework import overdue_actions

    sent = 0
    for action in overdue_actions(today).select_related("referral__person", "owner_agency"):
        users = list(_agency_staff([action.owner_agency_id])) + list(_coordinators())
        sent += notify(
            users,
            kind=Notification.Kind.ACTION_OVERDUE,
            key=f"overdue:{action.pk}:{action.due.isoformat()}",
            title=f"MARAC action overdue ({action.owner_agency.name}, due {action.due:%d %B %Y}): {action.referral.person}",
            url=f"/marac/referrals/{action.referral_id}/#action-{action.pk}",
        )
    return sent

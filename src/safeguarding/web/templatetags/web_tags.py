"""Template tags for the shared layout: the service navigation and the notification count."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

register = template.Library()


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    current: bool


# (text, path, roles that see it; None for everyone signed in)
_NAVIGATION: list[tuple[str, str, set[str] | None]] = [
    ("Home", "/", None),
    ("Find a person", "/people/", {"practitioner", "team_manager", "marac_coordinator"}),
    ("Signals", "/signals/", {"practitioner", "team_manager", "marac_coordinator"}),
    ("MARAC", "/marac/", {"practitioner", "team_manager", "marac_coordinator"}),
    ("Links to check", "/people/review/", {"team_manager", "marac_coordinator"}),
    ("Break-glass reviews", "/accounts/break-glass/reviews/", {"team_manager"}),
    ("Reviews", "/reviews/", {"review_chair", "administrator"}),
    ("Audit", "/audit/", {"auditor", "administrator"}),
    ("Administration", "/accounts/admin/", {"administrator"}),
]


@register.simple_tag(takes_context=True)
def service_navigation(context: dict[str, Any]) -> list[NavItem]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return []
    role = getattr(user, "role", "")
    items = []
    for text, href, roles in _NAVIGATION:
        if roles is not None and role not in roles and not user.is_superuser:
            continue
        current = request.path == "/" if href == "/" else request.path.startswith(href)
        # "Find a person" is /people/ itself; a person's own pages are not "finding".
        if href == "/people/" and request.path.startswith("/people/review/"):
            current = False
        items.append(NavItem(text, href, current))
    return items


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    from safeguarding.web.models import Notification

    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@register.filter
def posted(form: Any, key: str) -> str:
    """The value the user typed into a raw input of a form (a date's day, month or year), to show it again."""
    data = getattr(form, "data", None) or {}
    return str(data.get(key, ""))

"""Whose failed sign-ins lock whom out: django-axes' `AXES_LOCKOUT_PARAMETERS`, as a callable.

A user name and an address together: failures count per (user name, address), so that someone who
knows a colleague's user name cannot lock her out from elsewhere, and her own mistakes lock only
her own address. That alone would let one address try one password against every account
(password spraying), a failure or two each; so once an address has failed against
`SAFEGUARDING_LOGIN_SPRAY_NAMES` different user names within the cool-off, the address alone is
locked out as well, whatever name it tries next. docs/security.md says why these numbers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

BY_NAME_AND_ADDRESS: list[str | list[str]] = [["username", "ip_address"]]
BY_ADDRESS_TOO: list[str | list[str]] = [["username", "ip_address"], "ip_address"]


def lockout_parameters(
    request_or_attempt: Any, credentials: dict[str, Any] | None = None
) -> list[str | list[str]]:
    """axes calls this with a request (which carries `axes_ip_address`) or a stored AccessAttempt."""
    address = getattr(request_or_attempt, "axes_ip_address", None) or getattr(
        request_or_attempt, "ip_address", None
    )
    if address and names_tried_from(address) >= settings.SAFEGUARDING_LOGIN_SPRAY_NAMES:
        return BY_ADDRESS_TOO
    return BY_NAME_AND_ADDRESS


def names_tried_from(address: str) -> int:
    """How many different user names have failed to sign in from this address within the cool-off."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(ip_address=address)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.values("username").distinct().count()

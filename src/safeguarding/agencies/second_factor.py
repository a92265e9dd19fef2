"""Who needs a second factor, and whether this request's session has verified one.

The sign-in view, the middleware that guards every page and the API's session authentication all ask
here, so that no way into the service applies a weaker rule than another. Verification itself is
django-otp's: `OTPMiddleware` puts `is_verified()` on `request.user` from the device that
`django_otp.login` stored in the session.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice


def has_second_factor(user: Any) -> bool:
    """An authenticator app is set up (backup codes alone are not enough to start with)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_factor(user: Any) -> bool:
    """Every account in production; in development (the demo) a demo account only once it has set up
    a device of its own, so that demo users still sign in with a password alone."""
    if not getattr(user, "may_skip_second_factor", False):
        return True
    return bool(user_has_device(user, confirmed=True))


def second_factor_missing(request: HttpRequest) -> bool:
    """The session is signed in but has not verified the second factor its user needs."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    # Without OTPMiddleware (a bare RequestFactory request) nothing can be verified.
    is_verified = getattr(user, "is_verified", None)
    if callable(is_verified) and is_verified():
        return False
    return needs_second_factor(user)

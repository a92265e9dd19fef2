"""Security headers Django does not send itself, and the second factor on every page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from safeguarding.agencies.second_factor import has_second_factor, second_factor_missing


class SecurityHeadersMiddleware:
    """Permissions-Policy, Cross-Origin-Resource-Policy, and no caching of anything signed in.

    Pages about people must never stay in a shared computer's browser cache or a proxy.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.SAFEGUARDING_PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("X-Permitted-Cross-Domain-Policies", "none")
        if not request.path.startswith(settings.STATIC_URL):
            response.headers["Cache-Control"] = "no-store, max-age=0"
            response.headers.setdefault("Pragma", "no-cache")
        return response


def second_factor_exempt(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Marks a step of signing in (or out) that a session without its second factor must still reach."""
    view.second_factor_exempt = True  # type: ignore[attr-defined]
    return view


class SecondFactorMiddleware:
    """Sends a signed-in session that has not verified the second factor its user needs
    (`second_factor.needs_second_factor`) to the second-factor step, whatever page it asks for.

    The sign-in view already asks for the second factor; this catches every other way a session can
    come to be signed in without one (a session from before an administrator reset the user's device,
    another login path added later). API views are left to their authentication classes: a token is
    unaffected, and `VerifiedSessionAuthentication` refuses such a session.
    Comes after django-otp's OTPMiddleware, which sets `request.user.is_verified()`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        if getattr(view, "second_factor_exempt", False) or _is_api_view(view):
            return None
        if not second_factor_missing(request):
            return None
        step = "agencies:verify" if has_second_factor(request.user) else "agencies:two_factor_setup"
        return redirect_to_login(request.get_full_path(), reverse(step))


def _is_api_view(view: Any) -> bool:
    from rest_framework.views import APIView

    cls = getattr(view, "cls", None)
    return isinstance(cls, type) and issubclass(cls, APIView)

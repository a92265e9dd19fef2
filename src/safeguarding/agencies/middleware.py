"""Security headers Django does not send itself."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


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

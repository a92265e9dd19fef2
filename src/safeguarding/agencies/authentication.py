"""API authentication for practitioners' systems.

Practitioners' tools send `Authorization: Bearer <key>` (a DRF token tied to the user, so every
need-to-know rule applies to them). Agencies' import systems send `Authorization: Token <key>`
(records.ApiToken) to the records API alone; the two keywords keep the schemes apart.
A signed-in browser session counts only once its second factor is verified.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from safeguarding.agencies.second_factor import second_factor_missing


class PractitionerTokenAuthentication(TokenAuthentication):
    keyword = "Bearer"


class VerifiedSessionAuthentication(SessionAuthentication):
    """DRF's session authentication, refusing a session whose second factor is not verified.

    SecondFactorMiddleware leaves API views alone (a token needs no second factor), so the session's
    second factor is checked here, by the same rule as every page.
    """

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is not None and second_factor_missing(request._request):
            raise AuthenticationFailed("Sign in with your second factor first.")
        return result


class VerifiedSessionScheme(SessionScheme):
    """In the OpenAPI schema it is the same cookie as Django's session authentication."""

    target_class = "safeguarding.agencies.authentication.VerifiedSessionAuthentication"

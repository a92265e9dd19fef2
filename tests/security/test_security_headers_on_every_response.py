"""Mozilla-Observatory-style checks: the headers and cookies of a production response."""

from http.cookies import SimpleCookie

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

# header -> check
EXPECTED = {
    "Content-Security-Policy": lambda v: (
        "default-src 'self'" in v
        and "frame-ancestors 'none'" in v
        and "'unsafe-inline'" not in v
        and "object-src 'none'" in v
    ),
    "Strict-Transport-Security": lambda v: "max-age=63072000" in v and "includeSubDomains" in v,
    "X-Content-Type-Options": lambda v: v == "nosniff",
    "Referrer-Policy": lambda v: v in {"same-origin", "no-referrer", "strict-origin-when-cross-origin"},
    "X-Frame-Options": lambda v: v == "DENY",
    "Permissions-Policy": lambda v: "camera=()" in v and "geolocation=()" in v and "microphone=()" in v,
    "Cross-Origin-Opener-Policy": lambda v: v == "same-origin",
    "Cross-Origin-Resource-Policy": lambda v: v == "same-origin",
    "Cache-Control": lambda v: "no-store" in v,
}


def header_report(response) -> dict[str, tuple[str, bool]]:
    return {
        name: (response.get(name, ""), bool(response.get(name)) and check(response[name]))
        for name, check in EXPECTED.items()
    }


def test_the_sign_in_page_sends_every_security_header():
    response = Client().get("/accounts/login/", secure=True)
    report = header_report(response)
    for name, (value, ok) in report.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {value}")
    assert all(ok for _, ok in report.values()), report


def test_a_signed_in_page_about_a_person_is_never_cached_and_has_the_same_headers(storyline, police_officer):
    client = Client()
    client.force_login(police_officer)
    response = client.get(f"/people/{storyline.victim.pk}/", secure=True)
    assert response.status_code == 200
    assert all(ok for _, ok in header_report(response).values())


def test_cookies_are_secure_httponly_samesite_and_host_prefixed(police_officer):
    from tests.personas import PASSWORD

    police_officer.demo_without_second_factor = True
    police_officer.save()
    client = Client()
    page = client.get("/accounts/login/", secure=True)
    cookies = SimpleCookie()
    for morsel in page.cookies.values():
        cookies[morsel.key] = morsel
    csrf = page.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax" and csrf["path"] == "/"
    with pytest.MonkeyPatch.context() as mp:
        from django.conf import settings

        mp.setattr(settings, "DEBUG", True)  # the demo shortcut, to reach a signed-in session quickly
        response = client.post(
            "/accounts/login/", {"username": "police_officer", "password": PASSWORD}, secure=True
        )
    session = response.cookies["__Host-sessionid"]
    assert (
        session["secure"] and session["httponly"] and session["samesite"] == "Lax" and session["path"] == "/"
    )
    assert int(session["max-age"] or 0) <= 30 * 60 or session["max-age"] == ""


def test_the_session_ends_after_thirty_idle_minutes_and_is_renewed_by_activity(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_passwords_are_hashed_with_argon2(police_officer):
    assert police_officer.password.startswith("argon2")

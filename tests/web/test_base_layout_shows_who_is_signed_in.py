"""Every page of the service carries the shared layout: skip link, who is signed in, sign out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguarding.agencies.models import Agency, User

pytestmark = pytest.mark.django_db


def test_the_home_page_names_the_user_and_their_agency(client):
    police = Agency.objects.get(code="police")
    user = User.objects.create_user(
        "alice", password="x" * 16, first_name="Alice", last_name="Arden", agency=police
    )
    client.force_login(user)
    html = client.get(reverse("web:home")).content.decode()
    assert "Skip to main content" in html
    assert "Alice Arden" in html and "Police" in html
    assert 'action="/accounts/logout/"' in html
    assert "govuk-frontend.min.css" in html


def test_the_layout_has_no_inline_script_or_style_for_a_strict_csp(client):
    user = User.objects.create_user("bob", password="x" * 16)
    client.force_login(user)
    html = client.get(reverse("web:home")).content.decode()
    assert "<script>" not in html and "<style" not in html and "style=" not in html
    assert 'type="module"' in html


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client):
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

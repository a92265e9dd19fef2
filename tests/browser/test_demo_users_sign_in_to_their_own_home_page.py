"""Each demo user signs in through the sign-in page and lands on the home page for their role."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, sign_in, sign_out

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOME_HEADINGS = {
    "marac.coordinator": "MARAC coordination",
    "police.officer": "Your work",
    "gp.reception": "Your work",
    "idva.worker": "Your work",
    "review.chair": "Domestic Homicide Reviews",
    "admin": "Administration",
}


def test_every_demo_user_signs_in_and_sees_their_home_page(site, page):
    from safeguarding.agencies.demo import create_demo_users

    create_demo_users()
    for username, heading in HOME_HEADINGS.items():
        sign_in(page, site, username)
        assert page.get_by_role("heading", level=1).first.inner_text() == heading, username
        assert page.get_by_role("button", name="Sign out").is_visible()
        assert_accessible(page, f"home page of {username}")
        sign_out(page)
        assert "/accounts/login/" in page.url

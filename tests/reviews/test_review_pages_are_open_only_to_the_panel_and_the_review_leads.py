"""Who may see a review: its panel and the partnership's review leads. Anyone else gets 404, as if it did
not exist; a panel member from an agency sees the chronology but cannot change the review or publish."""

from __future__ import annotations

import pytest

from safeguarding.agencies.models import Agency, User
from safeguarding.records.models import Record
from safeguarding.reviews.models import PanelMember, ReviewRecord

PAGES = [
    "",
    "requests/",
    "chronology/",
    "analysis/",
    "recommendations/",
    "progress/",
    "export/chronology.xlsx",
]


@pytest.fixture
def outsider(db):
    return User.objects.create_user(
        "out.sider", password="x" * 20, role="practitioner", agency=Agency.objects.get(code="police")
    )


@pytest.fixture
def gp_panel_member(small_review):
    user = User.objects.create_user(
        "gp.lead", password="x" * 20, role="practitioner", agency=Agency.objects.get(code="gp")
    )
    PanelMember.objects.create(review=small_review, name="GP Lead", agency=user.agency, user=user)
    return user


@pytest.mark.parametrize("page", PAGES)
def test_the_chair_sees_every_page(client, chair, small_review, page):
    client.force_login(chair)
    assert client.get(f"/reviews/{small_review.pk}/{page}").status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_someone_not_on_the_panel_is_told_it_does_not_exist(client, outsider, small_review, page):
    client.force_login(outsider)
    assert client.get(f"/reviews/{small_review.pk}/{page}").status_code == 404


def test_the_list_shows_a_practitioner_only_the_reviews_whose_panel_they_sit_on(
    client, outsider, gp_panel_member, small_review
):
    client.force_login(outsider)
    assert small_review.reference not in client.get("/reviews/").content.decode()
    client.force_login(gp_panel_member)
    assert small_review.reference in client.get("/reviews/").content.decode()


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, small_review):
    response = client.get(f"/reviews/{small_review.pk}/chronology/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_panel_member_sees_what_agencies_returned_to_the_review_and_their_own_records(
    client, gp_panel_member, small_review
):
    client.force_login(gp_panel_member)
    html = client.get(f"/reviews/{small_review.pk}/chronology/").content.decode()
    assert "GP-5531" in html and "IDVA-88" not in html
    ReviewRecord.objects.create(review=small_review, record=Record.objects.get(record_id="IDVA-88"))
    html = client.get(f"/reviews/{small_review.pk}/chronology/").content.decode()
    assert "IDVA-88" in html


def test_a_panel_member_cannot_publish_or_change_the_review(client, gp_panel_member, small_review):
    client.force_login(gp_panel_member)
    assert client.get(f"/reviews/{small_review.pk}/export/published-chronology.docx").status_code == 404
    assert (
        client.post(f"/reviews/{small_review.pk}/setup/term/", {"term-text": "Anything"}).status_code == 404
    )
    assert client.post(f"/reviews/{small_review.pk}/recommendations/", {"rec-number": 1}).status_code == 404


def test_only_review_leads_can_open_a_review(client, outsider, chair):
    client.force_login(outsider)
    assert client.get("/reviews/new/").status_code == 404
    client.force_login(chair)
    assert client.get("/reviews/new/").status_code == 200


@pytest.mark.parametrize(
    "page", ["chronology/", "analysis/", "export/chronology.xlsx", "export/published-chronology.docx"]
)
def test_an_administrator_runs_the_programme_without_seeing_case_records(client, small_review, page):
    admin = User.objects.create_user("sys.admin", password="x" * 20, role="administrator")
    client.force_login(admin)
    assert client.get(f"/reviews/{small_review.pk}/").status_code == 200
    assert client.get(f"/reviews/{small_review.pk}/progress/").status_code == 200
    assert client.get(f"/reviews/{small_review.pk}/{page}").status_code == 404

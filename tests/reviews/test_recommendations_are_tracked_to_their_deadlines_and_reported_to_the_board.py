"""Recommendations with action plans: owners, due dates, status and evidence of completion; an action
past its date is overdue on the plan and in the board's progress report; completing needs evidence."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding.agencies.models import Agency
from safeguarding.reviews.models import Action, Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(small_review):
    police = Agency.objects.get(code="police")
    rec = Recommendation.objects.create(
        review=small_review, number=1, text="Consider a DVPN at every domestic incident where the victim declines to complain.",
        lead_agency=police, theme="positive_action",
    )  # fmt: skip
    late = Action.objects.create(
        recommendation=rec,
        text="Brief all response officers",
        owner="Inspector Quayle",
        owner_agency=police,
        due=dt.date(2020, 1, 31),
    )
    later = Action.objects.create(
        recommendation=rec,
        text="Audit 50 incidents",
        owner="DA lead",
        owner_agency=police,
        due=dt.date(2099, 1, 31),
    )
    return rec, late, later


def test_an_action_past_its_date_makes_the_recommendation_overdue(plan):
    rec, late, later = plan
    assert late.is_overdue() and not later.is_overdue()
    assert rec.status() == "overdue"
    for a in (late, later):
        a.status, a.completed_on, a.evidence = (
            "complete",
            dt.date(2020, 2, 1),
            "Briefing slides on the intranet",
        )
        a.save()
    assert rec.status() == "complete" and not late.is_overdue()


def test_the_board_report_lists_each_action_and_what_is_overdue(client, chair, small_review, plan):
    client.force_login(chair)
    html = client.get(f"/reviews/{small_review.pk}/progress/").content.decode()
    assert "Brief all response officers" in html and "Inspector Quayle" in html
    assert "<strong>1 overdue</strong>" in html and "0 complete (0%)" in html


def test_completing_an_action_needs_the_evidence_and_the_date(client, chair, small_review, plan):
    _, late, _ = plan
    client.force_login(chair)
    url = f"/reviews/{small_review.pk}/actions/{late.pk}/"
    response = client.post(
        url, {"status": "complete", "due": "2020-01-31", "evidence": "", "completed_on": ""}
    )
    assert (
        response.status_code == 200 and "Say what shows the action is complete" in response.content.decode()
    )
    response = client.post(
        url,
        {
            "status": "complete",
            "due": "2020-01-31",
            "evidence": "Slides and attendance list",
            "completed_on": "2020-02-03",
        },
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.status == "complete" and late.evidence == "Slides and attendance list"


def test_a_chair_adds_a_recommendation_and_an_action_on_the_page(client, chair, small_review):
    client.force_login(chair)
    client.post(
        f"/reviews/{small_review.pk}/recommendations/",
        {
            "rec-number": 3,
            "rec-level": "overview",
            "rec-text": "GPs to ask about abuse.",
            "rec-lead_agency": Agency.objects.get(code="gp").pk,
            "rec-theme": "health_enquiry",
        },
    )
    rec = Recommendation.objects.get(review=small_review, number=3)
    client.post(
        f"/reviews/{small_review.pk}/recommendations/{rec.pk}/actions/",
        {"action-text": "Routine enquiry training", "action-owner": "Named GP", "action-due": "2023-06-30"},
    )
    assert rec.actions.get().owner == "Named GP"
    html = client.get(f"/reviews/{small_review.pk}/recommendations/").content.decode()
    assert "GPs to ask about abuse." in html and "Routine enquiry training" in html


def test_the_themes_page_shows_a_theme_that_recurs_across_reviews(client, chair, small_review, plan):
    from safeguarding.reviews.operations import create_review

    other = create_review(
        actor=chair,
        reference="DHR-2023-04",
        title="Case 4",
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2021, 1, 1),
    )
    Recommendation.objects.create(review=other, number=1, text="Use DVPOs.", theme="positive_action")
    Recommendation.objects.create(review=other, number=2, text="Train on coercive control.", theme="training")
    client.force_login(chair)
    html = client.get("/reviews/themes/").content.decode()
    row = html.split("Positive action by police")[1].split("</tr>")[0]
    assert "Recurs" in row
    assert "Recurs" not in html.split("Training and awareness")[1].split("</tr>")[0]

"""Opening a review names V1 (and P1), plans the statutory stages from the notification date, and the
overview says which stages are late."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding.audit.models import AuditEntry
from safeguarding.people.models import Person
from safeguarding.reviews.models import Review, Stage

pytestmark = pytest.mark.django_db


def test_opening_a_review_plans_its_stages_and_names_its_people(client, chair):
    person = Person.objects.create(display_name="Ilse Marrow")
    client.force_login(chair)
    response = client.post(
        "/reviews/new/",
        {
            "kind": "dardr", "reference": "DARDR-2025-01", "title": "Ilse", "death_kind": "suicide",
            "period_start": "2023-01-01", "period_end": "2024-12-31", "notified_on": "2025-01-10",
            "deceased_person": person.pk,
        },
    )  # fmt: skip
    review = Review.objects.get(reference="DARDR-2025-01")
    assert response.status_code == 302 and response["Location"] == f"/reviews/{review.pk}/"
    assert review.get_kind_display() == "Domestic Abuse Related Death Review"
    assert review.deceased.person == person and review.deceased.pseudonym == "V1"
    assert Stage.objects.get(review=review, kind="decision").due == dt.date(2025, 2, 9)
    assert Stage.objects.get(review=review, kind="notification").completed == dt.date(2025, 1, 10)
    assert AuditEntry.objects.filter(action="review_changed", object_id=str(review.pk)).exists()


def test_a_period_that_ends_before_it_starts_is_refused_with_an_error_summary(client, chair):
    client.force_login(chair)
    response = client.post(
        "/reviews/new/",
        {"kind": "dhr", "reference": "DHR-B", "title": "B", "death_kind": "homicide",
         "period_start": "2024-01-01", "period_end": "2023-01-01"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "must end after it starts" in html and not Review.objects.filter(reference="DHR-B").exists()


def test_the_overview_marks_a_stage_past_its_due_date_as_late(client, chair, small_review):
    Stage.objects.filter(review=small_review, kind="scoping").update(due=dt.date(2022, 1, 19), completed=None)
    Stage.objects.filter(review=small_review, kind="decision").update(completed=dt.date(2022, 3, 1))
    scoping = Stage.objects.get(review=small_review, kind="scoping")
    assert scoping.is_late(dt.date(2022, 1, 20)) and not scoping.is_late(dt.date(2022, 1, 19))
    assert Stage.objects.get(review=small_review, kind="decision").status() == "completed late"
    client.force_login(chair)
    html = client.get(f"/reviews/{small_review.pk}/").content.decode()
    assert "Late:" in html and "Scoping review (due 19 January 2022)" in html
    assert "Completed late" in html

"""Reminders: an agency's return 7 days and 1 day before it is due and every 14 days once overdue; an
action 28 and 7 days before and after; a late stage. `due_reminders(today)` is what `safeguarding notify`
calls; `send_due_reminders` e-mails them once, however often it is re-run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from safeguarding.agencies.models import Agency
from safeguarding.reviews.models import Action, AgencyRequest, Recommendation
from safeguarding.reviews.reminders import due_reminders, send_due_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_things(small_review):
    req = AgencyRequest.objects.create(
        review=small_review,
        agency=Agency.objects.get(code="gp"),
        kind="management_review",
        due=dt.date(2022, 3, 1),
    )
    rec = Recommendation.objects.create(review=small_review, number=1, text="x")
    action = Action.objects.create(
        recommendation=rec,
        text="Train staff",
        owner="Lead",
        owner_email="lead@example.org",
        due=dt.date(2022, 6, 30),
    )
    return req, action


def keys(day):
    return sorted(
        r.key.rsplit(":", 1)[0].split(":")[0] + ":" + r.key.rsplit(":", 1)[1] for r in due_reminders(day)
    )


def test_a_return_is_reminded_before_its_date_and_while_overdue(due_things):
    assert "review-request:before7" in keys(dt.date(2022, 2, 22))
    assert "review-request:before1" in keys(dt.date(2022, 2, 28))
    assert not any(k.startswith("review-request") for k in keys(dt.date(2022, 2, 25)))
    assert "review-request:overdue1" in keys(dt.date(2022, 3, 2))
    assert "review-request:overdue15" in keys(dt.date(2022, 3, 16))


def test_a_returned_chronology_is_not_reminded(due_things):
    req, _ = due_things
    req.returned_on = dt.date(2022, 2, 20)
    req.save()
    assert not any(k.startswith("review-request") for k in keys(dt.date(2022, 2, 28)))


def test_an_action_is_reminded_before_and_after_its_due_date(due_things):
    assert "review-action:before28" in keys(dt.date(2022, 6, 2))
    assert "review-action:overdue1" in keys(dt.date(2022, 7, 1))


def test_sending_twice_on_the_same_day_sends_once(due_things, chair):
    sent = send_due_reminders(dt.date(2022, 7, 1))
    assert [r.key.split(":")[0] for r in sent].count("review-action") == 1
    assert any("lead@example.org" in m.to for m in mail.outbox)
    assert "chair@example.org" in {a for m in mail.outbox for a in m.to}
    count = len(mail.outbox)
    assert send_due_reminders(dt.date(2022, 7, 1)) == []
    assert len(mail.outbox) == count

"""`safeguarding notify` is the one daily run: it sends the reviews' reminders too, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from safeguarding.reviews.models import Action, Recommendation

pytestmark = pytest.mark.django_db


def test_an_action_due_in_a_week_is_reminded_by_the_daily_run_and_only_once(small_review):
    recommendation = Recommendation.objects.create(
        review=small_review, number=1, text="Train reception staff"
    )
    Action.objects.create(
        recommendation=recommendation,
        text="Run the training",
        owner="Practice lead",
        owner_email="practice.lead@example.org",
        due=timezone.localdate() + dt.timedelta(days=7),
    )
    call_command("notify")
    sent_to = [address for message in mail.outbox for address in message.to]
    assert sent_to.count("practice.lead@example.org") == 1

    call_command("notify")
    sent_to = [address for message in mail.outbox for address in message.to]
    assert sent_to.count("practice.lead@example.org") == 1

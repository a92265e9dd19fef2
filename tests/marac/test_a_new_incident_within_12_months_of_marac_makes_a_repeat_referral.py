"""A new domestic incident within 12 months of someone's last MARAC meeting makes a repeat referral."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safeguarding.marac import casework
from safeguarding.marac.models import MaracMeeting, Referral
from tests.personas import make_record

pytestmark = pytest.mark.django_db


def _heard_at_marac(storyline, days_ago: int) -> MaracMeeting:
    meeting = MaracMeeting.objects.create(date=timezone.localdate() - dt.timedelta(days=days_ago))
    casework.make_referral(
        person=storyline.victim, criterion="escalation", reason="x", user=storyline.idva_worker
    )
    Referral.objects.update(meeting=meeting, status=Referral.Status.HEARD)
    return meeting


def _new_incident(storyline, days_ago: int, record_id: str = "INC-NEW-1"):
    when = (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()
    return make_record(
        "police", record_id, "incident", when,
        [{"ref": "a", "role": "victim", "name": "Vera Quillfeather", "person": storyline.victim}],
        summary="Shouting heard; she had a cut lip.",
    )  # fmt: skip


def test_an_incident_after_the_meeting_makes_one_repeat_referral(storyline):
    _heard_at_marac(storyline, days_ago=60)
    record = _new_incident(storyline, days_ago=10)
    made = casework.detect_repeats([storyline.victim.pk])
    assert len(made) == 1
    assert made[0].criterion == Referral.Criterion.REPEAT and made[0].trigger_record == record
    assert casework.detect_repeats([storyline.victim.pk]) == []  # safe to run again


def test_an_incident_more_than_12_months_after_the_meeting_is_not_a_repeat(storyline):
    _heard_at_marac(storyline, days_ago=400)
    _new_incident(storyline, days_ago=5)
    assert casework.detect_repeats([storyline.victim.pk]) == []


def test_someone_never_heard_at_marac_is_not_a_repeat(storyline):
    _new_incident(storyline, days_ago=5)
    assert casework.detect_repeats([storyline.victim.pk]) == []


def test_linkage_announcing_a_changed_person_triggers_the_check(storyline):
    from safeguarding.people.events import people_changed

    _heard_at_marac(storyline, days_ago=30)
    _new_incident(storyline, days_ago=2)
    people_changed.send(sender=None, person_ids=[storyline.victim.pk])
    assert Referral.objects.filter(criterion=Referral.Criterion.REPEAT).count() == 1

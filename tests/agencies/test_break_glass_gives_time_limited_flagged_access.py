from datetime import timedelta

import pytest
from django.utils import timezone

from safeguarding.agencies.access import BreakGlassRefused, break_glass, can_view_person, may_see_record
from safeguarding.agencies.models import BreakGlassGrant
from safeguarding.audit.models import AuditEntry


def test_break_glass_lets_the_gp_see_the_victims_records_and_is_flagged(storyline, gp_worker):
    grant = break_glass(gp_worker, storyline.victim, "Patient collapsed in surgery; need recent injuries.")
    assert can_view_person(gp_worker, storyline.victim)
    assert may_see_record(gp_worker, storyline.police_incident)
    entry = AuditEntry.objects.get(action="break_glass", actor=gp_worker)
    assert entry.flagged_for_review and entry.person_id == storyline.victim.pk
    assert entry.reason.startswith("Patient collapsed")
    assert grant.outcome == BreakGlassGrant.Outcome.PENDING


def test_break_glass_expires(storyline, gp_worker):
    grant = break_glass(gp_worker, storyline.victim, "Patient collapsed in surgery; need recent injuries.")
    BreakGlassGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not can_view_person(gp_worker, storyline.victim)


def test_break_glass_needs_a_reason(storyline, gp_worker):
    with pytest.raises(BreakGlassRefused):
        break_glass(gp_worker, storyline.victim, "because")
    assert not BreakGlassGrant.objects.exists()


def test_break_glass_never_reveals_a_confidential_record(storyline, gp_worker):
    break_glass(gp_worker, storyline.victim, "Patient collapsed in surgery; need recent injuries.")
    assert not may_see_record(gp_worker, storyline.idva_disclosure)


def test_an_auditor_cannot_break_glass(storyline, auditor):
    with pytest.raises(BreakGlassRefused):
        break_glass(auditor, storyline.victim, "I would like to look at this person please.")

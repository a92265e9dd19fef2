"""Acknowledge, record the action, dismiss with a reason, assign: each through the signals' verbs, audited."""

from __future__ import annotations

import pytest
from django.utils import timezone

from safeguarding.agencies.models import Agency
from safeguarding.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def signal(storyline):
    from safeguarding.signals.models import Signal

    return Signal.objects.create(
        code="ESCALATION", person=storyline.victim, anchor=storyline.victim, first_raised=timezone.localdate(),
        evidence=[["police", "INC-TEST-0001"], ["housing", "HSG-TEST-0001"]],
        why="Three police call-outs in 12 months", action="Consider MARAC referral",
    )  # fmt: skip


def test_the_signal_page_says_why_since_when_what_to_do_and_links_the_evidence(client, storyline, signal):
    client.force_login(storyline.police_officer)
    html = client.get(f"/signals/{signal.pk}/").content.decode()
    assert "Three police call-outs in 12 months" in html and "Consider MARAC referral" in html
    assert f"#record-{storyline.police_incident.pk}" in html
    # police may not see the housing record: the concern shows, the detail does not
    assert "A record held by Council housing department that you may not see" in html


def test_acknowledging_changes_its_status_and_is_audited(client, storyline, signal):
    client.force_login(storyline.police_officer)
    response = client.post(f"/signals/{signal.pk}/acknowledge/")
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == "acknowledged"
    assert AuditEntry.objects.filter(action="signal_acknowledged", person_id=storyline.victim.pk).exists()


def test_recording_an_action_keeps_what_was_done_in_its_history(client, storyline, signal):
    client.force_login(storyline.police_officer)
    client.post(f"/signals/{signal.pk}/action/", {"text": "Referred to MARAC"})
    signal.refresh_from_db()
    assert signal.status == "actioned"
    assert "Referred to MARAC" in client.get(f"/signals/{signal.pk}/").content.decode()


def test_dismissing_needs_a_reason(client, storyline, signal):
    client.force_login(storyline.police_officer)
    client.post(f"/signals/{signal.pk}/dismiss/", {"reason": ""})
    signal.refresh_from_db()
    assert signal.status == "open"
    client.post(f"/signals/{signal.pk}/dismiss/", {"reason": "Same incident recorded twice"})
    signal.refresh_from_db()
    assert signal.status == "dismissed"


def test_assigning_to_an_agency_shows_on_the_signal(client, storyline, signal):
    client.force_login(storyline.police_officer)
    idva = Agency.objects.get(code="idva")
    client.post(f"/signals/{signal.pk}/assign/", {"agency": idva.pk})
    signal.refresh_from_db()
    assert signal.assigned_agency == idva
    assert AuditEntry.objects.filter(action="signal_assigned").exists()


def test_an_agency_with_no_relationship_can_neither_see_nor_act_on_it(client, storyline, signal):
    client.force_login(storyline.gp_worker)
    assert client.get(f"/signals/{signal.pk}/").status_code == 404
    assert client.post(f"/signals/{signal.pk}/acknowledge/").status_code == 404
    signal.refresh_from_db()
    assert signal.status == "open"


def test_the_home_page_lists_open_signals_on_people_the_agency_works_with(client, storyline, signal):
    client.force_login(storyline.police_officer)
    html = client.get("/").content.decode()
    assert "Escalating police call-outs" in html or "Escalation" in html
    assert f"/people/{storyline.victim.pk}/" in html

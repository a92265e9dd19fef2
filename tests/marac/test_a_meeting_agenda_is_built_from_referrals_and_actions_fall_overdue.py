"""The coordinator lists referrals on a meeting, records actions with an owner and a due date, and
sees them fall overdue; the owner agency can close them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safeguarding.agencies.models import Agency
from safeguarding.marac import casework
from safeguarding.marac.models import Action, MaracMeeting, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(storyline):
    return casework.make_referral(
        person=storyline.victim, criterion="escalation", reason="Three call-outs", user=storyline.idva_worker
    )


def test_the_coordinator_plans_a_meeting_and_adds_the_referral_to_its_agenda(client, storyline, referral):
    client.force_login(storyline.marac_coordinator)
    day = timezone.localdate() + dt.timedelta(days=7)
    police = Agency.objects.get(code="police")
    response = client.post(
        "/marac/meetings/new/",
        {
            "date-day": day.day,
            "date-month": day.month,
            "date-year": day.year,
            "location": "Town hall",
            "agencies": [police.pk],
        },
    )
    meeting = MaracMeeting.objects.get()
    assert response.status_code == 302 and meeting.date == day
    client.post(f"/marac/meetings/{meeting.pk}/", {"referral": referral.pk})
    referral.refresh_from_db()
    assert referral.meeting == meeting and referral.status == Referral.Status.LISTED
    html = client.get(f"/marac/meetings/{meeting.pk}/").content.decode()
    assert "Vera Quillfeather" in html and "Potential escalation" in html


def test_research_for_the_case_pulls_every_agencys_records_since_the_last_meeting(
    client, storyline, referral
):
    client.force_login(storyline.marac_coordinator)
    html = client.get(f"/marac/referrals/{referral.pk}/").content.decode()
    assert "Research" in html


def test_an_action_past_its_due_date_is_on_the_overdue_list_until_the_owner_closes_it(
    client, storyline, referral
):
    client.force_login(storyline.marac_coordinator)
    past = timezone.localdate() - dt.timedelta(days=3)
    police = Agency.objects.get(code="police")
    client.post(
        f"/marac/referrals/{referral.pk}/",
        {"text": "Flag the address for urgent response", "owner_agency": police.pk,
         "due-day": past.day, "due-month": past.month, "due-year": past.year},
    )  # fmt: skip
    action = Action.objects.get()
    assert action.owner_agency == police and action.is_overdue()
    assert "Flag the address" in client.get("/marac/actions/overdue/").content.decode()

    client.force_login(storyline.police_officer)
    client.post(
        f"/marac/actions/{action.pk}/", {"status": "done", "outcome": "Flagged on the command system"}
    )
    action.refresh_from_db()
    assert action.status == "done"
    client.force_login(storyline.marac_coordinator)
    assert "Flag the address" not in client.get("/marac/actions/overdue/").content.decode()


def test_another_agency_cannot_close_an_action_it_does_not_own(client, storyline, referral):
    action = casework.add_action(
        referral=referral, text="Visit", owner_agency=Agency.objects.get(code="police"),
        due=timezone.localdate(), user=storyline.marac_coordinator,
    )  # fmt: skip
    client.force_login(storyline.idva_worker)
    assert client.post(f"/marac/actions/{action.pk}/", {"status": "done"}).status_code == 404
    action.refresh_from_db()
    assert action.status == "open"


def test_only_the_coordinator_plans_meetings(client, storyline):
    client.force_login(storyline.police_officer)
    assert client.get("/marac/meetings/new/").status_code == 404


def test_referral_and_hearing_become_records_on_her_timeline_for_the_signals(client, storyline, referral):
    from safeguarding.records.models import Record

    assert Record.objects.filter(type="marac_referral", mentions__person=storyline.victim).exists()
    meeting = MaracMeeting.objects.create(date=timezone.localdate())
    casework.list_on_meeting(referral, meeting, storyline.marac_coordinator)
    casework.save_minutes(meeting, "Heard; safety plan agreed.", storyline.marac_coordinator)
    heard = Record.objects.get(type="marac_meeting", mentions__person=storyline.victim)
    assert heard.agency.code == "marac" and heard.occurred == timezone.localdate().isoformat()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.HEARD

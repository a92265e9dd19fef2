"""A raised signal and an overdue action notify the right people, in the application and by e-mail,
once only; e-mail never names the person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from safeguarding.agencies.models import Agency
from safeguarding.marac import casework
from safeguarding.web.models import Notification
from safeguarding.web.notify import notify_signal_raised

pytestmark = pytest.mark.django_db


def _signal(storyline):
    from safeguarding.signals.models import Signal

    return Signal.objects.create(
        code="ESCALATION", person=storyline.victim, anchor=storyline.victim, first_raised=timezone.localdate(),
        evidence=[["police", "INC-TEST-0001"]], why="Three call-outs", action="Consider MARAC",
    )  # fmt: skip


def test_a_raised_signal_notifies_staff_of_agencies_that_hold_records_about_the_person(
    storyline, django_capture_on_commit_callbacks
):
    storyline.police_officer.email = "officer@example.org"
    storyline.police_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        _signal(storyline)
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert "police_officer" in told and "idva_worker" in told
    assert "gp_worker" not in told
    assert len(mail.outbox) == 1
    assert "Vera" not in mail.outbox[0].body and "Quillfeather" not in mail.outbox[0].body


def test_notifying_again_tells_no_one_twice(storyline, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signal = _signal(storyline)
    before = Notification.objects.count()
    assert notify_signal_raised(signal) == 0
    assert Notification.objects.count() == before


def test_the_notify_command_reports_overdue_actions_and_can_run_again(storyline):
    referral = casework.make_referral(
        person=storyline.victim, criterion="escalation", reason="x", user=storyline.idva_worker
    )
    casework.add_action(
        referral=referral, text="Visit", owner_agency=Agency.objects.get(code="police"),
        due=timezone.localdate() - dt.timedelta(days=1), user=storyline.marac_coordinator,
    )  # fmt: skip
    call_command("notify")
    overdue = Notification.objects.filter(kind="action_overdue")
    assert set(overdue.values_list("user__username", flat=True)) >= {"police_officer", "marac_coordinator"}
    count = overdue.count()
    call_command("notify")
    assert Notification.objects.filter(kind="action_overdue").count() == count


def test_the_header_counts_unread_notifications_and_the_list_marks_them_read(client, storyline):
    Notification.objects.create(
        user=storyline.police_officer, kind="referral", key="k1", title="New referral", url="/marac/"
    )
    client.force_login(storyline.police_officer)
    html = client.get("/").content.decode()
    assert 'class="app-count">1<' in html
    assert "New referral" in client.get("/notifications/").content.decode()
    client.post("/notifications/read/")
    assert 'class="app-count app-count--zero">0<' in client.get("/").content.decode()

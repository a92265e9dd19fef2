"""`safeguarding notify`: the daily run. Re-runnable: nobody is told the same thing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from safeguarding.marac.casework import detect_repeats
from safeguarding.marac.models import MaracMeeting
from safeguarding.reviews.reminders import send_due_reminders
from safeguarding.web.notify import notify_overdue


class Command(BaseCommand):
    help = (
        "The daily run: notify owners of overdue MARAC actions, detect repeat MARAC referrals, and send "
        "Domestic Homicide Review reminders (returns awaited, actions due or overdue, late stages)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        people = MaracMeeting.objects.values_list("referrals__person_id", flat=True).distinct()
        repeats = detect_repeats([p for p in people if p])
        sent = notify_overdue()
        reminders = send_due_reminders(timezone.localdate())
        self.stderr.write(
            f"{len(repeats)} repeat referral(s) made; {sent} overdue-action notification(s) sent; "
            f"{len(reminders)} review reminder(s) sent."
        )

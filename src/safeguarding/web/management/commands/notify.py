"""`safeguarding notify`: the daily run. Re-runnable: nobody is told the same thing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safeguarding.marac.casework import detect_repeats
from safeguarding.marac.models import MaracMeeting
from safeguarding.web.notify import notify_overdue


class Command(BaseCommand):
    help = "Notify owners of overdue MARAC actions, and detect repeat MARAC referrals."

    def handle(self, *args: Any, **options: Any) -> None:
        people = MaracMeeting.objects.values_list("referrals__person_id", flat=True).distinct()
        repeats = detect_repeats([p for p in people if p])
        sent = notify_overdue()
        self.stderr.write(
            f"{len(repeats)} repeat referral(s) made; {sent} overdue-action notification(s) sent."
        )

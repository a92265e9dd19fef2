from collections import Counter

from django.core.management.base import BaseCommand
from django.utils import timezone

from safeguarding.signals.catalogue import CATALOGUE
from safeguarding.signals.evaluation import evaluate_all, run_daily
from safeguarding.signals.models import Signal
from safeguarding.signals.reading import read_records


class Command(BaseCommand):
    help = (
        "Evaluate every signal for everyone, then the daily (absence) signals for today, and print a summary by code."
        " Safe to re-run; run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="evaluate as on this day (YYYY-MM-DD); default today")
        parser.add_argument(
            "--daily-only", action="store_true", help="only the daily run of the absence signals"
        )
        parser.add_argument("--reread", action="store_true", help="read every record's text again first")

    def handle(self, *args, **options):
        from datetime import date

        from safeguarding.records.models import Record

        day = date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
        if options["reread"]:
            n = read_records(Record.objects.values_list("pk", flat=True), force=True)
            self.stderr.write(f"read the text of {n:,} records")
        if not options["daily_only"]:
            changes = evaluate_all(
                day, progress=lambda done, total: self.stderr.write(f"evaluated {done:,}/{total:,} people")
            )
            self.stderr.write(
                f"raised {len(changes.raised)}, cleared {len(changes.cleared)}, reopened {len(changes.reopened)}"
            )
        daily = run_daily(day)
        self.stderr.write(f"daily run for {day}: raised {len(daily.raised)}, cleared {len(daily.cleared)}")
        open_now = Counter(Signal.objects.filter(cleared__isnull=True).values_list("code", flat=True))
        total = Counter(Signal.objects.values_list("code", flat=True))
        self.stdout.write(f"{'signal':<30} {'open':>7} {'episodes':>9}")
        for code in CATALOGUE:
            self.stdout.write(f"{code:<30} {open_now.get(code, 0):>7,} {total.get(code, 0):>9,}")
        self.stdout.write(f"{'all':<30} {sum(open_now.values()):>7,} {sum(total.values()):>9,}")

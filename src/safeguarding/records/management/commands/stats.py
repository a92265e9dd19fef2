import json

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Count the records, subject mentions, people and signals in the configured database."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON (the default is a table)")

    def handle(self, *args, **options):
        counts = {
            "records": apps.get_model("records", "Record").objects.count(),
            "mentions": apps.get_model("people", "Mention").objects.count(),
            "people": apps.get_model("people", "Person").objects.count(),
            "signals": _signal_count(),
        }
        if options["json"]:
            self.stdout.write(json.dumps(counts))
        else:
            for key, value in counts.items():
                self.stdout.write(f"{key:<10} {value:>10,}")


def _signal_count() -> int:
    from safeguarding.signals.models import Signal

    return Signal.objects.count()

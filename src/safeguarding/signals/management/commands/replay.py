import json
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from safeguarding.signals.replay import CaseRejected, replay


class Command(BaseCommand):
    help = (
        "Replay a case folder's records.jsonl in recorded order (linkage and every signal after each record, the"
        " absence signals day by day) and print its people and signals. Uses the database it is given: the"
        " `safeguarding replay` command points it at a throw-away one."
    )

    def add_arguments(self, parser):
        parser.add_argument("case_dir", help="a folder holding records.jsonl (expected.json is never read)")
        parser.add_argument("--json", action="store_true", help="print the replay output document (JSON)")
        parser.add_argument(
            "--horizon",
            type=int,
            default=30,
            help="days to keep the daily clock running after the last record",
        )

    def handle(self, *args, **options):
        call_command("migrate", verbosity=0, interactive=False)
        try:
            output = replay(Path(options["case_dir"]), horizon_days=options["horizon"], err=self.stderr)
        except CaseRejected as exc:
            raise CommandError(f"the case was not replayed:\n{exc}") from exc
        if options["json"]:
            self.stdout.write(json.dumps(output, indent=1, ensure_ascii=False))
            return
        labels = {p["id"]: p["name"] for p in output["people"]}
        self.stdout.write(f"{len(output['people'])} people, {len(output['signals'])} signal episodes")
        for s in output["signals"]:
            who = labels.get(s["person"], s["person"])
            if "other" in s:
                who += f" (about {labels.get(s['other'], s['other'])})"
            until = f" to {s['cleared']}" if s["cleared"] else ""
            self.stdout.write(f"{s['first_raised']}{until}  {s['code']:<30} {who}: {s['why']}")

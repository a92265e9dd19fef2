"""`safeguarding import FILE...`: each file all or nothing; a refused file does not stop the others."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safeguarding.records.importer import ImportRejected, import_file


class Command(BaseCommand):
    help = (
        "Import records in the chronology format (.jsonl, .csv, .xlsx). Each file is imported all or "
        "nothing; re-importing a file updates changed records and keeps their earlier versions."
    )
    # A data load should not depend on every view module importing cleanly.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--no-link",
            action="store_true",
            help="do not link the records' subjects now (for bulk loads; run `safeguarding link` after)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on standard error")

    def handle(self, *args, **options):
        refused = 0
        progress = not options["no_progress"] and sys.stderr.isatty()
        for name in options["files"]:
            try:
                result = import_file(
                    Path(name), notify=not options["no_link"], progress=progress, display=name
                )
            except ImportRejected as exc:
                refused += 1
                self.stderr.write(str(exc))
                self.stdout.write(f"{name}: refused ({len(exc.problems)} problems); nothing imported")
                continue
            self.stdout.write(result.summary())
        if refused:
            raise CommandError(f"{refused} of {len(options['files'])} files refused; see the problems above")

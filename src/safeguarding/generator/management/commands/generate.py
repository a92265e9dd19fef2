"""`safeguarding generate --people N --out DIR [--seed S]`: write a synthetic population and its truth."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguarding.generator import generate_population


class Command(BaseCommand):
    help = (
        "Write a synthetic multi-agency population as DIR/records.jsonl and its truth as DIR/expected.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=1000, help="number of people (default 1000)")
        parser.add_argument(
            "--records",
            type=int,
            default=None,
            help="instead of --people: add households until at least this many records",
        )
        parser.add_argument("--out", required=True, type=Path, help="output folder")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--storyline-share",
            type=float,
            default=0.05,
            help="share of people who carry a domestic-abuse storyline (default 0.05)",
        )
        parser.add_argument("--start-year", type=int, default=2012)
        parser.add_argument("--end-year", type=int, default=2023)

    def handle(self, *args: Any, **options: Any) -> None:
        step = 50_000
        shown = [0]

        def progress(people: int, records: int) -> None:
            if records - shown[0] >= step:
                shown[0] = records
                sys.stderr.write(f"\r{people:,} people, {records:,} records")
                sys.stderr.flush()

        try:
            summary = generate_population(
                people=options["people"],
                seed=options["seed"],
                out_dir=options["out"],
                storyline_share=options["storyline_share"],
                start_year=options["start_year"],
                end_year=options["end_year"],
                records=options["records"],
                progress=progress,
            )
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if shown[0]:
            sys.stderr.write("\n")
        for line in summary.lines():
            sys.stderr.write(line + "\n")
        self.stdout.write(str(summary.records_path))
        self.stdout.write(str(summary.expected_path))

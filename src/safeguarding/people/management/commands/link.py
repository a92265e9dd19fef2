"""`safeguarding link`: re-link every subject mention into people (safe to re-run).

With `--train`, estimate a new model instead (unsupervised: u by random sampling, m by EM) from
a generated population, a records file, or the partnership's own mentions, and write it as JSON.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Re-link every subject mention into people (the full Splink run), or train a new model."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--backend", choices=["duckdb", "spark"], default="duckdb")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")
        parser.add_argument("--train", action="store_true", help="train a model instead of linking")
        parser.add_argument("--out", type=Path, help="where --train writes the model JSON")
        parser.add_argument(
            "--source",
            default="generated",
            help="--train on: 'generated' (a generator population), 'database' (the mentions "
            "already imported), or a records .jsonl file",
        )
        parser.add_argument(
            "--people", type=int, default=20000, help="population size for --source generated"
        )
        parser.add_argument("--seed", type=int, default=7, help="generator seed for --source generated")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["train"]:
            self._train(options)
            return
        from safeguarding.people.linking import relink_all

        sys.stderr.write("Linking every mention...\n")
        summary = relink_all(backend=options["backend"])
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            for key, value in summary.items():
                self.stdout.write(f"{key:<20} {value}")

    def _train(self, options: dict[str, Any]) -> None:
        from safeguarding.people.splink_run import frame_from_rows, rows_from_records_file, train

        out = options["out"]
        if out is None:
            raise CommandError("--train needs --out PATH for the model JSON")
        source = options["source"]
        if source == "database":
            from safeguarding.people.models import Mention

            rows = [
                {**r, "unique_id": r["id"], "record_key": r["record_id"]}
                for r in Mention.objects.values(
                    "id", "record_id", "name", "dob", "gender", "address", "postcode", "ids", "role"
                )
            ]
            note = f"trained on this partnership's {len(rows)} mentions"
        elif source == "generated":
            from safeguarding.generator import generate_population

            with tempfile.TemporaryDirectory() as tmp:
                sys.stderr.write(f"Generating {options['people']} people (seed {options['seed']})...\n")
                generate_population(options["people"], options["seed"], Path(tmp))
                rows = rows_from_records_file(Path(tmp) / "records.jsonl")
            note = f"trained on a generated population of {options['people']} people, seed {options['seed']}"
        else:
            path = Path(source)
            if not path.is_file():
                raise CommandError(f"{path}: no such records file")
            rows = rows_from_records_file(path)
            note = f"trained on {path.name}"
        if len(rows) < 1000:
            raise CommandError(f"{len(rows)} mentions are too few to train on; use the default model")
        sys.stderr.write(f"Training on {len(rows)} mentions...\n")
        train(frame_from_rows(rows), out, note=note)
        self.stdout.write(f"model written to {out} ({note})")

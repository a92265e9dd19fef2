"""`safeguarding review build|export|remind`.

build CASE_DIR --out DIR     a whole review from a case folder, in a throw-away database
export REVIEW --format F     a review's combined chronology (xlsx, docx or json) on the configured database
remind [--date D]            e-mail the reminders due (returns awaited, actions due or overdue, late stages)
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Domestic Homicide Reviews: build a review from a case folder, export a review, send reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        b = sub.add_parser("build", help="build a review from a case folder in a throw-away database")
        b.add_argument("case_dir", type=Path)
        b.add_argument("--out", type=Path, required=True)
        e = sub.add_parser("export", help="export a review's combined chronology")
        e.add_argument("review", help="the review's reference (e.g. DHR-2012-02) or number")
        e.add_argument("--format", choices=["xlsx", "docx", "json"], required=True)
        e.add_argument("--out", type=Path, help="file or folder to write (default: standard output for json)")
        e.add_argument(
            "--published", action="store_true", help="the pseudonymised chronology for publication"
        )
        r = sub.add_parser("remind", help="send the reminders due today (safe to re-run)")
        r.add_argument("--date", type=dt.date.fromisoformat, help="the day to act as (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "build":
            self._build(options["case_dir"], options["out"])
        elif action == "export":
            self._export(options["review"], options["format"], options.get("out"), options["published"])
        else:
            self._remind(options.get("date"))

    def _build(self, case_dir: Path, out: Path) -> None:
        if not (case_dir / "records.jsonl").is_file():
            raise CommandError(f"{case_dir}/records.jsonl: no such file (a case folder holds records.jsonl)")
        if os.environ.get("SAFEGUARDING_THROWAWAY_DB") != "1":
            raise CommandError(
                "review build runs only in a throw-away database: use `safeguarding review build`"
            )
        call_command("migrate", verbosity=0, interactive=False)
        from safeguarding.reviews.build import build

        self.stderr.write(f"Building a review from {case_dir} ...")
        try:
            written = build(case_dir, out)
        except ValueError as exc:
            raise CommandError(f"{case_dir}/records.jsonl: {exc}") from exc
        for name, path in written.items():
            self.stderr.write(f"  wrote {name} ({path.stat().st_size:,} bytes)")

    def _export(self, ref: str, fmt: str, out: Path | None, published: bool) -> None:
        from safeguarding.audit.log import log_action
        from safeguarding.reviews.exports import export_review
        from safeguarding.reviews.models import Review

        review = Review.objects.filter(reference=ref).first()
        if review is None and ref.isdigit():
            review = Review.objects.filter(pk=int(ref)).first()
        if review is None:
            raise CommandError(
                f"No review {ref!r}. Reviews: {', '.join(Review.objects.values_list('reference', flat=True)) or 'none'}"
            )
        if out is None and fmt != "json":
            out = Path.cwd()
        if out is None:
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                path = export_review(review, fmt, Path(tmp) / "out.json", published=published)
                self.stdout.write(path.read_text(), ending="")
        else:
            path = export_review(review, fmt, out, published=published)
            self.stderr.write(f"Wrote {path}")
        log_action(
            "export",
            target=review,
            detail={"review": review.reference, "format": fmt, "published": published, "via": "command line"},
        )

    def _remind(self, on: dt.date | None) -> None:
        from django.utils import timezone

        from safeguarding.reviews.reminders import send_due_reminders

        sent = send_due_reminders(on or timezone.localdate())
        for r in sent:
            self.stderr.write(f"  {r.title}")
        self.stderr.write(f"{len(sent)} reminder(s) sent.")

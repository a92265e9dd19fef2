"""`safeguarding demo`: build the demo database from the generator, create the demo users, serve."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import orjson
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

DEMO_PASSWORD = "demo-only-password"  # noqa: S105 - fixed by docs/interfaces.md, refused in production


class Command(BaseCommand):
    help = "Build the demo database (when missing), create the demo users and serve the application."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="build the database and stop")
        parser.add_argument("--people", type=int, default=3000, help="size of the synthetic population")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--rebuild", action="store_true", help="throw the demo database away and rebuild")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo creates users with a published password, so it runs only with DJANGO_DEBUG=true."
            )
        started = time.monotonic()
        demo_file = settings.DATABASES["default"]["NAME"] if _is_sqlite() else None
        if demo_file:
            if options["rebuild"]:
                _remove_sqlite(demo_file)
            # A fresh clone has no var/ folder yet.
            Path(demo_file).parent.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        from safeguarding.agencies.demo import create_demo_users
        from safeguarding.records.models import Record

        # The users come first, so that the signals the build raises reach their notifications.
        users = create_demo_users(password=DEMO_PASSWORD)

        if Record.objects.exists():
            self.stderr.write("Demo database already built: using it (--rebuild to start again).")
        else:
            try:
                self._build(options["people"], options["seed"], {u.username: u for u in users})
            except BaseException:
                # A half-built demo database would be reused next time: remove it so that it is rebuilt.
                if demo_file:
                    from django.db import connection

                    connection.close()
                    _remove_sqlite(demo_file)
                raise
        self.stderr.write(f"Demo ready in {time.monotonic() - started:.0f} s.")
        self._welcome(users, options["port"], serving=not options["no_serve"])
        if not options["no_serve"]:
            call_command("serve", port=options["port"])

    def _welcome(self, users: list, port: int, *, serving: bool) -> None:
        from safeguarding.marac.models import Referral

        url = f"http://127.0.0.1:{port}/"
        self.stdout.write(
            f"\nThe demo {'is at' if serving else 'is built; serve it with `safeguarding demo` and open'} {url}"
        )
        self.stdout.write(f"Demo users (password: {DEMO_PASSWORD}):")
        for user in users:
            agency = user.agency.name if user.agency else "no agency"
            self.stdout.write(f"  {user.username:<20} {user.get_role_display()}, {agency}")
        first = (
            Referral.objects.filter(status=Referral.Status.RECEIVED)
            .select_related("person")
            .order_by("pk")
            .first()
        )
        if first is not None:
            self.stdout.write(
                f"\nStart as marac.coordinator: {first.person} is first in the referral queue. Open her page, "
                "read her signals and timeline, then start a DASH risk assessment and refer her to MARAC."
            )
        self.stdout.write("")

    def _build(self, people: int, seed: int, users: dict) -> None:
        from django.utils import timezone

        from safeguarding.generator import generate_population
        from safeguarding.people.linking import relink_all
        from safeguarding.records.importer import import_file
        from safeguarding.signals.evaluation import live_evaluation_suspended
        from safeguarding.web import demo

        today = timezone.localdate()
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            with self._phase(
                f"Generating a synthetic population of {people:,} people (seed {seed}): ten years of records "
                "from a dozen agencies, with domestic-abuse storylines among ordinary lives"
            ):
                generate_population(
                    people=people, seed=seed, out_dir=out, start_year=today.year - 10, end_year=today.year
                )
                # The storylines run to the end of this year: the demo keeps what is recorded by today,
                # so that some are still unfolding and their signals hold now.
                kept = _keep_until(out / "records.jsonl", out / "today.jsonl", timezone.now())
            with self._phase(f"Importing their {kept:,} records, as each agency sent them"):
                result = import_file(out / "today.jsonl", notify=False, progress=True)
                self.stderr.write(f"  {result.created:,} records imported.")
        # The signals are worked out once, over the whole history, below: not after each step.
        with (
            live_evaluation_suspended(),
            self._phase("Linking the records' mentions into people (Splink); the longest step"),
        ):
            relink_all()
        with self._phase(
            "Working out each person's signal history: every signal a replay would have raised, and when"
        ):
            counts = demo.load_signal_history(
                today, progress=lambda done, total: self.stderr.write(f"  {done:,} of {total:,} people")
            )
            self.stderr.write(
                f"  {counts['open']:,} signals hold today; {counts['past']:,} held in the past."
            )
        with self._phase("Adding a MARAC's casework and a Domestic Homicide Review"):
            cases = demo.create_marac_work(users, today)
            review = demo.create_review(
                users["review.chair"], avoid=[p for ps in cases.values() for p in ps], today=today
            )
            self.stderr.write(
                f"  {len(cases['queue'])} referrals waiting, {len(cases['listed'])} cases on the next meeting, "
                f"{len(cases['heard'])} heard last month; review {review.reference if review else '(none: no past victim)'}."
            )

    @contextmanager
    def _phase(self, title: str) -> Iterator[None]:
        self.stderr.write(f"{title}...")
        began, cpu = time.monotonic(), _cpu_seconds()
        yield
        self.stderr.write(
            f"  done in {time.monotonic() - began:.1f} s ({_cpu_seconds() - cpu:.1f} s of CPU)."
        )


def _cpu_seconds() -> float:
    """User and system time of this process and of the worker processes it has waited for: on a busy
    machine the wall time says more about the neighbours than about the build."""
    return sum(os.times()[:4])


def _keep_until(source: Path, target: Path, now: datetime) -> int:
    """Copy the records recorded by `now`."""
    from safeguarding.records.parsing import parse_when

    kept = 0
    with source.open("rb") as lines, target.open("wb") as out:
        for line in lines:
            data = orjson.loads(line)
            if parse_when(data.get("recorded") or data.get("occurred"))[2] <= now:
                out.write(line)
                kept += 1
    return kept


def _is_sqlite() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def _remove_sqlite(path: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)

"""`safeguarding demo`: build the demo database from the generator, create the demo users, serve."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
        if options["rebuild"] and demo_file:
            _remove_sqlite(demo_file)
        call_command("migrate", interactive=False, verbosity=0)
        from safeguarding.agencies.demo import create_demo_users
        from safeguarding.records.models import Record

        # The users come first, so that the signals the build raises reach their notifications.
        users = create_demo_users(password=DEMO_PASSWORD)

        if Record.objects.exists():
            self.stderr.write("Demo database already built: using it (--rebuild to start again).")
        else:
            try:
                self._build(options["people"], options["seed"])
            except BaseException:
                # A half-built demo database would be reused next time: remove it so that it is rebuilt.
                if demo_file:
                    from django.db import connection

                    connection.close()
                    _remove_sqlite(demo_file)
                raise
        self.stderr.write(f"Demo ready in {time.monotonic() - started:.1f} s.")
        self.stdout.write(f"\nDemo users (password: {DEMO_PASSWORD}):")
        for user in users:
            agency = user.agency.name if user.agency else "no agency"
            self.stdout.write(f"  {user.username:<20} {user.get_role_display()}, {agency}")
        self.stdout.write("")
        if not options["no_serve"]:
            call_command("serve", port=options["port"])

    def _build(self, people: int, seed: int) -> None:
        from django.utils import timezone

        from safeguarding.generator import generate_population
        from safeguarding.people.linking import relink_all
        from safeguarding.records.importer import import_file
        from safeguarding.signals.evaluation import evaluate_all

        # Ten years of history up to the end of last year, so that the demo's people are current.
        this_year = timezone.localdate().year
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            with self._phase(f"Generating a synthetic population of {people:,} people (seed {seed})"):
                generate_population(
                    people=people, seed=seed, out_dir=out, start_year=this_year - 10, end_year=this_year - 1
                )
            with self._phase("Importing their records"):
                result = import_file(out / "records.jsonl", notify=False, progress=True)
                self.stderr.write(f"  {result.created:,} records imported.")
        with self._phase("Linking mentions into people"):
            relink_all()
        with self._phase("Evaluating every signal for everyone"):
            evaluate_all()

    @contextmanager
    def _phase(self, title: str) -> Iterator[None]:
        self.stderr.write(f"{title}...")
        began = time.monotonic()
        yield
        self.stderr.write(f"  done in {time.monotonic() - began:.1f} s.")


def _is_sqlite() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def _remove_sqlite(path: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)

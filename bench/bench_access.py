"""The cost of need-to-know access checks and audit writes on the person page, and the security headers.

    .venv/bin/python bench/bench_access.py                        # SQLite, 20,000 records in all
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_access.py --total 200000

Builds a throw-away database (unless DATABASE_URL is set: point it at a scratch one) with invented
people (safeguarding.web.benchdata): a victim with 2,000 records across 12 agencies and one with 20.
For each, as a police officer, it times what the person page spends on the access policy
(can_view_person, the visible records about her, confidential redaction of them) and on the audit
trail (the two log_action writes: person_viewed and timeline_viewed), and compares with the same
records fetched with no policy at all. Prints the fastest of --runs runs, in milliseconds; then lists
the security headers of a production response (Mozilla-Observatory-style).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def best_ms(func: Callable[[], object], runs: int) -> float:
    func()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=20000, help="records in the whole database")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.mkdtemp(prefix="bench-access-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from safeguarding.agencies import access
    from safeguarding.agencies.models import Agency, User
    from safeguarding.audit import log_action
    from safeguarding.people.models import Mention
    from safeguarding.records.models import Record
    from safeguarding.web import benchdata

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; building {args.total:,} records...", file=sys.stderr)
    few = benchdata.build(victim_records=20, total_records=20, start=20_000_000)["victim"]
    many = benchdata.build(victim_records=2000, total_records=max(args.total - 20, 2000))["victim"]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    officer, _ = User.objects.get_or_create(
        username="bench.officer",
        defaults={"agency": Agency.objects.get(code="police"), "role": "practitioner"},
    )

    def with_policy(person) -> Callable[[], object]:
        def run() -> object:
            assert access.can_view_person(officer, person)
            return list(access.visible_records(officer, about=person).select_related("agency"))

        return run

    def redaction(person) -> Callable[[], object]:
        records = with_policy(person)()

        def run() -> object:
            return access.redact_records(officer, records)

        return run

    def without_policy(person) -> Callable[[], object]:
        def run() -> object:
            ids = Mention.objects.filter(person=person).values("record_id")
            return list(Record.objects.filter(pk__in=ids).select_related("agency"))

        return run

    def audit(person) -> Callable[[], object]:
        def run() -> object:
            log_action("person_viewed", actor=officer, target=person, person_id=person.pk)
            return log_action("timeline_viewed", actor=officer, target=person, person_id=person.pk)

        return run

    print(
        f"{'person':<16}{'records':>8}{'no policy':>12}{'with policy':>13}{'access cost':>13}"
        f"{'redaction*':>12}{'audit x2':>10}"
    )
    for label, person in (("20 records", few), ("2,000 records", many)):
        count = Mention.objects.filter(person=person).count()
        base = best_ms(without_policy(person), args.runs)
        policed = best_ms(with_policy(person), args.runs)
        redact_ms = best_ms(redaction(person), args.runs)
        audit_ms = best_ms(audit(person), args.runs)
        print(
            f"{label:<16}{count:>8}{base:>10.1f}ms{policed:>11.1f}ms{policed - base:>11.1f}ms"
            f"{redact_ms:>10.1f}ms{audit_ms:>8.1f}ms"
        )
    print("times are the fastest of --runs (other processes share the machine)")
    print("* redaction runs only where someone named in her records has a confidential detail")

    print("\nSecurity headers of a production response (GET /accounts/login/ over HTTPS):")
    from django.conf import settings
    from django.test import Client

    settings.DEBUG = False
    settings.SECURE_HSTS_SECONDS = 63072000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_SSL_REDIRECT = False
    settings.ALLOWED_HOSTS = ["testserver"]
    response = Client().get("/accounts/login/", secure=True)
    for name in (
        "Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy",
        "X-Frame-Options", "Permissions-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy",
        "Cache-Control",
    ):  # fmt: skip
        print(f"  {name}: {response.get(name, '(missing)')}")
    print("  (cookies in production: __Host-sessionid and __Host-csrftoken, Secure; HttpOnly; SameSite=Lax)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The person page of someone with 2,000 records across 12 agencies: server time and SQL queries.

    .venv/bin/python bench/bench_person_page.py                       # SQLite, 20,000 records in all
    .venv/bin/python bench/bench_person_page.py --total 1000000       # the brief's PostgreSQL size
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_person_page.py --total 1000000

Builds its own database (a throw-away SQLite file unless DATABASE_URL is set; on PostgreSQL it
fills the configured database, so point it at a scratch one) with invented people only, signs a
police officer in, and renders /people/<id>/ through Django's full request stack (middleware, access
policy, audit writes, templates). Prints the median and worst time of 15 renders after a warm-up,
and the number of SQL queries for 200 and for 2,000 of her records (they must be equal).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--victim-records", type=int, default=2000)
    parser.add_argument("--total", type=int, default=20000, help="records in the whole database")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    tmp = None
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.mkdtemp(prefix="bench-person-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from safeguarding.agencies.models import Agency, User
    from safeguarding.web import benchdata

    call_command("migrate", verbosity=0)
    backend = connection.vendor
    print(
        f"database: {backend}; building {args.total:,} records ({args.victim_records:,} hers)...",
        file=sys.stderr,
    )
    t0 = time.perf_counter()
    small = benchdata.build(victim_records=200, total_records=200, start=10_000_000)["victim"]
    big = benchdata.build(
        victim_records=args.victim_records, total_records=max(args.total - 200, args.victim_records)
    )["victim"]
    print(f"built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    with connection.cursor() as cursor:
        if backend == "postgresql":
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")

    officer, _ = User.objects.get_or_create(
        username="bench.officer",
        defaults={"agency": Agency.objects.get(code="police"), "role": "practitioner"},
    )
    client = Client()
    client.force_login(officer)

    def render(person_id: int) -> tuple[float, int, int]:
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(f"/people/{person_id}/")
            elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        return elapsed * 1000, len(ctx.captured_queries), len(response.content)

    render(big.pk)  # warm-up: per-process caches, the first query plans
    times = [render(big.pk)[0] for _ in range(args.runs)]
    _, q_big, size = render(big.pk)
    _, q_small, _ = render(small.pk)
    print(
        f"person page, {args.victim_records:,} records in 12 agencies, database of {args.total:,} records ({backend}):"
    )
    print(
        f"  server time: median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms over {args.runs} renders"
    )
    print(
        f"  SQL queries: {q_big} for {args.victim_records:,} of her records, {q_small} for 200 (must be equal)"
    )
    print(f"  page size: {size / 1024:.0f} KiB")
    # How much of it is the access policy deciding which of her records this officer may see.
    from safeguarding.web import access

    policy = []
    for _ in range(5):
        start = time.perf_counter()
        list(access.records_of(officer, big).values_list("pk", flat=True))
        policy.append((time.perf_counter() - start) * 1000)
    print(
        f"  of which the access policy's query for her visible records: median {statistics.median(policy):.0f} ms"
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"  machine load average while measuring: {load:.1f}")
    if tmp:
        import shutil

        connection.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if q_big == q_small else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""The person page of someone with 2,000 records across 12 agencies: server time and SQL queries.

    .venv/bin/python bench/bench_person_page.py                       # SQLite, 20,000 records in all
    .venv/bin/python bench/bench_person_page.py --total 1000000       # the brief's PostgreSQL size
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_person_page.py --total 1000000

Builds its own database (a throw-away SQLite file unless DATABASE_URL is set; on PostgreSQL it
fills the configured database, so point it at a scratch one) with invented people only, signs a
police officer in, and renders /people/<id>/ through Django's full request stack (middleware, access
policy, audit writes, templates). Prints the median and worst server time (wall, and the CPU time
of this process, which includes SQLite's own work but not PostgreSQL's) of 15 renders after a
warm-up, and the number of SQL queries for 200 and for 2,000 of her records (they must be equal).

`--reuse` measures a database an earlier run built (same sizes) instead of building it again: the
1,000,000-record PostgreSQL database takes minutes to build. `--period` adds a query string (e.g.
`from=2010-01&to=2010-12`) to measure a zoomed page. `--profile` prints where one render spends
its time (cProfile) and the slowest SQL statements.
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
    parser.add_argument("--reuse", action="store_true", help="measure the data an earlier run built")
    parser.add_argument("--period", default="", help="query string, e.g. from=2010-01&to=2010-12")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top and the slowest SQL")
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
    from safeguarding.records.models import Record
    from safeguarding.web import benchdata

    call_command("migrate", verbosity=0)
    backend = connection.vendor
    built = _built(args.victim_records, args.total) if args.reuse else None
    if built is None:
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
            cursor.execute("ANALYZE")  # fresh statistics, as a live database would have
    else:
        small, big = built
    officer, _ = User.objects.get_or_create(
        username="bench.officer",
        defaults={"agency": Agency.objects.get(code="police"), "role": "practitioner"},
    )
    client = Client()
    client.force_login(officer)
    # A completed sign-in includes the second factor (every page asks for it): a verified device.
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    device, _ = StaticDevice.objects.get_or_create(user=officer, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    query = f"?{args.period}" if args.period else ""

    def render(person_id: int) -> tuple[float, float, int, int]:
        with CaptureQueriesContext(connection) as ctx:
            start, cpu = time.perf_counter(), time.process_time()
            response = client.get(f"/people/{person_id}/{query}")
            elapsed, cpu_used = time.perf_counter() - start, time.process_time() - cpu
        assert response.status_code == 200, (response.status_code, response.get("Location"))
        return elapsed * 1000, cpu_used * 1000, len(ctx.captured_queries), len(response.content)

    render(big.pk)  # warm-up: per-process caches, the first query plans
    runs = [render(big.pk) for _ in range(args.runs)]
    times, cpu_times = [r[0] for r in runs], [r[1] for r in runs]
    _, _, q_big, size = render(big.pk)
    _, _, q_small, _ = render(small.pk)
    print(
        f"person page{' (' + args.period + ')' if args.period else ''}, {args.victim_records:,} records "
        f"in 12 agencies, database of {Record.objects.count():,} records ({backend}):"
    )
    print(
        f"  server time: median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms over "
        f"{args.runs} renders (CPU: median {statistics.median(cpu_times):.0f} ms, worst {max(cpu_times):.0f} ms)"
    )
    print(
        f"  SQL queries: {q_big} for {args.victim_records:,} of her records, {q_small} for 200 (must be equal)"
    )
    print(f"  page size: {size / 1024:.0f} KiB")
    if args.profile:
        _profile(client, f"/people/{big.pk}/{query}")
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


def _built(victim_records: int, total: int) -> tuple[object, object] | None:
    """The two victims an earlier run built in this database, if it holds that many records."""
    from django.db.models import Count

    from safeguarding.people.models import Person
    from safeguarding.records.models import Record

    victims = dict(
        Person.objects.filter(display_name="Bench Victim Rowanberry")
        .annotate(n=Count("mentions"))
        .values_list("n", "pk")
    )
    if 200 not in victims or victim_records not in victims or Record.objects.count() < total:
        return None
    return Person.objects.get(pk=victims[200]), Person.objects.get(pk=victims[victim_records])


def _profile(client: object, url: str) -> None:
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as ctx:
        profiler.enable()
        client.get(url)  # type: ignore[attr-defined]
        profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    slowest = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))
    total = sum(float(q["time"]) for q in slowest)
    print(f"SQL: {len(slowest)} statements, {total * 1000:.0f} ms in all; the slowest:")
    for q in slowest[:8]:
        print(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:300]}")


if __name__ == "__main__":
    raise SystemExit(main())

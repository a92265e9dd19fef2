"""Import throughput: records per second and peak memory of `safeguarding import`, SQLite and PostgreSQL.

    .venv/bin/python bench/bench_import.py                     # 100,000 records, both databases
    .venv/bin/python bench/bench_import.py --records 1000000   # the full figure
    .venv/bin/python bench/bench_import.py --db sqlite --synthetic

The records come from the generator (safeguarding.generator.generate_population) when it is
installed, or from a simple synthetic writer (--synthetic, or as a fallback). Each import runs as
a child process (`safeguarding import FILE --no-link`), so the peak memory reported is that of the
import alone. PostgreSQL uses the database `bench_a` (dropped and re-created), SQLite a file in
var/bench/. A second import of the same file measures an idempotent re-import (all unchanged).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
WORK = ROOT / "var" / "bench"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/bench_a"

AGENCIES = ["police", "gp", "ed", "housing", "idva", "probation", "ambulance", "mental_health", "day_centre"]
TYPES = [
    "incident",
    "crime",
    "consultation",
    "ed_attendance",
    "missed_appointment",
    "support_contact",
    "note",
]
FIRST = ["Maisie", "Colm", "Aarav", "Zofia", "Kwame", "Mei", "Idris", "Bethan", "Tomasz", "Amara", "Yusuf"]
LAST = ["Thornbury", "Ashdown", "Okonkwo", "Kowalczyk", "Hussain", "Pemberton", "Liang", "Adeyemi", "Frost"]
STREETS = ["Quarry Row", "Mill Lane", "Larkhill Walk", "Station Road", "Church Street", "Orchard Close"]


def synthetic(path: Path, records: int, seed: int) -> None:
    """Plain invented records shaped like agency data: two or three subjects, a paragraph of text."""
    rng = random.Random(seed)
    start = date(2012, 1, 1)
    with path.open("w", encoding="utf-8") as f:
        for i in range(records):
            day = start + timedelta(days=rng.randrange(3650))
            subjects = []
            for ref in "abc"[: rng.choice((1, 2, 2, 3))]:
                subjects.append(
                    {
                        "ref": ref,
                        "role": rng.choice(["victim", "alleged_perpetrator", "patient", "witness"]),
                        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        "dob": f"{rng.randrange(1950, 2005)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                        "gender": rng.choice("FM"),
                        "address": f"{rng.randrange(1, 200)} {rng.choice(STREETS)}, Worcester",
                        "postcode": f"WR{rng.randrange(1, 15)} {rng.randrange(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}",
                    }
                )
            record = {
                "agency": rng.choice(AGENCIES),
                "record_id": f"R-{i:09d}",
                "occurred": f"{day.isoformat()}T{rng.randrange(24):02d}:{rng.randrange(60):02d}",
                "type": rng.choice(TYPES),
                "subjects": subjects,
                "summary": "Caller reported shouting and banging from the flat. Officers attended; "
                "female had a cut to her lip and said she fell. Male present, intoxicated. "
                * rng.choice((1, 2)),
                "outcome": "Words of advice given. Leaflet left.",
                "tags": rng.sample(["domestic", "alcohol", "injury", "children_present"], 2),
            }
            f.write(json.dumps(record) + "\n")


def make_data(records: int, seed: int, use_synthetic: bool) -> tuple[Path, str]:
    WORK.mkdir(parents=True, exist_ok=True)
    if not use_synthetic:
        try:
            from safeguarding.generator import generate_population  # type: ignore[attr-defined]
        except ImportError:
            use_synthetic = True
    if use_synthetic:
        path = WORK / f"synthetic-{records}-{seed}.jsonl"
        if not path.exists():
            synthetic(path, records, seed)
        return path, "synthetic"
    out = WORK / f"generated-{records}-{seed}"
    path = out / f"first-{records}.jsonl"
    if not path.exists():
        _django()
        started = time.perf_counter()
        generate_population(0, seed, out, records=records)
        print(f"generated in {time.perf_counter() - started:,.0f} s", file=sys.stderr)
        # The generator writes whole households, so a few more than asked: keep exactly N.
        with (out / "records.jsonl").open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
            for n, line in enumerate(src):
                if n >= records:
                    break
                dst.write(line)
    return path, "generator"


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()


def run(command: list[str], env: dict[str, str]) -> tuple[float, int, str, float]:
    """Run a child; return its wall seconds, peak resident memory in MB, its output and CPU seconds.

    CPU seconds are the child's and its worker processes' (not the database server's): on a busy
    shared machine they say more than the wall clock about the importer's own cost.
    """
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out}")
    return elapsed, usage.ru_maxrss // 1024, out, usage.ru_utime + usage.ru_stime


def prepare(db: str) -> dict[str, str]:
    # Production settings (DJANGO_DEBUG=false): debug mode keeps every query's text, which costs.
    env = {
        **os.environ, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "localhost", "SAFEGUARDING_IMPORT_MAX_BYTES": str(64 * 1024**3),
    }  # fmt: skip
    if db == "sqlite":
        target = WORK / "bench_a.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{target}"
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_a")
            conn.execute("CREATE DATABASE bench_a")
        env["DATABASE_URL"] = PG_URL
    run([str(BIN / "safeguarding"), "manage", "migrate", "-v0", "--skip-checks"], env)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--synthetic", action="store_true", help="use the simple synthetic writer")
    parser.add_argument("--no-reimport", action="store_true", help="skip the second (unchanged) import")
    args = parser.parse_args()

    path, origin = make_data(args.records, args.seed, args.synthetic)
    size_mb = path.stat().st_size / 1024**2
    with path.open(encoding="utf-8") as f:
        lines = sum(1 for _ in f)
    print(f"data: {lines:,} records from the {origin} ({size_mb:,.0f} MB) in {path}")
    print(
        f"{'database':<11} {'import':<7} {'records':>10} {'seconds':>8} {'records/s':>10} {'CPU s':>7} "
        f"{'peak MB':>8}  load"
    )
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        env = prepare(db)
        passes = ["first"] if args.no_reimport else ["first", "again"]
        for label in passes:
            seconds, peak, _out, cpu = run(
                [str(BIN / "safeguarding"), "import", str(path), "--no-link", "--no-progress"], env
            )
            load = os.getloadavg()[0]
            print(
                f"{db:<11} {label:<7} {lines:>10,} {seconds:>8.1f} {lines / seconds:>10,.0f} {cpu:>7.1f} "
                f"{peak:>8,}  {load:.1f}"
            )
            sys.stdout.flush()
    print(
        "(seconds include starting Django in the child, about a second; timings on a shared machine are noisy)"
    )


if __name__ == "__main__":
    main()

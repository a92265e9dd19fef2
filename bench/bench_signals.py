"""Signals benchmark: case scores, marker precision/recall, evaluation speed. Prints figures.

usage: python bench/bench_signals.py [cases] [markers] [speed] [--real-linkage] [--people=N]
       python bench/bench_signals.py full --records=1000000 [--seed=S] [--from=STAGE]

cases, markers and speed run in a throw-away in-memory SQLite database. full builds a generator
population of about N records in DATABASE_URL (default: a SQLite file in var/bench/; point it at
a scratch PostgreSQL database), one stage per child process (generate, import, link, read,
evaluate, incremental), so that each stage's wall time, CPU time and peak memory are its own. Timings on a
shared machine are noisy: CPU seconds and the load average are printed with them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
WORK = ROOT / "var" / "bench"
STAGES = ("generate", "import", "link", "read", "evaluate", "incremental")
if "full" in sys.argv[1:2] or "_stage" in sys.argv[1:2]:
    # Production settings: debug mode keeps every query's text, which costs time and memory.
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'signals-full.sqlite3'}")
    os.environ.update(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="bench-only-not-a-secret")
    os.environ.update(DJANGO_ALLOWED_HOSTS="localhost", SAFEGUARDING_IMPORT_MAX_BYTES=str(64 * 1024**3))
else:
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ.setdefault("DJANGO_DEBUG", "true")


def _setup() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _reset() -> None:
    from safeguarding.people.models import Person
    from safeguarding.records.models import Record
    from safeguarding.signals.models import Signal

    Signal.objects.all().delete()
    Record.objects.all().delete()
    Person.objects.all().delete()


def bench_cases(real_linkage: bool) -> None:
    from tests.signals.caselinks import truth_linker

    from safeguarding.signals.replay import replay

    for case in sorted(p for p in (SHARED / "cases").iterdir() if (p / "records.jsonl").is_file()):
        _reset()
        started = time.perf_counter()
        link = None if real_linkage else truth_linker(case)
        with open(os.devnull, "w") as devnull:
            output = replay(case, link=link, err=devnull)
        seconds = time.perf_counter() - started
        out_path = Path(tempfile.gettempdir()) / f"replay-{case.name}.json"
        out_path.write_text(json.dumps(output, indent=1))
        result = subprocess.run(
            [sys.executable, str(SHARED / "tools" / "score_case.py"), str(case), str(out_path)],
            capture_output=True, text=True,
        )  # fmt: skip
        print(result.stdout.strip())
        print(
            f"replay of {case.name}: {len((case / 'records.jsonl').read_text().splitlines())} records in {seconds:.1f} s"
        )


def bench_markers() -> None:
    from tests.signals.test_marker_reading_precision_and_recall import score_labelled_sentences

    started = time.perf_counter()
    result = score_labelled_sentences()
    seconds = time.perf_counter() - started
    print(
        f"markers: {result['sentences']} sentences, precision {result['precision']:.3f}, recall {result['recall']:.3f}"
        f" (tp {result['tp']}, fp {result['fp']}, fn {result['fn']}); {1000 * seconds / result['sentences']:.1f} ms a sentence"
    )
    for code, row in sorted(result["by_marker"].items()):
        if row["fp"] or row["fn"]:
            print(f"  {code:<24} tp {row['tp']:>3} fp {row['fp']:>3} fn {row['fn']:>3}")
    for line in result["errors"][:40]:
        print("  ", line)


def _truth_link_all(expected: dict) -> dict[str, int]:
    """Assign every mention to its true person (the population's expected.json), in bulk.

    Streams the mentions and writes 5,000 assignments a statement (UPDATE ... FROM VALUES, which
    SQLite and PostgreSQL both take), so that a million mentions link in minutes, in flat memory.
    """
    from django.db import connection, transaction

    from safeguarding.people.models import Mention, Person

    label_of = {tuple(m): label for label, ms in expected["people"].items() for m in ms}
    assigned: list[tuple[int, str]] = []
    for pk, ref, record_id, agency in (
        Mention.objects.order_by()
        .values_list("pk", "ref", "record__record_id", "record__agency__code")
        .iterator(chunk_size=20000)
    ):
        assigned.append((pk, label_of.get((agency, record_id, ref), f"x{pk}")))
    del label_of
    labels = sorted({label for _pk, label in assigned})
    ids: dict[str, int] = {}
    with transaction.atomic():
        for start in range(0, len(labels), 5000):
            batch = [Person(display_name=label) for label in labels[start : start + 5000]]
            for person in Person.objects.bulk_create(batch):
                ids[person.display_name] = person.pk
        table = Mention._meta.db_table
        with connection.cursor() as cursor:
            for start in range(0, len(assigned), 5000):
                rows = assigned[start : start + 5000]
                values = ", ".join(["(%s, %s)"] * len(rows))
                params = [v for pk, label in rows for v in (pk, ids[label])]
                cursor.execute(
                    f"UPDATE {table} SET person_id = v.column2 FROM (VALUES {values}) AS v"
                    f" WHERE {table}.id = v.column1",
                    params,
                )
    return ids


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_population(people: int, seed: int) -> None:
    """Generate a population, load it, and measure signals: storylines on time, false alarms, speed."""
    import random
    import statistics

    from safeguarding.generator.population import generate_population
    from safeguarding.records.importer import import_file
    from safeguarding.records.models import Record
    from safeguarding.signals.evaluation import Evaluator, evaluate_all
    from safeguarding.signals.history import signal_history
    from safeguarding.signals.reading import read_records

    _reset()
    out = Path(tempfile.mkdtemp(prefix="pop-"))
    generate_population(people, seed, out)
    expected = json.loads((out / "expected.json").read_text())
    started = time.perf_counter()
    import_file(out / "records.jsonl", link=False, notify=False)
    n_records = Record.objects.count()
    print(
        f"population {people} people (seed {seed}): {n_records:,} records imported in {time.perf_counter() - started:.0f} s"
    )
    from safeguarding.signals.text import _read_text_once

    _read_text_once.cache_clear()
    started = time.perf_counter()
    read_records(Record.objects.values_list("pk", flat=True))
    seconds = time.perf_counter() - started
    print(
        f"  text read once at storage: {seconds:.0f} s ({1000 * seconds / n_records:.1f} ms a record;"
        f" {_read_text_once.cache_info().misses:,} distinct texts read, the rest reused)"
    )
    ids = _truth_link_all(expected)
    label_of = {pid: label for label, pid in ids.items()}

    started = time.perf_counter()
    history = signal_history(ids.values())
    print(
        f"  signal history (what a replay finds) for {len(ids):,} people: {time.perf_counter() - started:.0f} s"
    )
    first: dict[tuple[str, str], str] = {}
    for code, pid, _other, day, _f in history:
        key = (code, label_of.get(pid, "?"))
        first[key] = min(first.get(key, "9999"), day.isoformat())
    on_time = [e for e in expected["signals"] if first.get((e["code"], e["person"]), "9999") <= e["by"]]
    missed = [e for e in expected["signals"] if e not in on_time]
    story_people = {p for s in expected.get("storylines", []) for p in s["people"]}
    ordinary = [label for label in expected["people"] if label not in story_people]
    alarms = sorted((c, p) for (c, p) in first if p in ordinary)
    forbidden = [b for b in expected.get("must_not", []) if (b["code"], b["person"]) in first]
    print(
        f"  storyline signals on time: {len(on_time)}/{len(expected['signals'])}; signals for ordinary people:"
        f" {len(alarms)} ({1000 * len(alarms) / max(len(ordinary), 1):.1f} per 1,000 ordinary people);"
        f" must_not raised: {len(forbidden)}"
    )
    for e in missed:
        print(
            f"    missed/late: {e['code']} {e['person']} by {e['by']} (raised {first.get((e['code'], e['person']))})"
        )
    for code, label in alarms[:15]:
        print(f"    ordinary: {code} {label} from {first[(code, label)]}")
    for b in forbidden:
        print(f"    must_not: {b['code']} {b['person']}")

    end = max(Record.objects.values_list("recorded", flat=True)).date()
    rss = _peak_rss_mb()
    started = time.perf_counter()
    evaluate_all(end)
    print(
        f"  full evaluation of {n_records:,} records ({len(ids):,} people) as of {end}: {time.perf_counter() - started:.1f} s,"
        f" peak RSS {_peak_rss_mb():.0f} MB (before {rss:.0f} MB)"
    )
    from safeguarding.people.models import Mention

    sample = random.Random(seed).sample(
        list(Record.objects.values_list("pk", "recorded")), min(200, n_records)
    )

    def percentiles(values: list[float]) -> str:
        values = sorted(values)
        return (
            f"median {statistics.median(values):.1f} ms, p99 {values[int(0.99 * (len(values) - 1))]:.1f} ms"
        )

    # Real agencies' free text repeats far less than the generator's: each new record is read as
    # if its text had never been seen (the readings kept per distinct text are dropped first).
    wall: list[float] = []
    cpu: list[float] = []
    evaluate_wall: list[float] = []
    evaluate_cpu: list[float] = []
    for pk, recorded in sample:
        _read_text_once.cache_clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        read_records([pk], force=True)
        read_at, read_cpu = time.perf_counter(), time.process_time()
        people_ids = list(Mention.objects.filter(record_id=pk).values_list("person_id", flat=True))
        Evaluator().evaluate(people_ids, recorded.date())
        ended, ended_cpu = time.perf_counter(), time.process_time()
        wall.append(1000 * (ended - started))
        cpu.append(1000 * (ended_cpu - started_cpu))
        evaluate_wall.append(1000 * (ended - read_at))
        evaluate_cpu.append(1000 * (ended_cpu - read_cpu))
    print(
        f"  incremental over {len(wall)} records (read one record's text, evaluate its people): wall {percentiles(wall)};"
        f" CPU {percentiles(cpu)}"
    )
    print(
        f"    of which evaluation: wall {percentiles(evaluate_wall)}; CPU {percentiles(evaluate_cpu)}"
        f" (load average {os.getloadavg()[0]:.1f})"
    )


def _full_dir(records: int, seed: int) -> Path:
    return WORK / f"signals-full-{records}-{seed}"


def _fresh_database() -> None:
    """Empty the bench database: its schema on PostgreSQL, its file on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    else:
        connection.close()
        name = Path(str(connection.settings_dict["NAME"]))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)


def _stage(name: str, records: int, seed: int) -> dict:
    """One stage of `full`, in this (child) process; returns its own figures."""
    import resource

    from django.core.management import call_command

    from safeguarding.records.models import Record

    out = _full_dir(records, seed)
    result: dict = {}
    if name == "generate":
        from safeguarding.generator.population import generate_population

        generate_population(0, seed, out, records=records)
        with (out / "records.jsonl").open(encoding="utf-8") as f:
            result["records"] = sum(1 for _ in f)
    elif name == "import":
        from safeguarding.records.importer import import_file

        _fresh_database()
        call_command("migrate", verbosity=0, interactive=False)
        import_file(out / "records.jsonl", link=False, notify=False)
        result["records"] = Record.objects.count()
    elif name == "link":
        ids = _truth_link_all(json.loads((out / "expected.json").read_text()))
        result["people"] = len(ids)
    elif name == "read":
        from safeguarding.signals.reading import read_records
        from safeguarding.signals.text import _read_text_once

        pks = list(Record.objects.order_by("pk").values_list("pk", flat=True))
        result["records"] = read_records(pks, force=True)
        info = _read_text_once.cache_info()
        result["distinct_texts_read"] = info.misses
        result["cache_hits"] = info.hits
    elif name == "evaluate":
        from safeguarding.people.models import Person
        from safeguarding.signals.evaluation import evaluate_all
        from safeguarding.signals.models import Signal

        Signal.objects.all().delete()
        end = max(Record.objects.values_list("recorded", flat=True)).date()
        changes = evaluate_all(end)
        result["people"] = Person.objects.count()
        result["records"] = Record.objects.count()
        result["signals_raised"] = len(changes.raised)
    elif name == "incremental":
        result.update(_incremental_people(seed))
    if name in ("import", "link", "read"):
        from django.db import connection

        # Fresh planner statistics, as autovacuum (off on some servers) or a DBA would give a
        # loaded database: without them PostgreSQL scans whole tables for a single person.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu_s"] = usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime
    result["peak_rss_mb"] = usage.ru_maxrss / 1024
    return result


def _incremental_people(seed: int, samples: int = 200) -> dict:
    """`evaluate_people` for the people of random stored records, as of each record's day (ms)."""
    import random
    import statistics

    from safeguarding.people.models import Mention
    from safeguarding.records.models import Record
    from safeguarding.signals.evaluation import evaluate_people

    last = Record.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picked = random.Random(seed).sample(range(1, last + 1), min(samples + samples // 2, last))
    days = dict(Record.objects.filter(pk__in=picked).values_list("pk", "recorded"))
    people: dict[int, list[int]] = {}
    for record_pk, person_pk in Mention.objects.filter(
        record_id__in=list(days), person__isnull=False
    ).values_list("record_id", "person_id"):
        people.setdefault(record_pk, []).append(person_pk)
    chosen = list(people.items())[:samples]
    evaluate_people(chosen[0][1], days[chosen[0][0]].date())  # the first pays for imports and connecting
    wall, cpu = [], []
    for record_pk, person_pks in chosen:
        started, started_cpu = time.perf_counter(), time.process_time()
        evaluate_people(person_pks, days[record_pk].date())
        wall.append(1000 * (time.perf_counter() - started))
        cpu.append(1000 * (time.process_time() - started_cpu))
    wall.sort()
    cpu.sort()
    p99 = int(0.99 * (len(wall) - 1))
    return {
        "evaluations": len(wall), "wall_median_ms": round(statistics.median(wall), 1), "wall_p99_ms": round(wall[p99], 1),
        "cpu_median_ms": round(statistics.median(cpu), 1), "cpu_p99_ms": round(cpu[p99], 1),
    }  # fmt: skip


def bench_full(records: int, seed: int, first: str) -> None:
    """Generate about `records` records, import, link by truth, read the text, evaluate everyone."""
    db = os.environ["DATABASE_URL"]
    engine = "PostgreSQL" if db.startswith("postgres") else "SQLite"
    print(f"full evaluation, about {records:,} generator records (seed {seed}), {engine}")
    print(f"  {'stage':<9} {'wall s':>8} {'CPU s':>8} {'peak RSS':>9} {'load':>5}  figures")
    WORK.mkdir(parents=True, exist_ok=True)
    for name in STAGES[STAGES.index(first) :]:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, __file__, "_stage", name, f"--records={records}", f"--seed={seed}"],
            capture_output=True, text=True,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"stage {name} failed:\n{done.stderr[-4000:]}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        cpu, rss = figures.pop("cpu_s"), figures.pop("peak_rss_mb")
        extra = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in figures.items())
        print(
            f"  {name:<9} {seconds:>8.1f} {cpu:>8.1f} {rss:>6.0f} MB {os.getloadavg()[0]:>5.1f}  {extra}",
            flush=True,
        )


def _option(args: set[str], name: str, default: str) -> str:
    return next((a.split("=", 1)[1] for a in args if a.startswith(f"--{name}=")), default)


if __name__ == "__main__":
    args = set(sys.argv[1:]) or {"cases", "markers", "speed"}
    if sys.argv[1:2] == ["_stage"]:
        import django

        django.setup()
        figures = _stage(sys.argv[2], int(_option(args, "records", "0")), int(_option(args, "seed", "7")))
        print(json.dumps(figures))
        sys.exit(0)
    if "full" in args:
        bench_full(int(_option(args, "records", "1000000")), int(_option(args, "seed", "7")),
                   _option(args, "from", STAGES[0]))  # fmt: skip
        sys.exit(0)
    _setup()
    if "cases" in args:
        bench_cases("--real-linkage" in args)
    if "markers" in args:
        bench_markers()
    if "speed" in args or "population" in args:
        size = next((int(a.split("=")[1]) for a in args if a.startswith("--people=")), 300)
        seeds = next((a.split("=")[1] for a in args if a.startswith("--seeds=")), "7")
        for seed in seeds.split(","):
            bench_population(size, seed=int(seed))

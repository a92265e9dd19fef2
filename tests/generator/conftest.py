"""A population generated once per test session, shared by the generator's tests (generation is slow)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from safeguarding.generator import generate_population


def read(out: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = json.loads((out / "expected.json").read_text(encoding="utf-8"))
    return records, expected


@pytest.fixture(scope="session")
def population(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Enough people, with a raised storyline share, that every storyline kind appears at least twice."""
    out = tmp_path_factory.mktemp("population")
    generate_population(people=900, seed=11, out_dir=out, storyline_share=0.15)
    return read(out)

"""A small synthetic population, imported and linked by its truth, for the demo's own steps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safeguarding.generator import generate_population
from safeguarding.records.importer import import_file
from tests.reviews.conftest import link_case_by_truth

# Half the people carry a storyline, so that a small population has past and current signals.
START_YEAR, END_YEAR = 2016, 2021


@pytest.fixture
def population(db, tmp_path: Path) -> dt.date:
    """Import and link the population; return a day inside its period, on which some storylines are unfolding."""
    generate_population(
        120, 7, tmp_path / "pop", storyline_share=0.5, start_year=START_YEAR, end_year=END_YEAR
    )
    import_file(tmp_path / "pop" / "records.jsonl", notify=False)
    link_case_by_truth(tmp_path / "pop")
    return dt.date(END_YEAR - 1, 6, 30)

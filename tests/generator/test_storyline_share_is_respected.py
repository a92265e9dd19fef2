from pathlib import Path

import pytest

from safeguarding.generator import generate_population

from .conftest import read


@pytest.mark.parametrize("share", [0.05, 0.3])
def test_the_share_of_people_in_storylines_follows_the_option(tmp_path: Path, share: float) -> None:
    generate_population(people=400, seed=8, out_dir=tmp_path, storyline_share=share)
    _, expected = read(tmp_path)
    in_storylines = sum(len(s["people"]) for s in expected["storylines"])
    assert len(expected["people"]) == 400
    assert share * 400 - 6 <= in_storylines <= share * 400 + 6


def test_people_option_gives_exactly_that_many_people(tmp_path: Path) -> None:
    summary = generate_population(people=57, seed=9, out_dir=tmp_path)
    _, expected = read(tmp_path)
    assert summary.people == len(expected["people"]) == 57


def test_records_option_writes_at_least_that_many_records(tmp_path: Path) -> None:
    summary = generate_population(people=0, seed=9, out_dir=tmp_path, records=3000)
    lines = (tmp_path / "records.jsonl").read_text().splitlines()
    assert summary.records == len(lines)
    assert 3000 <= len(lines) < 3600

"""The product's distinctive analysis, end to end on the public case: `review build` replays the records,
opens the review on the person who died, and writes analysis.json listing every signal in the case's
expected.json, raised on or before its `by` date, with the agencies that held its evidence.

Linkage here follows the case's truth (the people app tests linkage); the signals are the signals app's."""

from __future__ import annotations

import json

import pytest

from safeguarding.reviews.build import build
from tests.conftest import CASES_DIR
from tests.reviews.conftest import TruthLinker
from tests.reviews.published_files import forbidden_strings_in_case, survivors, text_of

pytestmark = pytest.mark.slow


_BUILT: dict[str, object] = {}


@pytest.fixture
def built(db, tmp_path_factory):
    """One replay for the whole module (it takes a while): the first test builds, the others read its files."""
    case = CASES_DIR / "worcester-2012"
    if not (case / "records.jsonl").is_file():
        pytest.skip("../shared/cases/worcester-2012 is not beside this checkout")
    if "out" not in _BUILT:
        out = tmp_path_factory.mktemp("worcester") / "out"
        _BUILT["written"] = build(case, out, link=TruthLinker(case))
        _BUILT["out"] = out
    out = _BUILT["out"]
    return out, _BUILT["written"], json.loads((out / "analysis.json").read_text())


def _truth_people(worcester_case, analysis):
    """Expected person key (V1, P2, ...) -> the replay's person id, through the mentions."""
    truth = json.loads((worcester_case / "expected.json").read_text())
    by_mention = {tuple(m): p["id"] for p in analysis["people"] for m in p["mentions"]}
    return truth, {key: by_mention.get(tuple(ms[0])) for key, ms in truth["people"].items()}


def test_build_writes_the_chronologies_the_analysis_and_the_published_files(built):
    out, _, analysis = built
    for name in (
        "chronology.xlsx",
        "chronology.docx",
        "analysis.json",
        "published/chronology.xlsx",
        "published/chronology.docx",
    ):
        assert (out / name).is_file(), name
    assert set(analysis) >= {"people", "signals"}
    assert all({"code", "person", "first_raised", "agencies"} <= set(s) for s in analysis["signals"])
    assert "22CR/04410/12" in text_of(out / "chronology.xlsx")


def test_every_expected_signal_is_listed_by_its_date_with_the_agencies_holding_evidence(
    worcester_case, built
):
    _, _, analysis = built
    truth, ids = _truth_people(worcester_case, analysis)
    missing = []
    for expected in truth["signals"]:
        episodes = [
            s
            for s in analysis["signals"]
            if s["code"] == expected["code"] and s["person"] == ids[expected["person"]]
        ]
        on_time = [
            s
            for s in episodes
            if s["first_raised"] <= expected["by"] and s["first_raised"] >= expected.get("after", "")
        ]
        if not on_time:
            missing.append(
                (expected["code"], expected["person"], expected["by"], [s["first_raised"] for s in episodes])
            )
            continue
        assert all(s["agencies"] for s in on_time), expected
    assert missing == []


def test_the_analysis_names_the_agencies_that_held_a_multi_agency_signal(worcester_case, built):
    _, _, analysis = built
    _, ids = _truth_people(worcester_case, analysis)
    injury = [
        s
        for s in analysis["signals"]
        if s["code"] == "FREQUENT_INJURY_PRESENTATION" and s["person"] == ids["V1"]
    ]
    assert injury, "FREQUENT_INJURY_PRESENTATION was not raised for V1"
    assert len(set(injury[0]["agencies"])) >= 2


def test_nothing_identifying_survives_in_the_published_files(worcester_case, built):
    out, _, _ = built
    forbidden = forbidden_strings_in_case(worcester_case)
    for path in sorted((out / "published").iterdir()):
        assert survivors(text_of(path), forbidden) == [], path.name

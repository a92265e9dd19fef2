"""With storylines, every signal code of signals.md is expected somewhere, each on a sensible date."""

import re
from pathlib import Path

import pytest

SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "signals.md"
CODES = {
    "MARAC_HIGH_RISK", "ESCALATION", "REPEAT_MARAC", "UNASSESSED_ABUSER", "SERIAL_PERPETRATOR",
    "DVDS_RIGHT_TO_KNOW", "FREQUENT_INJURY_PRESENTATION", "DISCLOSURE_NO_REFERRAL", "MISSED_APPOINTMENTS",
    "CUSTODY_RELEASE_TO_VICTIM", "CONTACT_FROM_CUSTODY", "VICTIM_WITHDRAWS", "NON_ENGAGEMENT",
    "ORDER_BREACH_NO_ACTION", "REPEAT_ASB_ADDRESS", "CHILDREN_EXPOSED", "ADULT_SAFEGUARDING_UNREFERRED",
    "SERVICE_CLOSURE_HANDOVER", "NOT_SEEN", "HIGH_HARM_MARKER", "STRANGULATION_NOT_ESCALATED",
    "SELF_HARM_WITH_ABUSE", "ABUSER_PRESENT_AT_ENQUIRY",
}  # fmt: skip


def test_the_code_list_here_matches_the_spec() -> None:
    if not SPEC.is_file():
        pytest.skip("../shared is not beside this checkout")
    in_spec = set(re.findall(r"^\| `([A-Z_]+)` \|", SPEC.read_text(), flags=re.M))
    assert in_spec == CODES


def test_every_signal_code_is_expected_for_someone(population) -> None:
    _, expected = population
    assert {s["code"] for s in expected["signals"]} == CODES


def test_expected_signals_fall_within_the_records_period(population) -> None:
    records, expected = population
    first, last = records[0]["recorded"][:10], records[-1]["recorded"][:10]
    for signal in expected["signals"]:
        assert first <= signal["by"] <= last
        assert signal.get("after", signal["by"]) <= signal["by"]


def test_no_signal_is_both_expected_and_forbidden_for_one_person(population) -> None:
    _, expected = population
    wanted = {(s["code"], s["person"]) for s in expected["signals"]}
    forbidden = {(s["code"], s["person"]) for s in expected["must_not"]}
    assert not wanted & forbidden


def test_not_seen_is_expected_with_the_day_its_episode_may_begin(population) -> None:
    _, expected = population
    not_seen = [s for s in expected["signals"] if s["code"] == "NOT_SEEN"]
    assert not_seen
    assert all("after" in s for s in not_seen)

"""Pairs a linker must keep apart are present, listed, and distinguishable to a careful reader."""

from __future__ import annotations

from typing import Any


def names_and_dobs(
    records: list[dict[str, Any]], expected: dict[str, Any], label: str
) -> tuple[set[str], set[str]]:
    index = {(r["agency"], r["record_id"]): r for r in records}
    names, dobs = set(), set()
    for agency, record_id, ref in expected["people"][label]:
        subject = next(s for s in index[(agency, record_id)]["subjects"] if s["ref"] == ref)
        names.add(subject["name"].lower())
        if "dob" in subject:
            dobs.add(subject["dob"])
    return names, dobs


def test_lookalike_pairs_are_listed(population) -> None:
    _, expected = population
    assert len(expected["lookalikes"]) >= 3
    assert all(a != b for a, b in expected["lookalikes"])


def test_most_lookalike_pairs_share_a_recorded_name(population) -> None:
    records, expected = population
    shared = 0
    for a, b in expected["lookalikes"]:
        if names_and_dobs(records, expected, a)[0] & names_and_dobs(records, expected, b)[0]:
            shared += 1
    assert shared >= len(expected["lookalikes"]) / 2


def test_father_and_son_with_one_name_have_different_dates_of_birth(population) -> None:
    records, expected = population
    father_son = [
        (a, b)
        for story in expected["storylines"]
        if story["kind"] == "namesake_father_son"
        for a, b in expected["lookalikes"]
        if a in story["people"] and b in story["people"]
    ]
    assert father_son
    for a, b in father_son:
        _, dobs_a = names_and_dobs(records, expected, a)
        _, dobs_b = names_and_dobs(records, expected, b)
        years_a = {int(d[:4]) for d in dobs_a}
        years_b = {int(d[:4]) for d in dobs_b}
        assert min(abs(x - y) for x in years_a for y in years_b) >= 18


def test_serial_perpetrator_is_forbidden_for_a_father_and_his_namesake_son(population) -> None:
    _, expected = population
    forbidden = {(m["code"], m["person"]) for m in expected["must_not"]}
    father_son = [s for s in expected["storylines"] if s["kind"] == "namesake_father_son"]
    for story in father_son:
        pair = next(p for p in expected["lookalikes"] if set(p) <= set(story["people"]))
        assert {("SERIAL_PERPETRATOR", pair[0]), ("SERIAL_PERPETRATOR", pair[1])} <= forbidden

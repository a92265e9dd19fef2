"""expected.json's `people` holds every subject mention of records.jsonl, each in exactly one person."""

from collections import Counter


def test_every_subject_mention_belongs_to_exactly_one_truth_person(population) -> None:
    records, expected = population
    mentions = Counter((r["agency"], r["record_id"], s["ref"]) for r in records for s in r["subjects"])
    truth = Counter(tuple(m) for ms in expected["people"].values() for m in ms)
    assert set(mentions) == set(truth)
    assert max(truth.values()) == 1


def test_every_person_has_an_origin_from_the_fixed_list(population) -> None:
    _, expected = population
    allowed = {"english", "south_asian", "eastern_european", "arabic", "west_african", "chinese", "other"}
    assert set(expected["origins"]) == set(expected["people"])
    assert set(expected["origins"].values()) <= allowed
    assert len(set(expected["origins"].values())) == len(allowed)


def test_signals_and_forbidden_signals_name_people_in_the_truth(population) -> None:
    _, expected = population
    labels = set(expected["people"])
    assert {s["person"] for s in expected["signals"]} <= labels
    assert {s["person"] for s in expected["must_not"]} <= labels
    assert {label for pair in expected["lookalikes"] for label in pair} <= labels

"""A full run computes features once per distinct feature row and shares them between mentions:
the same features, the same grouping and the same store counts as computing them mention by
mention; and profiles built of shared sets stay each mention's own when groups merge."""

import itertools

import pandas as pd

from safeguarding.people.clustering import Profile
from safeguarding.people.features import (
    FEATURE_COLUMNS,
    StrongPairCounter,
    distinct_features,
    feature_frame,
    mention_features,
    strong_pair_count,
)

FIELDS = ("name", "dob", "gender", "address", "postcode", "ids", "role")
# Spellings that parse alike ("Orla Fenwick", "FENWICK, Orla") and ones that do not.
NAMES = ["Orla Fenwick", "FENWICK, Orla", "Orla", "Mrs O Fenwick", "Tomasz Wrobel", "", None]
DOBS = ["1979-04-11", "11/04/1979", "1979", "", None]
IDS = [{}, None, {"nhs": "401 023 2137"}, {"nhs": "4010232137"}, {"pnc": "09/123456X", "nhs": "401 023 2137"}]
PLACES = [("9 Rook Street", "EX2 7AB"), ("9 Rook St", "ex27ab"), ("", "2615"), ("", "")]


def _rows() -> list[dict]:
    combos = itertools.product(NAMES, DOBS, IDS, PLACES, ["F", ""])
    rows = []
    for i, (name, dob, ids, (address, postcode), gender) in enumerate(combos):
        if i % 3 == 0:
            continue
        row = {"id": 1000 + i, "name": name, "dob": dob, "gender": gender, "address": address,
               "postcode": postcode, "ids": ids, "role": ["victim", "client", "other"][i % 3]}  # fmt: skip
        rows.extend([row, {**row, "id": 5000 + i}] if i % 7 == 0 else [row])  # some repeated exactly
    return rows


def test_each_mention_gets_the_features_it_would_get_alone():
    rows = _rows()
    found = distinct_features(rows)
    assert len(found.rows) < len(rows), "the rows should repeat some feature rows"
    for row, code in zip(rows, found.codes.tolist(), strict=True):
        assert found.rows[code] == mention_features(**{k: row[k] for k in FIELDS})
    assert len({tuple(r.values()) for r in found.rows}) == len(found.rows), "each feature row once"


def test_distinct_rows_are_numbered_in_order_of_first_appearance_as_pandas_groups_them():
    rows = _rows()
    frame = feature_frame(rows)
    expected = frame.groupby(FEATURE_COLUMNS, dropna=False, sort=False).ngroup().to_numpy()
    assert distinct_features(rows).codes.tolist() == expected.tolist()
    assert pd.Series(expected).duplicated().any()


def test_the_store_count_of_near_certain_pairs_is_the_counters():
    rows = _rows()
    found = distinct_features(rows)
    counter = StrongPairCounter()
    for row in rows:
        counter.add(row["id"], mention_features(**{k: row[k] for k in FIELDS}))
    assert counter.pairs > 100
    assert strong_pair_count(found) == counter.pairs
    assert strong_pair_count(distinct_features([])) == 0


def test_merging_a_group_leaves_the_profiles_of_other_mentions_as_they_were():
    features = {"dob": "1979-04-11", "given": "orla", "gender": "f", "nhs": "4010232137"}
    first, twin = Profile.of(1, "r1", features), Profile.of(2, "r2", features)
    other = Profile.of(3, "r3", {"dob": "1981-02-03", "given": "tomasz", "gender": "m", "pnc": "09123456X"})
    first.merge(other)
    assert first.dobs == {"1979-04-11", "1981-02-03"} and first.genders == {"f", "m"}
    assert twin.dobs == {"1979-04-11"} and twin.forenames == {"orla"} and twin.genders == {"f"}
    assert twin.nhs == {"4010232137"} and not twin.pnc and twin.tags == {("r", "r2"): 2}
    assert other.dobs == {"1981-02-03"}
    assert not twin.conflicts_with(Profile.of(4, "r4", features))

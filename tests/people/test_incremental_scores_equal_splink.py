"""The incremental scorer computes, in Python, exactly the match probabilities Splink computes."""

import itertools

import numpy as np
import pytest

from safeguarding.people.features import distinct_features, mention_features
from safeguarding.people.model_spec import IDENTIFIERS, load_model
from safeguarding.people.splink_run import predict

NAMES = ["Orla Fenwick", "FENWICK, Orla May", "Mrs O Fenwick", "Orla", "Mohammed Siddiqui", "SIDDIQUI Muhammad",
         "Mohd Siddiqi", "Tomasz Wrobel", "Tomek WROBEL", "Ms Fenwich", "Wei Zhang", "Cheung Wei", "",
         "Olra Fenwikc", "Orla Fnewick", "Tomsaz Wroble"]  # fmt: skip
DOBS = ["1979-04-11", "1979-11-04", "1979-04-12", "1979-01-01", "1979", "", "1980-01-01"]
# Identifiers that agree, differ by one keying error (two digits swapped) and differ outright.
IDS = [{}, {"nhs": "401 023 2137"}, {"nhs": "401 023 2173"}, {"nhs": "943 476 5919"}, {"pnc": "09/123456X"}]
ADDRESSES = [("Flat 2, 9 Rook Street, Exampleton", "EX2 7AB"), ("9 Rook St", ""), ("Rook Street", "EX2 7AD"),
             ("", "EX2 7AB"), ("Confidential - see secure file", ""), ("", "")]  # fmt: skip


def rows():
    out = []
    combos = itertools.product(NAMES, DOBS, ADDRESSES, ["F", "M", ""], IDS)
    for i, (name, dob, (address, postcode), gender, ids) in enumerate(combos):
        if i % 13:  # a spread of combinations, not all of them
            continue
        out.append({"unique_id": i, "record_key": f"r{i}", "name": name, "dob": dob, "gender": gender,
                    "address": address, "postcode": postcode, "ids": ids, "role": ["victim", "other"][i % 2]})  # fmt: skip
    return out


def test_every_blocked_pair_scores_the_same_in_python_and_in_splink():
    data = rows()
    model = load_model().for_store(len(data), 40)
    ids = np.array([r["unique_id"] for r in data])
    record_keys = np.array([r["record_key"] for r in data], dtype=object)
    pairs = predict(distinct_features(data), ids, record_keys, model, threshold=0.0)
    assert len(pairs) > 200, "the blocking rules should produce plenty of pairs to compare"
    features = {r["unique_id"]: mention_features(**{k: r[k] for k in
                ("name", "dob", "gender", "address", "postcode", "ids", "role")}) for r in data}  # fmt: skip
    worst = 0.0
    levels = set()
    for a, b, p in pairs[["unique_id_l", "unique_id_r", "match_probability"]].itertuples(index=False):
        worst = max(worst, abs(model.score(features[a], features[b]) - p))
        levels.add(IDENTIFIERS.levels[IDENTIFIERS.level_index(features[a], features[b])].label)
    assert worst == pytest.approx(0.0, abs=1e-6)
    # Identifiers that agree, differ and are one keying error apart are all among the pairs.
    assert len(levels) == len(IDENTIFIERS.levels)
    # Both certain links and certain non-links are in the sample, so the test can fail.
    assert pairs["match_probability"].max() > 0.99
    assert pairs["match_probability"].min() < 0.01

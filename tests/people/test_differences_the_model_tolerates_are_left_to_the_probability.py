"""A date of birth, identifier or forename difference is a hard contradiction only where the model
says so.

On data whose identifiers are unreliable (the trained model has seen them differ in more than
1 in 100 true matches, as on FEBRL), a pair the model scores above the threshold despite
different identifiers is linked; with the shipped model the same difference keeps them apart.
Likewise a forename: where true matches often carry another forename with the same surname
(FEBRL replaces forenames), the twins rule gives way to the probability.
"""

import copy

from safeguarding.people.clustering import STRICT, Constraints, Profile, cluster
from safeguarding.people.model_spec import FORENAME_DIFFERS, load_model, model_from_dict


def _model_with_differs_m(comparison: str, m: float, level: str | None = None):
    """The shipped model with the m of one level (by default the last, "... differ") changed."""
    data = copy.deepcopy(load_model().settings)
    for c in data["comparisons"]:
        if c["output_column_name"] == comparison:
            levels = c["comparison_levels"]
            target = next(x for x in levels if x["label_for_charts"] == level) if level else levels[-1]
            target["m_probability"] = m
    return model_from_dict(data, name="test")


def _profiles(**differing):
    base = {"given": "helena", "given_ph": "HLN", "name_key": "haskett helena", "dob": "1956-09-26"}
    return {
        1: Profile.of(1, "r1", {**base, **{k: v[0] for k, v in differing.items()}}),
        2: Profile.of(2, "r2", {**base, **{k: v[1] for k, v in differing.items()}}),
    }


def test_the_shipped_model_treats_date_and_identifier_differences_as_contradictions():
    assert Constraints.for_model(load_model()) == STRICT


def test_a_model_that_has_seen_identifiers_differ_often_leaves_them_to_the_probability():
    constraints = Constraints.for_model(_model_with_differs_m("identifiers", 0.09))
    assert not constraints.identifiers and constraints.dob
    edges = [(1, 2, 0.99)]
    profiles = _profiles(nhs=("3772585", "9361202"))
    assert cluster(profiles, edges, threshold=0.95, constraints=constraints) == [[1, 2]]
    profiles = _profiles(nhs=("3772585", "9361202"))
    assert sorted(cluster(profiles, edges, threshold=0.95, constraints=STRICT)) == [[1], [2]]


def test_a_model_that_has_seen_dates_differ_often_leaves_them_to_the_probability():
    constraints = Constraints.for_model(_model_with_differs_m("dob", 0.05))
    assert not constraints.dob and constraints.identifiers
    edges = [(1, 2, 0.99)]
    assert cluster(
        _profiles(dob=("1956-09-26", "1971-02-13")), edges, threshold=0.95, constraints=constraints
    ) == [[1, 2]]
    assert sorted(
        cluster(_profiles(dob=("1956-09-26", "1971-02-13")), edges, threshold=0.95, constraints=STRICT)
    ) == [
        [1],
        [2],
    ]


def test_an_identifier_with_two_digits_swapped_is_one_keying_error():
    edges = [(1, 2, 0.99)]
    assert cluster(_profiles(nhs=("7914405", "7914045")), edges, threshold=0.95, constraints=STRICT) == [
        [1, 2]
    ]


def test_a_model_that_has_seen_forenames_replaced_often_leaves_them_to_the_probability():
    constraints = Constraints.for_model(_model_with_differs_m("name", 0.08, FORENAME_DIFFERS))
    assert not constraints.forename and constraints.dob and constraints.identifiers
    edges = [(1, 2, 0.99)]
    twins = {"given": ("helena", "marian"), "given_ph": ("HLN", "MRN"),
             "name_key": ("haskett helena", "haskett marian")}  # fmt: skip
    assert cluster(_profiles(**twins), edges, threshold=0.95, constraints=constraints) == [[1, 2]]
    assert sorted(cluster(_profiles(**twins), edges, threshold=0.95, constraints=STRICT)) == [[1], [2]]

"""A forename-only mention ("Maggie" at a day centre, with "Rob") joins the named person who is recorded
elsewhere with the same associate, but only when the associates single out one person: a
look-alike seen with the same associate keeps it apart."""

import pytest

from tests.people.conftest import link

HOME = {"address": "3 Wren Row, Exampleton", "postcode": "EX2 7LP"}


def _couple() -> tuple[int, int]:
    margaret, robert = link(
        "police",
        "INC-10",
        {"name": "Margaret Quenby", "dob": "1979-05-02", "gender": "F", "role": "victim", **HOME},
        {"name": "Robert Halsall", "dob": "1975-11-20", "gender": "M", "role": "suspect", **HOME},
    )
    return margaret.person_id, robert.person_id


@pytest.mark.django_db
def test_two_forename_only_mentions_join_the_couple_seen_together_elsewhere():
    margaret, robert = _couple()
    maggie, rob = link(
        "day_centre",
        "DC-10",
        {"name": "Maggie", "gender": "F", "role": "client"},
        {"name": "Rob", "gender": "M", "role": "associate"},
    )
    assert (maggie.person_id, rob.person_id) == (margaret, robert)


@pytest.mark.django_db
def test_a_forename_only_mention_beside_a_named_subject_joins_that_subjects_associate():
    margaret, robert = _couple()
    maggie, g = link(
        "day_centre",
        "DC-11",
        {"name": "Maggie", "gender": "F", "role": "client"},
        {"name": "Robert Halsall", "gender": "M", "role": "associate"},
    )
    assert g.person_id == robert
    assert maggie.person_id == margaret


@pytest.mark.django_db
def test_without_a_shared_associate_a_forename_only_mention_stays_apart():
    margaret, _ = _couple()
    (maggie,) = link("day_centre", "DC-12", {"name": "Maggie", "gender": "F", "role": "client"})
    maggie2, _other = link(
        "day_centre",
        "DC-13",
        {"name": "Maggie", "gender": "F", "role": "client"},
        {"name": "Dwayne", "gender": "M", "role": "associate"},
    )
    assert maggie.person_id != margaret
    assert maggie2.person_id != margaret


@pytest.mark.django_db
def test_a_father_and_son_seen_with_the_same_associate_are_not_guessed_between():
    home = {"address": "14 Orchard Close, Exampleton", "postcode": "EX1 4QT"}
    father, mother = link(
        "police",
        "INC-20",
        {"name": "Darren Voss", "dob": "1961-03-14", "gender": "M", **home},
        {"name": "Linette Voss", "dob": "1963-01-30", "gender": "F", **home},
    )
    son, mother2 = link(
        "police",
        "INC-21",
        {"name": "Darren Voss", "dob": "1986-09-02", "gender": "M", **home},
        {"name": "Linette Voss", "dob": "1963-01-30", "gender": "F", **home},
    )
    assert father.person_id != son.person_id and mother.person_id == mother2.person_id
    darren, _lin = link(
        "day_centre",
        "DC-20",
        {"name": "Darren", "gender": "M", "role": "client"},
        {"name": "Linette", "gender": "F", "role": "associate"},
    )
    assert darren.person_id not in (father.person_id, son.person_id)
    assert father.person_id != son.person_id


@pytest.mark.django_db
def test_a_gender_that_differs_is_never_joined():
    margaret, robert = _couple()
    (wrong, rob) = link(
        "day_centre",
        "DC-30",
        {"name": "Margaret", "gender": "M", "role": "client"},
        {"name": "Robert Halsall", "gender": "M", "role": "associate"},
    )
    assert rob.person_id == robert
    assert wrong.person_id != margaret


@pytest.mark.django_db
def test_a_surname_only_mention_joins_the_one_named_person_seen_with_the_same_associate():
    margaret, robert = _couple()
    mr, m = link(
        "gp",
        "GP-40",
        {"name": "Mr Halsall (partner)", "gender": "M", "role": "other"},
        {"name": "Margaret Quenby", "gender": "F", "role": "patient"},
    )
    assert m.person_id == margaret
    assert mr.person_id == robert


@pytest.mark.django_db
def test_the_explanation_shows_the_shared_associate():
    from safeguarding.people.linking import explain
    from safeguarding.people.models import Mention

    margaret, robert = _couple()
    maggie, _rob = link(
        "day_centre",
        "DC-50",
        {"name": "Maggie", "gender": "F", "role": "client"},
        {"name": "Rob", "gender": "M", "role": "associate"},
    )
    named = Mention.objects.get(record__record_id="INC-10", ref="a")
    evidence = explain(maggie, named)["shared_associates"]
    assert evidence["person"] == margaret and evidence["associates"] == [robert]
    assert evidence["decisive"] is True

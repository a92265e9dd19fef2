"""Agency caseload: a day centre's lone "Val" joins the one named Valerie that the day centre itself
knows; when it knows two, or the name could be someone the agency does not know, nothing joins."""

import pytest

from safeguarding.people.models import Mention
from tests.people.conftest import link


def _valerie_known_to_the_day_centre() -> int:
    """Valerie Dunmore, named by the police and (fully) by the day centre: one person."""
    (police,) = link("police", "INC-1", {"name": "Valerie DUNMORE", "dob": "1963-07-09", "gender": "F"})
    (centre,) = link("day_centre", "DC-1", {"name": "Valerie Dunmore", "gender": "F", "role": "client"})
    assert centre.person_id == police.person_id
    return police.person_id


@pytest.mark.django_db
def test_a_nickname_alone_at_the_agency_joins_the_only_person_it_knows_by_that_name():
    valerie = _valerie_known_to_the_day_centre()
    (val,) = link("day_centre", "DC-2", {"name": "Val", "gender": "F", "role": "client"})
    assert val.person_id == valerie


@pytest.mark.django_db
def test_two_people_of_one_forename_at_the_agency_keep_a_forename_only_mention_unplaced():
    valerie = _valerie_known_to_the_day_centre()
    (other,) = link("day_centre", "DC-3", {"name": "Valerie Quist", "gender": "F", "role": "client"})
    assert other.person_id != valerie
    (val,) = link("day_centre", "DC-4", {"name": "Val", "gender": "F", "role": "client"})
    assert val.person_id not in (valerie, other.person_id)
    assert Mention.objects.filter(person_id=val.person_id).count() == 1


@pytest.mark.django_db
def test_a_person_known_only_to_another_agency_is_not_enough():
    (police,) = link("police", "INC-1", {"name": "Valerie DUNMORE", "dob": "1963-07-09", "gender": "F"})
    (val,) = link("day_centre", "DC-2", {"name": "Val", "gender": "F", "role": "client"})
    assert val.person_id != police.person_id


@pytest.mark.django_db
def test_a_gender_that_differs_is_never_joined():
    valerie = _valerie_known_to_the_day_centre()
    (val,) = link("day_centre", "DC-2", {"name": "Val", "gender": "M", "role": "client"})
    assert val.person_id != valerie


@pytest.mark.django_db
def test_a_mention_recorded_before_the_agency_knew_her_is_placed_when_it_does():
    (police,) = link("police", "INC-1", {"name": "Valerie DUNMORE", "dob": "1963-07-09", "gender": "F"})
    (early,) = link("day_centre", "DC-0", {"name": "Val", "gender": "F", "role": "client"})
    assert early.person_id != police.person_id
    (centre,) = link("day_centre", "DC-1", {"name": "Valerie Dunmore", "gender": "F", "role": "client"})
    early.refresh_from_db()
    assert centre.person_id == police.person_id == early.person_id


@pytest.mark.django_db
def test_a_name_known_to_the_agency_only_through_an_uncertain_mention_is_not_used():
    from safeguarding.people.models import ReviewPair

    valerie = _valerie_known_to_the_day_centre()
    (rival,) = link("police", "INC-9", {"name": "Valerie QUIST", "dob": "1970-02-02", "gender": "F"})
    anchor = Mention.objects.get(record__record_id="DC-1")
    # The model could not tell whether the day centre's Valerie is Dunmore or Quist.
    ReviewPair.objects.create(mention_a=anchor, mention_b=rival, match_probability=0.7)
    (val,) = link("day_centre", "DC-2", {"name": "Val", "gender": "F", "role": "client"})
    assert val.person_id != valerie


@pytest.mark.django_db
def test_a_title_and_surname_join_the_only_man_of_that_surname_the_agency_knows():
    (robert,) = link(
        "housing", "H-1", {"name": "Robert Halsall", "dob": "1975-11-20", "gender": "M", "role": "tenant"}
    )
    (margaret,) = link("housing", "H-2", {"name": "Margaret Halsall", "dob": "1979-05-02", "gender": "F"})
    (mr,) = link("housing", "H-3", {"name": "Mr Halsall", "gender": "M", "role": "tenant"})
    assert mr.person_id == robert.person_id != margaret.person_id


@pytest.mark.django_db
def test_a_practitioners_split_wins_over_the_caseload():
    from safeguarding.people.linking import relink_all, split_mention

    valerie = _valerie_known_to_the_day_centre()
    (val,) = link("day_centre", "DC-2", {"name": "Val", "gender": "F", "role": "client"})
    assert val.person_id == valerie
    split_mention(val, None, "a different Val: visiting from another centre")
    relink_all()
    val.refresh_from_db()
    named = Mention.objects.get(record__record_id="INC-1")
    assert val.person_id != named.person_id


@pytest.mark.django_db
def test_the_full_run_places_it_too():
    from safeguarding.people.linking import relink_all

    valerie = _valerie_known_to_the_day_centre()
    (val,) = link("day_centre", "DC-2", {"name": "Val", "gender": "F", "role": "client"})
    assert val.person_id == valerie
    relink_all()
    val.refresh_from_db()
    assert val.person_id == Mention.objects.get(record__record_id="INC-1").person_id


@pytest.mark.django_db
def test_the_explanation_says_she_is_the_only_one_the_agency_knows_by_that_name():
    from safeguarding.people.linking import explain

    _valerie_known_to_the_day_centre()
    (val,) = link("day_centre", "DC-2", {"name": "Val", "gender": "F", "role": "client"})
    evidence = explain(Mention.objects.get(record__record_id="INC-1"), val)
    assert evidence["agency_caseload"]["decisive"] is True
    assert evidence["agency_caseload"]["agency"] == "day_centre"
    assert evidence["context_note"] == "The only Valerie known to Day centre."


@pytest.mark.django_db
def test_another_of_the_name_the_agency_knows_only_by_an_initial_keeps_it_unplaced():
    valerie = _valerie_known_to_the_day_centre()
    (other,) = link("day_centre", "DC-3", {"name": "Val H.", "gender": "F", "role": "client"})
    (val,) = link("day_centre", "DC-4", {"name": "Val", "gender": "F", "role": "client"})
    assert other.person_id != valerie
    assert val.person_id != valerie


@pytest.mark.django_db
def test_another_of_the_name_with_another_date_of_birth_keeps_it_unplaced():
    valerie = _valerie_known_to_the_day_centre()
    link("day_centre", "DC-3", {"name": "Valerie", "dob": "1990-04-04", "gender": "F", "role": "client"})
    (val,) = link("day_centre", "DC-4", {"name": "Val", "gender": "F", "role": "client"})
    assert val.person_id != valerie


@pytest.mark.django_db
def test_a_mention_whose_initial_is_not_hers_is_not_placed():
    valerie = _valerie_known_to_the_day_centre()
    (val,) = link("day_centre", "DC-4", {"name": "Val H.", "gender": "F", "role": "client"})
    assert val.person_id != valerie


@pytest.mark.django_db
def test_the_explanation_says_when_the_agency_knows_two_of_the_name():
    from safeguarding.people.linking import explain

    _valerie_known_to_the_day_centre()
    link("day_centre", "DC-3", {"name": "Valerie Quist", "gender": "F", "role": "client"})
    (val,) = link("day_centre", "DC-4", {"name": "Val", "gender": "F", "role": "client"})
    evidence = explain(Mention.objects.get(record__record_id="INC-1"), val)
    assert evidence["agency_caseload"]["decisive"] is False
    assert evidence["context_note"] == "Day centre knows 2 people called Valerie: its records do not choose."


@pytest.mark.django_db
def test_the_catch_all_agency_code_is_no_one_agencys_caseload():
    (police,) = link("police", "INC-1", {"name": "Valerie DUNMORE", "dob": "1963-07-09", "gender": "F"})
    (named,) = link("other", "CH-1", {"name": "Valerie Dunmore", "gender": "F", "role": "client"})
    assert named.person_id == police.person_id
    (val,) = link("other", "HOSPICE-2", {"name": "Val", "gender": "F", "role": "client"})
    assert val.person_id != police.person_id

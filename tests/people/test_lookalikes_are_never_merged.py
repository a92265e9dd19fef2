"""A father and son of the same name at the same address, about 25 years apart, stay two people."""

import pytest

from safeguarding.people.models import Mention
from tests.people.conftest import link

HOME = {"address": "14 Orchard Close, Exampleton", "postcode": "EX1 4QT", "gender": "M"}


@pytest.mark.django_db
def test_father_and_son_with_the_same_name_and_address_are_two_people():
    (father,) = link("police", "INC-1", {"name": "Darren Voss", "dob": "1961-03-14", **HOME})
    (son,) = link("police", "INC-2", {"name": "Darren VOSS", "dob": "1986-09-02", **HOME})
    assert father.person_id != son.person_id


@pytest.mark.django_db
def test_a_mention_without_date_of_birth_matching_both_is_not_guessed_and_goes_to_review():
    from safeguarding.people.linking import review_queue

    (father,) = link("police", "INC-1", {"name": "Darren Voss", "dob": "1961-03-14", **HOME})
    (son,) = link("gp", "GP-1", {"name": "Darren Voss", "dob": "1986-09-02", **HOME})
    (sparse,) = link("housing", "HSG-1", {"name": "Mr Darren Voss", **HOME, "role": "tenant"})
    assert father.person_id != son.person_id
    assert sparse.person_id not in (father.person_id, son.person_id)
    queued = {frozenset((i["person_a"], i["person_b"])) for i in review_queue()}
    assert {
        frozenset((sparse.person_id, father.person_id)),
        frozenset((sparse.person_id, son.person_id)),
    } <= queued


@pytest.mark.django_db
def test_a_mention_without_date_of_birth_joins_the_only_person_it_matches():
    (father,) = link("police", "INC-1", {"name": "Darren Voss", "dob": "1961-03-14", **HOME})
    (sparse,) = link("housing", "HSG-1", {"name": "Mr D Voss", **HOME, "role": "tenant"})
    assert sparse.person_id == father.person_id


@pytest.mark.django_db
def test_a_full_run_keeps_them_apart_too():
    from safeguarding.people.linking import relink_all

    link("police", "INC-1", {"name": "Darren Voss", "dob": "1961-03-14", **HOME})
    link("gp", "GP-1", {"name": "Darren Voss", "dob": "1986-09-02", **HOME})
    link("housing", "HSG-1", {"name": "Mr Darren Voss", **HOME, "role": "tenant"})
    relink_all()
    dated = Mention.objects.exclude(dob="")
    assert dated.values("person_id").distinct().count() == 2

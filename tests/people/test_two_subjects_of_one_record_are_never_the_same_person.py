import pytest

from tests.people.conftest import link


@pytest.mark.django_db
def test_identical_subjects_of_one_record_stay_two_people():
    same = {"name": "Jordan Ashby", "dob": "1990-05-05", "gender": "M", "address": "3 Elm Row, Exampleton"}
    a, b = link("police", "INC-1", {**same, "role": "victim"}, {**same, "role": "alleged_perpetrator"})
    assert a.person_id != b.person_id


@pytest.mark.django_db
def test_a_later_record_does_not_bring_two_subjects_of_one_record_together():
    same = {"name": "Jordan Ashby", "dob": "1990-05-05", "gender": "M"}
    a, b = link("police", "INC-1", {**same, "role": "victim"}, {**same, "role": "witness"})
    (c,) = link("gp", "GP-1", {**same, "role": "patient"})
    assert a.person_id != b.person_id
    assert c.person_id in (a.person_id, b.person_id)

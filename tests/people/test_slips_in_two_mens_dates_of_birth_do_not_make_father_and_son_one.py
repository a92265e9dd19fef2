"""A father and son share a name, an address and a birthday, 22 years apart. Each has one record with a
slip in the year (1953 for the father's 1952, 1973 for the son's 1974), one typo apart from each other.
Their usual dates disagree, so the slips do not bridge them: they stay two people, in a full run too.
A person whose own records carry a slip still gathers them all."""

import pytest

from safeguarding.people.clustering import Profile
from safeguarding.people.linking import relink_all
from safeguarding.people.models import Mention
from tests.people.conftest import link

HOME = {"address": "Flat 7, Hazel Lodge, The Green, Exampleton", "postcode": "EX4 5TT", "gender": "M"}


def _profile(*dobs: str) -> Profile:
    group = Profile()
    for i, dob in enumerate(dobs):
        group.merge(Profile.of(i, ("record", i), {"dob": dob, "given": "patrick"}))
    return group


def test_groups_whose_usual_dates_disagree_conflict_even_when_two_slips_are_close():
    father = _profile("1952-02-12", "1952-02-12", "1953-02-12")
    son = _profile("1974-02-12", "1974-02-12", "1973-02-12")
    assert father.conflicts_with(son) == "date of birth differs"


def test_a_slip_joins_the_person_whose_usual_date_it_is_close_to():
    person = _profile("1974-02-12", "1974-02-12", "1984-02-12")
    assert person.conflicts_with(_profile("1974-12-02")) is None


@pytest.mark.django_db
def test_father_and_son_with_slips_in_their_years_stay_two_people_in_a_full_run():
    father = [
        link("gp", f"GP-F{i}", {"name": "Patrick Atkinson", "dob": "1952-02-12", **HOME})[0] for i in range(3)
    ]
    son = [
        link("gp", f"GP-S{i}", {"name": "Patrick Atkinson", "dob": "1974-02-12", **HOME})[0] for i in range(3)
    ]
    father += link("gp", "GP-F9", {"name": "Patrick Atkinson", "dob": "1953-02-12", **HOME})
    son += link("gp", "GP-S9", {"name": "Patrick Atkinson", "dob": "1973-02-12", **HOME})
    relink_all()
    people_of = {m.pk: m.person_id for m in Mention.objects.all()}
    assert len({people_of[m.pk] for m in father}) == 1
    assert len({people_of[m.pk] for m in son}) == 1
    assert people_of[father[0].pk] != people_of[son[0].pk]

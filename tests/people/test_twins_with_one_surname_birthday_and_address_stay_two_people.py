"""Adult twins (one surname, one date of birth, one address, different forenames) stay two people.

The model cannot tell them from one person recorded under two forenames and scores them high;
the forename constraint keeps them apart unless an identifier says they are one person.
"""

import pytest

from safeguarding.people.models import Mention
from tests.people.conftest import link

HOME = {"dob": "1988-10-16", "gender": "F", "address": "100 Green Avenue, Smithton", "postcode": "E9D 2YN"}


def _twins() -> tuple[list[Mention], list[Mention]]:
    one = [link("gp", f"GP-{i}", {"name": "Irene Danielle Sanderson", **HOME})[0] for i in range(3)]
    two = [
        link("gp", f"GP-{i + 10}", {"name": "Kirsty Sanderson", **HOME, "ids": {"nhs": "430 728 9579"}})[0]
        for i in range(3)
    ]
    return one, two


@pytest.mark.django_db
def test_twins_are_two_people_as_their_records_arrive():
    one, two = _twins()
    assert len({m.person_id for m in one}) == 1
    assert len({m.person_id for m in two}) == 1
    assert one[0].person_id != two[0].person_id


@pytest.mark.django_db
def test_a_full_run_keeps_twins_apart_too():
    from safeguarding.people.linking import relink_all

    _twins()
    relink_all()
    by_name = {
        name: set(Mention.objects.filter(name=name).values_list("person_id", flat=True))
        for name in ("Irene Danielle Sanderson", "Kirsty Sanderson")
    }
    assert all(len(people) == 1 for people in by_name.values())
    assert by_name["Irene Danielle Sanderson"] != by_name["Kirsty Sanderson"]


@pytest.mark.django_db
def test_a_nickname_of_the_same_forename_still_joins():
    (formal,) = link("gp", "GP-1", {"name": "Valerie Sanderson", **HOME})
    (casual,) = link("police", "POL-1", {"name": "Val SANDERSON", **HOME})
    assert formal.person_id == casual.person_id


@pytest.mark.django_db
def test_an_agreeing_nhs_number_overrides_a_forename_difference():
    ids = {"nhs": "430 728 9579"}
    (formal,) = link("gp", "GP-1", {"name": "Wei Zhang", **HOME, "ids": ids})
    (english,) = link("gp", "GP-2", {"name": "David Zhang", **HOME, "ids": ids})
    assert formal.person_id == english.person_id

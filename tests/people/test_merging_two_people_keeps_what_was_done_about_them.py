"""When two people turn out to be one, the DASH assessments and MARAC referrals recorded about the
merged-away person move to the one who remains: nothing practitioners did is lost, and the merge is
not blocked by it."""

import pytest

from safeguarding.marac.models import DashAssessment
from safeguarding.people.linking import confirm_link
from safeguarding.people.models import Person
from tests.people.conftest import link

NELL = {"name": "Nell Ashdown", "dob": "1979-05-04", "gender": "F", "address": "2 Ferry Row, Exampleton"}


@pytest.fixture
def worker(db):
    from tests.personas import make_user

    return make_user("idva.merge", "idva", "practitioner")


@pytest.mark.django_db
def test_a_confirmed_link_moves_dash_assessments_to_the_surviving_person(worker):
    (a,) = link("police", "INC-7", NELL)
    (b,) = link("day_centre", "DC-7", {"name": "Nelly", "gender": "F", "role": "client"})
    first, second = a.person_id, b.person_id
    assert first != second
    dash = DashAssessment.objects.create(
        person_id=second, agency=worker.agency, completed_by=worker, answers={}, score=3
    )

    confirm_link(a, b, worker, "The day centre's Nelly is Nell Ashdown; she confirmed it")

    a.refresh_from_db()
    b.refresh_from_db()
    survivor = a.person_id
    assert b.person_id == survivor
    merged_away = second if survivor == first else first
    assert not Person.objects.filter(pk=merged_away).exists()
    dash.refresh_from_db()
    assert dash.person_id == survivor

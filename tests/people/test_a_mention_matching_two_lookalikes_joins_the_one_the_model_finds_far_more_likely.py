"""Two women of one name and different dates of birth live in different towns. A mention with no
date of birth joins the one whose address it shares (the model finds her far more likely, by a
likelihood ratio over a thousand); a mention with the name alone matches both equally and is
not guessed. The incremental path and a full run decide alike."""

import pytest

from safeguarding.people.clustering import DOMINANCE_BITS, clearly_first, match_weight
from safeguarding.people.linking import relink_all
from safeguarding.people.models import Mention
from tests.people.conftest import link

HERS = {"address": "27 Harbour Rise, Exampleton", "postcode": "EX11 9RH", "gender": "F"}
OTHER = {"address": "17 Cliff Avenue, Otherbay", "postcode": "OT6 6LE", "gender": "F"}


def _two_lookalikes():
    (her,) = link("police", "INC-1", {"name": "Maxine Corbett", "dob": "1966-05-14", **HERS})
    (other,) = link("police", "CR-2", {"name": "Maxine Corbett", "dob": "1971-11-03", **OTHER})
    assert her.person_id != other.person_id
    return her, other


def _person(mention):
    return Mention.objects.get(pk=mention.pk).person_id


def test_clearly_first_compares_log_odds_not_probabilities():
    assert clearly_first(0.9999995, 0.9994)  # about 10 bits apart
    assert not clearly_first(0.9995, 0.9995)
    assert not clearly_first(0.99, 0.9)  # about 3.5 bits
    assert match_weight(1.0) - match_weight(0.5) >= DOMINANCE_BITS  # clipped, finite


@pytest.mark.django_db
def test_a_mention_sharing_her_address_joins_her_and_not_her_lookalike():
    her, other = _two_lookalikes()
    (ambulance,) = link("ambulance", "AMB-3", {"name": "Maxine Corbett", **HERS})
    assert _person(ambulance) == _person(her)
    relink_all()
    assert _person(ambulance) == _person(her)
    assert _person(her) != _person(other)


@pytest.mark.django_db
def test_a_mention_with_the_name_alone_joins_neither():
    her, other = _two_lookalikes()
    (court,) = link("court", "CRT-4", {"name": "Maxine Corbett", "gender": "F"})
    assert _person(court) not in (_person(her), _person(other))
    relink_all()
    assert _person(court) not in (_person(her), _person(other))
    assert _person(her) != _person(other)

import pytest
from django.test import override_settings

from safeguarding.people.linking import review_queue
from tests.people.conftest import link


@pytest.mark.django_db
@override_settings(SAFEGUARDING_LINK_THRESHOLD=0.999999, SAFEGUARDING_REVIEW_THRESHOLD=0.01)
def test_uncertain_pairs_are_queued_most_uncertain_first():
    link(
        "police",
        "INC-1",
        {"name": "Nadia Perrin", "dob": "1985-02-02", "gender": "F", "address": "4 Kiln Yard"},
    )
    link("ed", "ED-1", {"name": "Nadia Perrin", "gender": "F"})
    link("ed", "ED-2", {"name": "Nadia Perrin", "dob": "1985-02-02", "gender": "F"})
    link("housing", "HSG-1", {"name": "Ms N Perrin", "gender": "F", "address": "4 Kiln Yard"})
    queue = review_queue()
    assert queue, "pairs between the thresholds should be queued"
    weights = [item["uncertainty"] for item in queue]
    assert weights == sorted(weights)
    assert all(item["person_a"] != item["person_b"] for item in queue)
    assert all(item["match_probability"] >= 0.01 for item in queue)

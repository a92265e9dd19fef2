"""The context steps after the model (shared associates, agency caseload) run in the full run
(`relink_all`, `safeguarding link`) as they do on import, so that both give the same people."""

from collections import defaultdict

import pytest

from safeguarding.people.models import Mention
from tests.people.conftest import link

HOME = {"address": "3 Wren Row, Exampleton", "postcode": "EX2 7LP"}


def _partnership() -> None:
    """A small invented partnership, imported record by record as agencies send them."""
    link("day_centre", "DC-1", {"name": "Maggie", "gender": "F", "role": "client"})  # before anyone knows her
    link(
        "police",
        "INC-10",
        {"name": "Margaret Quenby", "dob": "1979-05-02", "gender": "F", "role": "victim", **HOME},
        {"name": "Robert Halsall", "dob": "1975-11-20", "gender": "M", "role": "suspect", **HOME},
    )
    link(
        "day_centre",
        "DC-2",
        {"name": "Maggie", "gender": "F", "role": "client"},
        {"name": "Rob", "gender": "M", "role": "associate"},
    )
    link("day_centre", "DC-3", {"name": "Maggie", "role": "client"})
    link(
        "gp",
        "GP-4",
        {"name": "Mr Halsall (partner)", "gender": "M", "role": "other"},
        {"name": "Margaret Quenby", "gender": "F", "role": "patient"},
    )
    # The day centre knows two Johns: its lone "John" is nobody's yet.
    link("day_centre", "DC-5", {"name": "John Tarrant", "dob": "1960-01-12", "gender": "M", "role": "client"})
    link("day_centre", "DC-6", {"name": "John Oduya", "dob": "1981-08-30", "gender": "M", "role": "client"})
    link("day_centre", "DC-7", {"name": "John", "gender": "M", "role": "client"})
    link("housing", "H-8", {"name": "Mr Oduya", "gender": "M", "role": "tenant"})


def _people() -> set[frozenset[int]]:
    groups: dict[int, set[int]] = defaultdict(set)
    for mid, pid in Mention.objects.values_list("id", "person_id"):
        groups[pid].add(mid)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.django_db
def test_a_full_run_after_importing_gives_the_people_the_imports_gave():
    from safeguarding.people.linking import relink_all

    _partnership()
    incremental = _people()
    relink_all()
    assert _people() == incremental


@pytest.mark.django_db
def test_both_place_the_sparse_mentions_and_leave_the_ambiguous_one():
    from safeguarding.people.linking import relink_all

    _partnership()
    relink_all()
    margaret = Mention.objects.get(record__record_id="INC-10", ref="a").person_id
    maggies = Mention.objects.filter(record__record_id__in=["DC-1", "DC-2", "DC-3"], ref="a")
    assert {m.person_id for m in maggies} == {margaret}
    john = Mention.objects.get(record__record_id="DC-7")
    assert Mention.objects.filter(person_id=john.person_id).count() == 1

"""A full name and nothing else ("Ryan Holroyd" at an A&E attendance: no date of birth, identifier
or address) joins the one person of that name that the same agency knows, and only when the whole
store holds nobody else of that name: a father and son, or a namesake elsewhere, leave it alone."""

import pytest

from safeguarding.people.models import Mention
from tests.people.conftest import link


@pytest.fixture(autouse=True)
def model_alone_never_links_a_bare_name(settings):
    """In a store of a handful of mentions any two are likely to be one person, so the model alone
    would link a bare name; at this threshold only full evidence (name, date of birth) links, and
    what places a bare name is the rule under test."""
    settings.SAFEGUARDING_LINK_THRESHOLD = 0.999999


def _ryan_known_to_the_emergency_department() -> int:
    """Ryan Holroyd, with his date of birth and NHS number at the GP and the emergency department."""
    (gp,) = link("gp", "GP-1", {"name": "Ryan Holroyd", "dob": "1984-03-17", "ids": {"nhs": "943 476 5919"}})
    (ed,) = link("ed", "ED-1", {"name": "Ryan Holroyd", "dob": "1984-03-17", "role": "patient"})
    assert ed.person_id == gp.person_id
    return gp.person_id


@pytest.mark.django_db
def test_a_bare_full_name_joins_the_only_person_of_that_name_its_agency_knows():
    ryan = _ryan_known_to_the_emergency_department()
    (bare,) = link("ed", "ED-2", {"name": "Ryan Holroyd", "role": "patient"})
    assert bare.person_id == ryan


@pytest.mark.django_db
def test_several_bare_mentions_of_the_name_all_join_him():
    ryan = _ryan_known_to_the_emergency_department()
    placed = [link("ed", f"ED-{i}", {"name": "Ryan Holroyd", "role": "patient"})[0] for i in (2, 3, 4)]
    assert {m.person_id for m in placed} == {ryan}


@pytest.mark.django_db
def test_a_namesake_anywhere_in_the_store_keeps_it_apart():
    ryan = _ryan_known_to_the_emergency_department()
    # His father, of the same name, known only to the police.
    (father,) = link("police", "INC-1", {"name": "Ryan HOLROYD", "dob": "1958-10-02", "gender": "M"})
    assert father.person_id != ryan
    (bare,) = link("ed", "ED-2", {"name": "Ryan Holroyd", "role": "patient"})
    assert bare.person_id not in (ryan, father.person_id)


@pytest.mark.django_db
def test_a_person_known_only_to_another_agency_is_not_enough():
    (gp,) = link("gp", "GP-1", {"name": "Ryan Holroyd", "dob": "1984-03-17", "ids": {"nhs": "943 476 5919"}})
    (bare,) = link("ed", "ED-2", {"name": "Ryan Holroyd", "role": "patient"})
    assert bare.person_id != gp.person_id


@pytest.mark.django_db
def test_a_bare_name_with_an_address_is_left_to_the_model():
    ryan = _ryan_known_to_the_emergency_department()
    (elsewhere,) = link("ed", "ED-2", {"name": "Ryan Holroyd", "address": "4 Quarry Lane, Exampleton"})
    assert elsewhere.person_id != ryan


@pytest.mark.django_db
def test_the_full_run_places_it_too_and_explains_why():
    from safeguarding.people.linking import explain, relink_all

    ryan = _ryan_known_to_the_emergency_department()
    (bare,) = link("ed", "ED-2", {"name": "Ryan Holroyd", "role": "patient"})
    assert bare.person_id == ryan
    relink_all()
    bare.refresh_from_db()
    anchor = Mention.objects.get(record__record_id="GP-1")
    assert bare.person_id == anchor.person_id
    evidence = explain(anchor, bare)
    assert evidence["agency_caseload"]["decisive"] is True
    assert evidence["agency_caseload"]["namesakes"] == []
    assert "Ryan Holroyd" in evidence["context_note"]


@pytest.mark.django_db
def test_the_explanation_names_the_namesake_that_stops_it():
    from safeguarding.people.linking import explain

    _ryan_known_to_the_emergency_department()
    (father,) = link("police", "INC-1", {"name": "Ryan HOLROYD", "dob": "1958-10-02", "gender": "M"})
    (bare,) = link("ed", "ED-2", {"name": "Ryan Holroyd", "role": "patient"})
    evidence = explain(Mention.objects.get(record__record_id="ED-1"), bare)
    assert evidence["agency_caseload"]["decisive"] is False
    assert evidence["agency_caseload"]["namesakes"] == [father.person_id]
    assert "1 other person called Ryan Holroyd" in evidence["agency_caseload"]["summary"]


@pytest.mark.django_db
def test_a_name_too_common_to_list_its_people_never_chooses(monkeypatch):
    import safeguarding.people.context as context
    import safeguarding.people.linking as linking

    ryan = _ryan_known_to_the_emergency_department()
    # As if the store held the name more often than the steps list people for (a national store's
    # John Smiths): two mentions already exceed a limit of one.
    monkeypatch.setattr(context, "MAX_FORENAME_CANDIDATES", 1)
    monkeypatch.setattr(linking, "MAX_FORENAME_CANDIDATES", 1)
    (bare,) = link("ed", "ED-2", {"name": "Ryan Holroyd", "role": "patient"})
    assert bare.person_id != ryan
    evidence = linking.explain(Mention.objects.get(record__record_id="ED-1"), bare)
    assert evidence["agency_caseload"]["decisive"] is False
    assert "too often" in evidence["agency_caseload"]["summary"]


@pytest.mark.django_db
def test_associates_do_not_place_a_bare_name_a_namesake_shares_and_the_explanation_agrees():
    from safeguarding.people.linking import explain

    (ryan, mary) = link("gp", "GP-1", {"name": "Ryan Holroyd", "dob": "1984-03-17"},
                        {"name": "Mary Quenby", "dob": "1986-05-30"})  # fmt: skip
    (father,) = link("police", "INC-1", {"name": "Ryan HOLROYD", "dob": "1958-10-02", "gender": "M"})
    (bare, with_mary) = link("ed", "ED-2", {"name": "Ryan Holroyd", "role": "patient"},
                             {"name": "Mary Quenby", "dob": "1986-05-30"})  # fmt: skip
    assert with_mary.person_id == mary.person_id
    assert bare.person_id not in (ryan.person_id, father.person_id)
    evidence = explain(ryan, bare)
    assert evidence["shared_associates"]["people_supported"] == [ryan.person_id]
    assert evidence["shared_associates"]["decisive"] is False

"""Search by name (nicknames, slips), date of birth, postcode or reference; audited; never beyond access."""

from __future__ import annotations

import pytest

from safeguarding.audit.models import AuditEntry
from safeguarding.web.search import name_matches, tokens
from tests.personas import REFUGE_POSTCODE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "name"),
    [("Vera Quilfeather", "Vera Quillfeather"), ("Val Dunmore", "Valerie Jean DUNMORE"), ("bob smith", "Robert Smith"),
     ("V Quillfeather", "Vera Quillfeather"), ("Stephen Trevenna", "Steven Trevenna")],
)  # fmt: skip
def test_names_match_despite_slips_nicknames_and_initials(query, name):
    assert name_matches(tokens(query), tokens(name))


def test_different_people_do_not_match():
    assert not name_matches(tokens("Vera Quillfeather"), tokens("Dale Brackenbury"))


def _search(client, q):
    return client.get("/people/", {"q": q}).content.decode()


def test_a_misspelt_name_finds_her_with_enough_to_tell_look_alikes_apart(client, storyline):
    client.force_login(storyline.police_officer)
    html = _search(client, "vera quilfeather")
    assert f"/people/{storyline.victim.pk}/" in html
    assert "1984-03-02" in html and "Police" in html


def test_a_date_of_birth_or_a_reference_finds_her(client, storyline):
    client.force_login(storyline.police_officer)
    assert f"/people/{storyline.victim.pk}/" in _search(client, "02/03/1984")
    assert f"/people/{storyline.victim.pk}/" in _search(client, "INC-TEST-0001")


def test_a_confidential_postcode_finds_no_one_and_is_never_shown(client, storyline):
    client.force_login(storyline.idva_worker)
    html = _search(client, REFUGE_POSTCODE)
    assert f"/people/{storyline.victim.pk}/" not in html
    assert REFUGE_POSTCODE not in _search(client, "Vera").split("<table")[-1]
    assert f">{REFUGE_POSTCODE.split()[0]}<" not in _search(client, "Vera")


def test_an_agency_with_no_relationship_finds_no_one(client, storyline):
    client.force_login(storyline.gp_worker)
    assert f"/people/{storyline.victim.pk}/" not in _search(client, "Vera Quillfeather")


def test_every_search_is_audited_with_its_query(client, storyline):
    client.force_login(storyline.police_officer)
    _search(client, "Vera")
    entry = AuditEntry.objects.filter(action="search").latest("id")
    assert entry.detail["query"] == "Vera"


def test_reading_a_record_that_names_her_does_not_make_her_findable(client, storyline):
    # Probation may read the police incident about the man it supervises, which names Vera too.
    client.force_login(storyline.probation_officer)
    assert f"/people/{storyline.victim.pk}/" not in _search(client, "Vera Quillfeather")
    assert f"/people/{storyline.perpetrator.pk}/" in _search(client, "Dale Brackenbury")

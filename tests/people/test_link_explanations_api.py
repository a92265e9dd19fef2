"""The explanation and decision API: authenticated, need-to-know, and described in the schema."""

import pytest
from rest_framework.test import APIClient

from safeguarding.people.models import LinkDecision


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def vera_mentions(storyline):
    police = storyline.police_incident.mentions.get(ref="a")
    idva = storyline.idva_contact.mentions.get(ref="a")
    return police, idva


@pytest.mark.django_db
def test_a_practitioner_sees_why_two_mentions_are_one_person(storyline, vera_mentions):
    police, idva = vera_mentions
    response = client_for(storyline.police_officer).get(f"/api/mentions/{police.pk}/explain/{idva.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["same_person"] is True
    assert [c["comparison"] for c in data["comparisons"]] == [
        "name",
        "dob",
        "gender",
        "address",
        "identifiers",
        "role",
    ]
    name = data["comparisons"][0]
    assert name["level"] == "full name agrees (either order)" and name["match_weight"] > 0
    assert data["match_probability"] > 0.9
    assert data["model"]["name"]


@pytest.mark.django_db
def test_a_persons_links_list_only_what_the_user_may_see(storyline):
    response = client_for(storyline.police_officer).get(f"/api/people/{storyline.victim.pk}/links/")
    assert response.status_code == 200
    data = response.json()
    shown = {link["mention"]["id"] for link in data["links"]}
    assert storyline.police_incident.mentions.get(ref="a").pk in shown
    # Housing has no agreement with the police: its tenancy record is counted, not shown.
    assert storyline.housing_tenancy.mentions.get(ref="a").pk not in shown
    assert data["mentions_not_shown"] >= 1


@pytest.mark.django_db
def test_people_and_mentions_outside_need_to_know_look_missing(storyline, vera_mentions):
    police, idva = vera_mentions
    gp = client_for(storyline.gp_worker)
    assert gp.get(f"/api/people/{storyline.victim.pk}/links/").status_code == 404
    assert gp.get(f"/api/mentions/{police.pk}/explain/{idva.pk}/").status_code == 404
    assert gp.post(f"/api/mentions/{police.pk}/split/", {"reason": "x"}).status_code == 404
    assert client_for().get(f"/api/people/{storyline.victim.pk}/links/").status_code in (401, 403)


@pytest.mark.django_db
def test_a_practitioner_can_split_with_a_reason_and_an_auditor_cannot(storyline, vera_mentions):
    _, idva = vera_mentions
    auditor = client_for(storyline.auditor)
    assert auditor.post(f"/api/mentions/{idva.pk}/split/", {"reason": "x"}).status_code == 404
    officer = client_for(storyline.police_officer)
    assert officer.post(f"/api/mentions/{idva.pk}/split/", {}).status_code == 400
    response = officer.post(f"/api/mentions/{idva.pk}/split/", {"reason": "Refuge record is another Vera"})
    assert response.status_code == 201
    assert response.json()["kind"] == "split"
    assert LinkDecision.objects.filter(kind="split", decided_by=storyline.police_officer).exists()


@pytest.mark.django_db
def test_the_schema_describes_the_people_api(storyline):
    response = client_for(storyline.police_officer).get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    explain = paths["/api/mentions/{mention_a}/explain/{mention_b}/"]["get"]
    ref = explain["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    properties = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]["properties"]
    assert {"comparisons", "match_probability", "model"} <= set(properties)
    for path in ("/api/people/{person_id}/links/", "/api/links/review/", "/api/mentions/{mention_id}/split/",
                 "/api/people/{person_a}/not-same/{person_b}/", "/api/mentions/{mention_a}/confirm/{mention_b}/"):  # fmt: skip
        assert path in paths

"""A DASH completed in the form is scored by the server and kept as the agency's risk assessment record."""

from __future__ import annotations

import pytest

from safeguarding.audit.models import AuditEntry
from safeguarding.marac import dash
from safeguarding.marac.models import DashAssessment
from tests.marac.conftest import form_data

pytestmark = pytest.mark.django_db


def test_the_checklist_has_the_24_questions_each_with_guidance():
    assert len(dash.QUESTIONS) == 24
    assert len(set(dash.QUESTION_KEYS)) == 24
    assert all(q.text.endswith("?") and q.guidance for q in dash.QUESTIONS)


def test_the_score_is_the_number_of_yes_answers_and_14_is_high():
    assert dash.score({"injury": "yes", "frightened": "not_known", "isolated": "no"}) == 1
    assert dash.level(14, False) == "high"
    assert dash.level(13, False) != "high"
    assert dash.level(3, True) == "high"


def test_saving_the_form_stores_a_dash_risk_assessment_record_of_the_users_agency(client, storyline):
    client.force_login(storyline.idva_worker)
    response = client.post(f"/marac/dash/new/?person={storyline.victim.pk}", form_data(9))
    assessment = DashAssessment.objects.get(person=storyline.victim)
    assert response.status_code == 302 and response["Location"] == f"/marac/dash/{assessment.pk}/"
    assert assessment.score == 9 and assessment.level == "standard"
    record = assessment.record
    assert record.type == "risk_assessment" and record.agency.code == "idva"
    assert record.risk["tool"] == "DASH" and record.risk["score"] == 9 and record.risk["about"] == "b"
    assert record.mentions.get(ref="a").person_id == storyline.victim.pk
    assert AuditEntry.objects.filter(action="dash_saved", person_id=storyline.victim.pk).exists()


def test_the_server_counts_again_whatever_the_browser_sent(client, storyline):
    client.force_login(storyline.idva_worker)
    client.post(f"/marac/dash/new/?person={storyline.victim.pk}", {**form_data(2), "score": "24"})
    assert DashAssessment.objects.get(person=storyline.victim).score == 2


def test_an_unanswered_question_is_an_error_that_names_it(client, storyline):
    client.force_login(storyline.idva_worker)
    data = form_data(3)
    del data["strangulation"]
    response = client.post(f"/marac/dash/new/?person={storyline.victim.pk}", data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not DashAssessment.objects.exists()


def test_the_form_shows_every_question_with_its_guidance_and_a_live_score(client, storyline):
    client.force_login(storyline.idva_worker)
    html = client.get(f"/marac/dash/new/?person={storyline.victim.pk}").content.decode()
    for q in dash.QUESTIONS:
        assert q.guidance.replace("'", "&#x27;").replace('"', "&quot;") in html
    assert 'id="dash-count"' in html and "marac/dash.js" in html


def test_someone_who_may_not_see_the_person_cannot_assess_them(client, storyline):
    client.force_login(storyline.gp_worker)
    assert client.get(f"/marac/dash/new/?person={storyline.victim.pk}").status_code == 404

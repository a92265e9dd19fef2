"""14 or more yes answers, or professional judgement, leads into a MARAC referral filled in from the DASH."""

from __future__ import annotations

import pytest

from safeguarding.marac.models import DashAssessment, Referral
from tests.marac.conftest import form_data

pytestmark = pytest.mark.django_db


def test_a_score_of_14_offers_the_referral_already_filled_in(client, storyline):
    client.force_login(storyline.idva_worker)
    client.post(f"/marac/dash/new/?person={storyline.victim.pk}", form_data(14))
    assessment = DashAssessment.objects.get()
    html = client.get(f"/marac/dash/{assessment.pk}/").content.decode()
    assert "Refer to MARAC now" in html
    assert 'value="visible_high_risk" checked' in html
    assert "14 of 24 answered yes" in html
    assert "Dale Brackenbury" in html


def test_professional_judgement_on_a_low_score_offers_the_referral_on_that_criterion(client, storyline):
    client.force_login(storyline.idva_worker)
    client.post(
        f"/marac/dash/new/?person={storyline.victim.pk}",
        form_data(5, professional_judgement="on", judgement_reason="She was strangled last week"),
    )
    assessment = DashAssessment.objects.get()
    assert assessment.level == "high"
    html = client.get(f"/marac/dash/{assessment.pk}/").content.decode()
    assert 'value="professional_judgement" checked' in html


def test_a_low_score_does_not_offer_a_referral(client, storyline):
    client.force_login(storyline.idva_worker)
    client.post(f"/marac/dash/new/?person={storyline.victim.pk}", form_data(4))
    html = client.get(f"/marac/dash/{DashAssessment.objects.get().pk}/").content.decode()
    assert "Refer to MARAC now" not in html


def test_sending_the_prefilled_referral_puts_her_in_the_coordinators_queue(client, storyline):
    client.force_login(storyline.idva_worker)
    client.post(f"/marac/dash/new/?person={storyline.victim.pk}", form_data(15))
    assessment = DashAssessment.objects.get()
    response = client.post(
        "/marac/referrals/new/",
        {
            "assessment": assessment.pk,
            "criterion": "visible_high_risk",
            "reason": "From the DASH",
            "perpetrator_name": "",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.person == storyline.victim and referral.assessment == assessment
    assert referral.referring_agency.code == "idva" and referral.status == "received"
    client.force_login(storyline.marac_coordinator)
    assert "Vera Quillfeather" in client.get("/marac/").content.decode()

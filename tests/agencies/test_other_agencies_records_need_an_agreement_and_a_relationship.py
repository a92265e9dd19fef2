from datetime import timedelta

from django.utils import timezone

from safeguarding.agencies.access import may_see_record, visible_records
from safeguarding.agencies.models import SharingAgreement
from tests.personas import make_record


def test_idva_with_an_agreement_and_a_client_in_the_record_sees_the_police_incident(storyline, idva_worker):
    assert may_see_record(idva_worker, storyline.police_incident)


def test_gp_with_no_relationship_sees_nothing_of_the_storyline(storyline, gp_worker):
    assert list(visible_records(gp_worker)) == []


def test_an_agreement_alone_is_not_enough_without_a_relationship_to_a_person_in_the_record(
    storyline, idva_worker
):
    stranger_incident = make_record(
        "police",
        "INC-TEST-0099",
        "incident",
        "2024-04-01",
        [{"ref": "a", "role": "victim", "name": "Pat Nobody"}],
    )
    assert not may_see_record(idva_worker, stranger_incident)


def test_an_expired_agreement_stops_the_flow(storyline, idva_worker):
    SharingAgreement.objects.filter(to_agency__code="idva").update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    assert not may_see_record(idva_worker, storyline.police_incident)
    assert storyline.police_incident not in visible_records(idva_worker)


def test_an_agreement_that_does_not_cover_the_record_type_stops_the_flow(storyline, idva_worker):
    SharingAgreement.objects.filter(to_agency__code="idva").update(record_types=["crime"])
    assert not may_see_record(idva_worker, storyline.police_incident)


def test_a_revoked_agreement_stops_the_flow(storyline, idva_worker):
    SharingAgreement.objects.filter(to_agency__code="idva").update(revoked_at=timezone.now())
    assert not may_see_record(idva_worker, storyline.police_incident)


def test_auditors_and_administrators_see_no_case_records(storyline, auditor, administrator):
    assert not visible_records(auditor).exists()
    assert not visible_records(administrator).exists()

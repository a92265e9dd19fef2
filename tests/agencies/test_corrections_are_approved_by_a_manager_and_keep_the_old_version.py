import pytest

from safeguarding.agencies.governance import CorrectionRefused, decide_correction, request_correction
from safeguarding.audit.models import AuditEntry
from safeguarding.records.models import Record, RecordVersion


def test_an_approved_correction_becomes_a_new_version_and_the_old_one_is_kept(
    storyline, police_officer, police_manager
):
    record = storyline.police_incident
    correction = request_correction(
        police_officer,
        record,
        changes={"summary": "Call from neighbour: shouting. Bruising to left forearm."},
        reason="Injury location was recorded wrongly",
    )
    decide_correction(police_manager, correction, approve=True, note="Checked against body-worn video")
    record.refresh_from_db()
    assert record.summary.endswith("left forearm.")
    assert record.version == 2
    old = RecordVersion.objects.get(record=record, version=1)
    assert "Female had bruising to her arm" in old.raw
    assert AuditEntry.objects.filter(action="record_corrected", actor=police_manager).exists()


def test_the_requester_cannot_approve_their_own_correction(storyline, police_officer):
    correction = request_correction(
        police_officer, storyline.police_incident, changes={"outcome": "x"}, reason="typo in outcome"
    )
    with pytest.raises(CorrectionRefused):
        decide_correction(police_officer, correction, approve=True)


def test_another_agency_cannot_ask_to_correct_a_police_record(storyline, idva_worker):
    with pytest.raises(CorrectionRefused):
        request_correction(
            idva_worker, storyline.police_incident, changes={"summary": "x"}, reason="I disagree with it"
        )


def test_a_rejected_correction_changes_nothing(storyline, police_officer, police_manager):
    correction = request_correction(
        police_officer, storyline.police_incident, changes={"outcome": "x"}, reason="typo in outcome"
    )
    decide_correction(police_manager, correction, approve=False, note="Not a typo")
    assert Record.objects.get(pk=storyline.police_incident.pk).version == 1

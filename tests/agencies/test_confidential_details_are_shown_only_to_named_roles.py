from safeguarding.agencies.access import (
    WITHHELD,
    may_see_confidential,
    may_see_record,
    redact_mention,
    redact_records,
    visible_records,
)
from safeguarding.audit.models import AuditEntry
from tests.personas import REFUGE_ADDRESS, REFUGE_POSTCODE


def test_the_idva_worker_who_holds_the_refuge_address_sees_it(storyline, idva_worker):
    assert may_see_confidential(idva_worker, storyline.refuge_mention)
    [record] = redact_records(idva_worker, [storyline.idva_contact])
    assert REFUGE_ADDRESS in record.summary


def test_the_police_see_the_idva_record_with_the_refuge_address_withheld_everywhere(
    rf, storyline, police_officer
):
    assert may_see_record(police_officer, storyline.idva_contact)
    assert not may_see_confidential(police_officer, storyline.refuge_mention)
    request = rf.get("/people/1/")
    request.user = police_officer
    [record] = redact_records(police_officer, [storyline.idva_contact], request=request)
    for text in (record.summary, record.raw, record.location):
        assert REFUGE_ADDRESS not in text and REFUGE_POSTCODE not in text
    assert WITHHELD in record.summary
    mention = redact_mention(police_officer, storyline.refuge_mention)
    assert mention.address == WITHHELD and mention.postcode == WITHHELD
    assert AuditEntry.objects.filter(action="confidential_refused", actor=police_officer).exists()


def test_an_agency_linked_to_the_perpetrator_never_sees_it_even_when_shared(storyline, probation_officer):
    assert not may_see_confidential(probation_officer, storyline.refuge_mention)


def test_a_confidential_record_is_left_out_of_other_agencies_lists(storyline, police_officer, idva_worker):
    assert storyline.idva_disclosure not in visible_records(police_officer)
    assert storyline.idva_disclosure in visible_records(idva_worker)


def test_an_idva_manager_role_not_named_on_the_marker_is_refused(storyline, idva_worker):
    marker = storyline.refuge_mention.confidential_markers.get()
    marker.roles = ["team_manager"]
    marker.save()
    assert not may_see_confidential(idva_worker, storyline.refuge_mention)


def test_exports_withhold_confidential_details_even_from_those_who_may_see_them(storyline, idva_worker):
    [record] = redact_records(idva_worker, [storyline.idva_contact], for_export=True)
    assert REFUGE_ADDRESS not in record.summary and REFUGE_ADDRESS not in record.raw


def test_a_redacted_copy_cannot_be_saved_over_the_real_record(storyline, police_officer):
    import pytest

    [record] = redact_records(police_officer, [storyline.idva_contact])
    with pytest.raises(RuntimeError):
        record.save()

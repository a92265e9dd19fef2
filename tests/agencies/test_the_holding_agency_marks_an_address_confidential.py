from safeguarding.agencies.access import may_see_confidential
from safeguarding.audit.models import AuditEntry


def test_the_police_mark_the_old_address_confidential_and_the_idva_then_cannot_see_it(
    client, storyline, police_officer, idva_worker
):
    mention = storyline.police_incident.mentions.get(ref="a")
    assert may_see_confidential(idva_worker, mention)
    client.force_login(police_officer)
    response = client.post(
        f"/accounts/confidential/mentions/{mention.pk}/", {"kind": "address", "reason": "new_address"}
    )
    assert response.status_code == 302
    assert not may_see_confidential(idva_worker, mention)
    assert may_see_confidential(police_officer, mention)
    assert AuditEntry.objects.filter(action="confidential_marked", actor=police_officer).exists()


def test_another_agency_cannot_mark_a_police_record(client, storyline, idva_worker):
    mention = storyline.police_incident.mentions.get(ref="a")
    client.force_login(idva_worker)
    assert (
        client.post(
            f"/accounts/confidential/mentions/{mention.pk}/", {"kind": "address", "reason": "refuge"}
        ).status_code
        == 404
    )

from safeguarding.agencies.access import may_see_record
from safeguarding.agencies.models import Agency, SharingAgreement, User
from safeguarding.audit.models import AuditEntry


def test_an_administrator_adds_an_agreement_and_housing_then_sees_the_incident(
    client, storyline, administrator, housing_officer
):
    assert not may_see_record(housing_officer, storyline.police_incident)
    client.force_login(administrator)
    response = client.post(
        "/accounts/admin/agreements/new/",
        {
            "from_agency": Agency.objects.get(code="police").pk,
            "to_agency": Agency.objects.get(code="housing").pk,
            "purposes": ["safeguarding"],
            "record_types": ["incident"],
            "lawful_basis": "Crime and Disorder Act 1998 s115",
            "starts_on": "2020-01-01",
            "ends_on": "2099-01-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert may_see_record(housing_officer, storyline.police_incident)
    agreement = SharingAgreement.objects.get(to_agency__code="housing")
    client.post(f"/accounts/admin/agreements/{agreement.pk}/revoke/")
    assert not may_see_record(housing_officer, storyline.police_incident)
    assert AuditEntry.objects.filter(action="agreement_changed").count() == 2


def test_an_administrator_adds_a_user_without_a_usable_password(client, storyline, administrator):
    client.force_login(administrator)
    client.post(
        "/accounts/admin/users/new/",
        {
            "username": "new_worker",
            "first_name": "New",
            "last_name": "Worker",
            "email": "",
            "agency": Agency.objects.get(code="idva").pk,
            "role": "practitioner",
            "is_active": "on",
        },
    )
    user = User.objects.get(username="new_worker")
    assert not user.has_usable_password() and user.agency.code == "idva"
    assert AuditEntry.objects.filter(action="user_changed", object_id=str(user.pk)).exists()


def test_practitioners_cannot_reach_administration(client, storyline, police_officer):
    client.force_login(police_officer)
    assert client.get("/accounts/admin/").status_code == 404
    assert client.post("/accounts/admin/agreements/new/", {}).status_code == 404

from safeguarding.audit.models import AuditEntry
from tests.personas import PASSWORD
from tests.security.conftest import current_code


def test_a_right_password_alone_does_not_sign_in(client, police_officer, officer_with_app):
    response = client.post("/accounts/login/", {"username": "police_officer", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/verify/"
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/two-factor/backup-codes/").status_code == 302


def test_the_code_from_the_authenticator_app_completes_sign_in_and_is_audited(
    client, police_officer, officer_with_app
):
    client.post("/accounts/login/", {"username": "police_officer", "password": PASSWORD, "next": "/people/"})
    response = client.post("/accounts/login/verify/", {"token": current_code(officer_with_app)})
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert client.session["_auth_user_id"] == str(police_officer.pk)
    entry = AuditEntry.objects.filter(action="login", actor=police_officer).get()
    assert entry.detail["second_factor"] == "TOTPDevice"
    assert entry.ip_address == "127.0.0.1"


def test_a_wrong_code_is_refused_and_audited_as_a_failed_sign_in(client, police_officer, officer_with_app):
    client.post("/accounts/login/", {"username": "police_officer", "password": PASSWORD})
    response = client.post(
        "/accounts/login/verify/",
        {"token": "000000" if current_code(officer_with_app) != "000000" else "111111"},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    failed = AuditEntry.objects.get(action="login_failed")
    assert failed.detail == {"username": "police_officer", "stage": "second_factor"}


def test_an_open_redirect_through_next_is_refused(client, police_officer, officer_with_app):
    client.post(
        "/accounts/login/",
        {"username": "police_officer", "password": PASSWORD, "next": "https://evil.example/"},
    )
    response = client.post("/accounts/login/verify/", {"token": current_code(officer_with_app)})
    assert response["Location"] == "/"


def test_the_verify_step_without_a_password_first_goes_back_to_sign_in(
    client, police_officer, officer_with_app
):
    response = client.post("/accounts/login/verify/", {"token": current_code(officer_with_app)})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"

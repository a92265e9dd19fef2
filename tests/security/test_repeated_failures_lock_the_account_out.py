from safeguarding.audit.models import AuditEntry
from tests.personas import PASSWORD


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, settings, police_officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "police_officer", "password": "wrong-password"})
    response = client.post("/accounts/login/", {"username": "police_officer", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Your account is locked" in response.content
    assert "_pending_user" not in str(dict(client.session))
    assert AuditEntry.objects.filter(action="login_failed").count() >= settings.AXES_FAILURE_LIMIT


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(client, police_officer):
    response = client.post("/accounts/login/", {"username": "police_officer", "password": "wrong-password"})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert AuditEntry.objects.get(action="login_failed").detail["username"] == "police_officer"

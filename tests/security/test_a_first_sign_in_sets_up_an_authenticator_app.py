from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD
from tests.security.conftest import current_code


def test_a_user_without_an_app_is_shown_a_qr_code_then_signed_in_with_backup_codes(client, idva_worker):
    response = client.post("/accounts/login/", {"username": "idva_worker", "password": PASSWORD})
    assert response["Location"] == "/accounts/two-factor/"
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200 and b"<svg" in page.content
    assert "_auth_user_id" not in client.session
    device = TOTPDevice.objects.get(user=idva_worker, confirmed=False)
    response = client.post("/accounts/two-factor/", {"token": current_code(device)})
    assert response["Location"] == "/accounts/two-factor/backup-codes/"
    assert client.session["_auth_user_id"] == str(idva_worker.pk)
    codes_page = client.get("/accounts/two-factor/backup-codes/").content.decode()
    tokens = list(StaticToken.objects.filter(device__user=idva_worker).values_list("token", flat=True))
    assert len(tokens) == 10 and all(t in codes_page for t in tokens)
    # Shown once only.
    assert tokens[0] not in client.get("/accounts/two-factor/backup-codes/").content.decode()


def test_a_backup_code_signs_in_once(client, police_officer, officer_with_app):
    from django_otp.plugins.otp_static.models import StaticDevice

    device = StaticDevice.objects.create(user=police_officer, name="Backup codes")
    device.token_set.create(token="abcd1234")
    client.post("/accounts/login/", {"username": "police_officer", "password": PASSWORD})
    client.post("/accounts/login/verify/", {"token": "abcd 1234"})
    assert client.session["_auth_user_id"] == str(police_officer.pk)
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "police_officer", "password": PASSWORD})
    client.post("/accounts/login/verify/", {"token": "abcd1234"})
    assert "_auth_user_id" not in client.session

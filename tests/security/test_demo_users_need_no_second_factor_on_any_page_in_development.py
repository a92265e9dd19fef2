"""Demo accounts keep working in the demo (DJANGO_DEBUG=true) with the second factor on every page."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD
from tests.security.conftest import current_code


def test_a_demo_user_signed_in_with_a_password_opens_every_page_in_development(
    client, settings, police_officer
):
    settings.DEBUG = True
    police_officer.demo_without_second_factor = True
    police_officer.save()
    client.post("/accounts/login/", {"username": "police_officer", "password": PASSWORD})
    assert client.get("/signals/").status_code == 200
    assert client.get("/api/links/review/").status_code == 200


def test_a_demo_user_who_set_up_an_app_is_asked_for_its_code(client, settings, police_officer):
    settings.DEBUG = True
    police_officer.demo_without_second_factor = True
    police_officer.save()
    device = TOTPDevice.objects.create(user=police_officer, name="Authenticator app", confirmed=True)
    response = client.post("/accounts/login/", {"username": "police_officer", "password": PASSWORD})
    assert response["Location"] == "/accounts/login/verify/"
    client.post("/accounts/login/verify/", {"token": current_code(device)})
    assert client.get("/signals/").status_code == 200


def test_in_production_the_demo_flag_does_not_spare_a_session_the_second_factor(
    client, settings, police_officer
):
    from tests.security.conftest import signed_in_without_second_factor

    settings.DEBUG = False
    police_officer.demo_without_second_factor = True
    police_officer.save()
    signed_in_without_second_factor(client, police_officer)
    assert client.get("/signals/")["Location"].startswith("/accounts/two-factor/")

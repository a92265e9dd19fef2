"""SecondFactorMiddleware: the second factor is asked for on every page, not only at sign-in."""

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD
from tests.security.conftest import current_code, signed_in_without_second_factor


@pytest.mark.parametrize("page", ["/", "/people/?q=Quillfeather", "/signals/"])
def test_a_session_without_its_verified_app_is_sent_to_the_code_step_from_any_page(
    client, police_officer, officer_with_app, page
):
    signed_in_without_second_factor(client, police_officer)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/verify/?next=")


def test_a_post_without_the_second_factor_changes_nothing_and_is_sent_to_the_code_step(
    client, storyline, officer_with_app
):
    signed_in_without_second_factor(client, storyline.police_officer)
    response = client.post(f"/accounts/break-glass/{storyline.victim.pk}/", {"reason": "x" * 40})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/verify/")


def test_the_right_code_completes_the_session_and_goes_on_to_the_page_asked_for(
    client, police_officer, officer_with_app
):
    signed_in_without_second_factor(client, police_officer)
    asked = client.get("/signals/")
    assert client.get(asked["Location"]).status_code == 200
    response = client.post("/accounts/login/verify/", {"token": current_code(officer_with_app)})
    assert response.status_code == 302 and response["Location"] == "/signals/"
    assert client.get("/signals/").status_code == 200


def test_a_session_whose_user_has_no_app_is_sent_to_set_one_up_and_then_goes_on(client, police_officer):
    signed_in_without_second_factor(client, police_officer)
    response = client.get("/signals/")
    assert response["Location"].startswith("/accounts/two-factor/?next=")
    client.get(response["Location"])
    device = TOTPDevice.objects.get(user=police_officer, confirmed=False)
    response = client.post("/accounts/two-factor/", {"token": current_code(device)})
    assert response["Location"] == "/accounts/two-factor/backup-codes/"
    assert client.get("/signals/").status_code == 200


def test_a_session_without_its_second_factor_cannot_replace_the_app_it_has(
    client, police_officer, officer_with_app
):
    signed_in_without_second_factor(client, police_officer)
    response = client.get("/accounts/two-factor/")
    assert response["Location"] == "/accounts/login/verify/"
    assert not TOTPDevice.objects.filter(user=police_officer, confirmed=False).exists()


def test_backup_codes_cannot_be_seen_or_renewed_without_the_second_factor(
    client, police_officer, officer_with_app
):
    signed_in_without_second_factor(client, police_officer)
    response = client.post("/accounts/two-factor/backup-codes/")
    assert response["Location"].startswith("/accounts/login/verify/")
    assert not StaticDevice.objects.filter(user=police_officer, name="Backup codes").exists()


def test_when_an_administrator_resets_the_app_a_signed_in_session_must_set_up_a_new_one(
    client, police_officer, officer_with_app
):
    client.post("/accounts/login/", {"username": "police_officer", "password": PASSWORD})
    client.post("/accounts/login/verify/", {"token": current_code(officer_with_app)})
    assert client.get("/signals/").status_code == 200
    TOTPDevice.objects.filter(user=police_officer).delete()
    assert client.get("/signals/")["Location"].startswith("/accounts/two-factor/")


def test_signing_out_needs_no_second_factor(client, police_officer, officer_with_app):
    signed_in_without_second_factor(client, police_officer)
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_codes_lock_out_and_end_a_session_without_its_second_factor(
    client, settings, police_officer, officer_with_app
):
    signed_in_without_second_factor(client, police_officer)
    wrong = "000000" if current_code(officer_with_app) != "000000" else "111111"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/accounts/login/verify/", {"token": wrong})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

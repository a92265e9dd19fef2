"""The API's session authentication asks for the same second factor as every page; tokens are apart."""

from rest_framework.authtoken.models import Token

from tests.security.conftest import current_code, signed_in_without_second_factor


def test_the_api_refuses_a_session_that_has_not_verified_its_second_factor(
    client, police_officer, officer_with_app
):
    signed_in_without_second_factor(client, police_officer)
    response = client.get("/api/links/review/")
    assert response.status_code == 401
    assert "second factor" in response.json()["detail"]


def test_the_api_takes_the_session_once_the_second_factor_is_verified(
    client, police_officer, officer_with_app
):
    signed_in_without_second_factor(client, police_officer)
    client.get("/accounts/login/verify/")
    client.post("/accounts/login/verify/", {"token": current_code(officer_with_app)})
    assert client.get("/api/links/review/").status_code == 200


def test_a_practitioners_bearer_token_needs_no_session_second_factor(
    client, police_officer, officer_with_app
):
    key = Token.objects.create(user=police_officer).key
    assert client.get("/api/links/review/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    signed_in_without_second_factor(client, police_officer)
    assert client.get("/api/links/review/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200

from tests.personas import PASSWORD


def test_a_demo_account_signs_in_with_a_password_alone_in_development(client, settings, police_officer):
    settings.DEBUG = True
    police_officer.demo_without_second_factor = True
    police_officer.save()
    response = client.post("/accounts/login/", {"username": "police_officer", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(police_officer.pk)


def test_the_same_account_needs_a_second_factor_in_production(client, settings, police_officer):
    settings.DEBUG = False
    police_officer.demo_without_second_factor = True
    police_officer.save()
    response = client.post("/accounts/login/", {"username": "police_officer", "password": PASSWORD})
    assert response["Location"] == "/accounts/two-factor/"
    assert "_auth_user_id" not in client.session

"""django-axes counts failures per (user name, address); an address that sprays many names is locked."""

from tests.personas import PASSWORD

HER_DESK = "198.51.100.20"
ELSEWHERE = "203.0.113.66"


def _sign_in(client, username, password, address):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_wrong_passwords_from_elsewhere_do_not_lock_a_colleague_out_at_her_desk(
    client, settings, police_officer
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "police_officer", "wrong-password", ELSEWHERE)
    assert _sign_in(client, "police_officer", PASSWORD, ELSEWHERE).status_code == 429
    response = _sign_in(client, "police_officer", PASSWORD, HER_DESK)
    assert response.status_code == 302


def test_one_users_mistakes_do_not_lock_out_others_at_the_same_address(
    client, settings, police_officer, idva_worker
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "police_officer", "wrong-password", HER_DESK)
    assert _sign_in(client, "idva_worker", PASSWORD, HER_DESK).status_code == 302


def test_an_address_that_tries_one_password_against_many_names_is_locked_out_for_every_name(
    client, settings, idva_worker
):
    for n in range(settings.SAFEGUARDING_LOGIN_SPRAY_NAMES):
        response = _sign_in(client, f"guessed.name.{n}", "Summer2024!", ELSEWHERE)
    assert response.status_code == 429
    # Even a right password for an account it never failed against.
    assert _sign_in(client, "idva_worker", PASSWORD, ELSEWHERE).status_code == 429
    # Everyone else signs in as before.
    assert _sign_in(client, "idva_worker", PASSWORD, HER_DESK).status_code == 302


def test_a_few_colleagues_mistyping_at_one_shared_address_lock_no_one_else_out(client, settings, idva_worker):
    for n in range(settings.SAFEGUARDING_LOGIN_SPRAY_NAMES - 1):
        _sign_in(client, f"colleague.{n}", "wrong-password", HER_DESK)
    assert _sign_in(client, "idva_worker", PASSWORD, HER_DESK).status_code == 302

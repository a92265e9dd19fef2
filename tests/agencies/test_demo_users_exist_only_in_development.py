import pytest
from django.core.exceptions import ImproperlyConfigured

from safeguarding.agencies.demo import create_demo_users
from safeguarding.agencies.models import SharingAgreement, User

pytestmark = pytest.mark.django_db


def test_demo_users_are_refused_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        create_demo_users()
    assert not User.objects.exists()


def test_the_six_demo_users_are_created_with_their_agency_and_role_in_development(settings):
    settings.DEBUG = True
    users = {u.username: u for u in create_demo_users(password="demo-only-password")}
    assert set(users) == {
        "marac.coordinator",
        "police.officer",
        "gp.reception",
        "idva.worker",
        "review.chair",
        "admin",
    }
    assert users["police.officer"].agency.code == "police"
    assert users["marac.coordinator"].role == User.Role.MARAC_COORDINATOR
    assert users["review.chair"].agency is None and users["admin"].role == User.Role.ADMINISTRATOR
    assert users["idva.worker"].check_password("demo-only-password")
    assert all(u.may_skip_second_factor for u in users.values())
    assert SharingAgreement.objects.active().exists()
    # Running it again changes nothing.
    create_demo_users(password="demo-only-password")
    assert User.objects.count() == 6


def test_the_demo_flag_is_ignored_in_production(settings):
    settings.DEBUG = True
    [user, *_] = create_demo_users(password="demo-only-password", agreements=False)
    settings.DEBUG = False
    assert not user.may_skip_second_factor

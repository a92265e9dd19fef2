import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def officer_with_app(police_officer) -> TOTPDevice:
    return TOTPDevice.objects.create(user=police_officer, name="Authenticator app", confirmed=True)


def signed_in_without_second_factor(client, user) -> None:
    """A session signed in by some other way than the sign-in view, which never verified a device."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    session = client.session
    session.pop(DEVICE_ID_SESSION_KEY, None)
    session.save()

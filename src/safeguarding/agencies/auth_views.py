"""Signing in with a password and a second factor (TOTP or a backup code), and signing out.

The password step never signs anyone in: it only remembers, for a few minutes, who has given a right
password. The session is created after the second factor (or, for demo accounts in development only,
straight away). A wrong code counts as a failed sign-in, so django-axes locks the account out after
repeated failures of either step. A session that is signed in but lacks its second factor (see
`SecondFactorMiddleware`) is sent to the same verify and set-up steps, which then complete it.
"""

from __future__ import annotations

import io
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.agencies.forms import SignInForm, TokenForm
from safeguarding.agencies.middleware import second_factor_exempt
from safeguarding.agencies.models import User
from safeguarding.agencies.second_factor import has_second_factor, needs_second_factor, second_factor_missing

PENDING_USER = "_sg_pending_user"
PENDING_SINCE = "_sg_pending_since"
PENDING_NEXT = "_sg_pending_next"
NEW_BACKUP_CODES = "_sg_new_backup_codes"
PENDING_SECONDS = 300
BACKUP_CODE_COUNT = 10
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return str(settings.LOGIN_REDIRECT_URL)


def _pending_user(request: HttpRequest) -> User | None:
    user_id = request.session.get(PENDING_USER)
    since = request.session.get(PENDING_SINCE, 0)
    if not user_id or time.time() - float(since) > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def _clear_pending(request: HttpRequest) -> str:
    request.session.pop(PENDING_USER, None)
    request.session.pop(PENDING_SINCE, None)
    return str(request.session.pop(PENDING_NEXT, settings.LOGIN_REDIRECT_URL))


def _complete_sign_in(request: HttpRequest, user: User, device: Any | None) -> None:
    next_url = _clear_pending(request)
    request._sg_otp_device = device  # type: ignore[attr-defined]  # read by the audit receiver
    auth_login(request, user, backend=MODEL_BACKEND)
    if device is not None:
        otp_login(request, device)
    request.session["_sg_next"] = next_url


def _verify_signed_in_session(request: HttpRequest, device: Any) -> str:
    """A signed-in session proves its second factor: a new session key, as for any change of privilege."""
    request.session.cycle_key()
    otp_login(request, device)
    return str(request.session.pop(PENDING_NEXT, settings.LOGIN_REDIRECT_URL))


def _remember_next(request: HttpRequest) -> None:
    """Where SecondFactorMiddleware was asked to go, for after the step (the form posts without it)."""
    if "next" in request.GET:
        request.session[PENDING_NEXT] = _safe_next(request, request.GET["next"])


@second_factor_exempt
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return HttpResponseRedirect(next_url)
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if not needs_second_factor(user):
            request.session.cycle_key()
            _complete_sign_in(request, user, None)
            return HttpResponseRedirect(next_url)
        # A new session key before anything is remembered about who is signing in.
        request.session.cycle_key()
        request.session[PENDING_USER] = user.pk
        request.session[PENDING_SINCE] = time.time()
        request.session[PENDING_NEXT] = next_url
        return redirect("agencies:verify" if has_second_factor(user) else "agencies:two_factor_setup")
    return render(request, "agencies/sign_in.html", {"form": form, "next": next_url})


@second_factor_exempt
@sensitive_post_parameters("token")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    signed_in = user is None and second_factor_missing(request)
    if signed_in:
        user = request.user  # type: ignore[assignment]
        _remember_next(request)
    if user is None:
        return redirect("agencies:login")
    if not has_second_factor(user):
        return redirect("agencies:two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            if signed_in:
                return HttpResponseRedirect(_verify_signed_in_session(request, device))
            next_url = request.session.get(PENDING_NEXT, settings.LOGIN_REDIRECT_URL)
            _complete_sign_in(request, user, device)
            return HttpResponseRedirect(next_url)
        user_login_failed.send(
            sender=__name__,
            credentials={"username": user.username, "stage": "second_factor"},
            request=request,
        )
        if getattr(request, "axes_locked_out", False):
            _clear_pending(request)
            if signed_in:
                # Locked out while holding a session: it ends too, or it would outlive the lock-out.
                auth_logout(request)
            return render(request, "agencies/locked_out.html", status=429)
        form.add_error("token", "That code is not right. Check your authenticator app and try again.")
    return render(request, "agencies/verify.html", {"form": form})


def _qr_svg(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def _new_backup_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Backup codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    for code in codes:
        device.token_set.create(token=code)
    return codes


@second_factor_exempt
@sensitive_post_parameters("token")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: at first sign-in (before the session exists) or when signed in."""
    user = _pending_user(request)
    signed_in = user is None and request.user.is_authenticated
    unverified = signed_in and second_factor_missing(request)
    if signed_in:
        user = request.user  # type: ignore[assignment]
        _remember_next(request)
    if user is None:
        return redirect("agencies:login")
    # Replacing an app needs the one set up now: a session without its second factor proves it first.
    if has_second_factor(user) and (unverified or not signed_in):
        return redirect("agencies:verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save()
            codes = _new_backup_codes(user)
            from safeguarding.audit import log_action

            log_action(
                "user_changed",
                actor=user,
                request=request,
                target=user,
                detail={"change": "two_factor_set_up"},
            )
            if not signed_in:
                _complete_sign_in(request, user, device)
            elif unverified:
                request.session["_sg_next"] = _verify_signed_in_session(request, device)
            request.session[NEW_BACKUP_CODES] = codes
            return redirect("agencies:backup_codes")
        form.add_error("token", "That code is not right. Scan the QR code again and enter the code shown.")
    secret = device.bin_key
    import base64

    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret": base64.b32encode(secret).decode().rstrip("="),
        "signed_in": signed_in,
    }
    return render(request, "agencies/two_factor_setup.html", context)


@login_required
@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def backup_codes(request: HttpRequest) -> HttpResponse:
    """Shows new backup codes once; a POST replaces them all."""
    if request.method == "POST":
        request.session[NEW_BACKUP_CODES] = _new_backup_codes(request.user)  # type: ignore[arg-type]
        return redirect("agencies:backup_codes")
    codes = request.session.pop(NEW_BACKUP_CODES, None)
    remaining = StaticToken.objects.filter(device__user=request.user).count()
    next_url = request.session.pop("_sg_next", None)
    return render(
        request, "agencies/backup_codes.html", {"codes": codes, "remaining": remaining, "next_url": next_url}
    )


@second_factor_exempt
@require_POST
@csrf_protect
def sign_out(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect("agencies:login")


@second_factor_exempt
@never_cache
def locked_out(request: HttpRequest) -> HttpResponse:
    return render(request, "agencies/locked_out.html", status=200)

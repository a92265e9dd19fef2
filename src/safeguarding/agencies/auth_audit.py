"""Sign-ins, sign-outs and failed sign-ins go to the audit trail (Django's auth signals, axes included)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from safeguarding.audit import log_action


@receiver(user_logged_in, dispatch_uid="safeguarding_audit_login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log_action("login", actor=user, request=request, detail={"second_factor": _second_factor(request, user)})


@receiver(user_logged_out, dispatch_uid="safeguarding_audit_logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        log_action("logout", actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="safeguarding_audit_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Django has already masked the password in `credentials`; only the name tried is kept.
    username = str(credentials.get("username", ""))[:150]
    stage = str(credentials.get("stage", "password"))
    log_action("login_failed", request=request, detail={"username": username, "stage": stage})


def _second_factor(request: Any, user: Any) -> str:
    device = getattr(user, "otp_device", None) or getattr(request, "_sg_otp_device", None)
    if device is not None:
        return type(device).__name__
    if getattr(user, "may_skip_second_factor", False):
        return "none (demo account, development only)"
    return "none"

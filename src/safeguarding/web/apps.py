from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save


class WebConfig(AppConfig):
    name = "safeguarding.web"
    label = "web"

    def ready(self) -> None:
        from safeguarding.signals.models import Signal

        post_save.connect(_signal_saved, sender=Signal, dispatch_uid="web_notify_signal_raised")


def _signal_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """A newly raised signal tells the agencies that work with the person, once it is committed."""
    if not created or kwargs.get("raw"):
        return
    from safeguarding.web.notify import notify_signal_raised

    transaction.on_commit(lambda: notify_signal_raised(instance))

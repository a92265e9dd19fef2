"""The audit trail: append-only, each entry chained to the one before by a SHA-256 hash."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models

from safeguarding.audit.actions import ACTIONS

GENESIS = "0" * 64


class AuditEntry(models.Model):
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Kept as text too, so that the entry still says who it was if the account is renamed.
    actor_label = models.CharField(max_length=200, blank=True)
    agency_code = models.CharField(max_length=40, blank=True)
    # No `choices`: the registry in actions.py is the one list (log_action refuses anything else), and
    # an action added there must not need a migration.
    action = models.CharField(max_length=40, db_index=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=100, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ip_address = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    flagged_for_review = models.BooleanField(default=False)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label or 'system'} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit entries are append-only: an entry cannot be changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("Audit entries are append-only: an entry cannot be deleted.")

    def get_action_display(self) -> str:
        return ACTIONS.get(self.action, self.action)

    def payload(self) -> dict[str, Any]:
        """Everything the hash covers: every field but the hashes themselves."""
        return {
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "agency_code": self.agency_code,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "person_id": self.person_id,
            "ip_address": self.ip_address,
            "reason": self.reason,
            "detail": self.detail,
            "flagged_for_review": self.flagged_for_review,
        }

    def compute_hash(self) -> str:
        body = json.dumps(self.payload(), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256((self.prev_hash + body).encode()).hexdigest()

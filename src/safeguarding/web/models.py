"""Notifications inside the application: a signal raised, an action fallen overdue."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    class Kind(models.TextChoices):
        SIGNAL_RAISED = "signal_raised", "Signal raised"
        ACTION_OVERDUE = "action_overdue", "MARAC action overdue"
        REFERRAL = "referral", "MARAC referral"
        REPEAT_REFERRAL = "repeat_referral", "Repeat MARAC referral"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # What the notification says; never a confidential address or record detail, since it is
    # also sent by e-mail, which leaves the system.
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    # Makes sending idempotent: the same event never notifies the same user twice.
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.user}: {self.title}"

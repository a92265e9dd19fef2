"""Signals raised for people, what practitioners did about them, and the markers read from records."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class RecordText(models.Model):
    """The markers read once from a record's summary, outcome and tags (see `signals.text`)."""

    record = models.OneToOneField(
        "records.Record", on_delete=models.CASCADE, primary_key=True, related_name="text"
    )
    markers = models.JSONField(default=list, blank=True, help_text="Marker codes that count as evidence.")
    discounted = models.JSONField(
        default=dict, blank=True, help_text="Markers negated, hypothetical, possible or historical, by kind."
    )
    spans = models.JSONField(default=list, blank=True, help_text="The phrases read, for explaining a marker.")
    reader_version = models.PositiveIntegerField(default=0)
    read_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"markers of record {self.record_id}"


class SignalSetting(models.Model):
    """A partnership's own threshold for a signal, overriding the catalogue default."""

    code = models.CharField(max_length=40)
    name = models.CharField(
        max_length=40, help_text="The threshold's name, as in the catalogue (e.g. 'count')."
    )
    value = models.IntegerField()
    enabled = models.BooleanField(default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "name"], name="signal_setting_unique")]

    def __str__(self) -> str:
        return f"{self.code}.{self.name} = {self.value}"


class Signal(models.Model):
    """One episode of a signal holding for a person (and, for a pair, the other person)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        ACTIONED = "actioned", "Actioned"
        DISMISSED = "dismissed", "Dismissed"

    code = models.CharField(max_length=40, db_index=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="signals")
    other = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="signals_as_other"
    )
    # Which person's timeline the rule read to raise it: re-evaluating that person can clear it.
    anchor = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    first_raised = models.DateField()
    cleared = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    evidence = models.JSONField(default=list, help_text="[[agency, record_id], ...]")
    why = models.TextField()
    action = models.TextField()
    evidence_complete_at = models.DateTimeField(null=True, blank=True)
    assigned_agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="signals"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_signals",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["first_raised", "id"]
        indexes = [
            models.Index(fields=["code", "anchor", "cleared"]),
            models.Index(fields=["person", "cleared"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} for {self.person} since {self.first_raised}"

    @property
    def is_open(self) -> bool:
        """Still holding (not cleared) and not dismissed."""
        return self.cleared is None and self.status != self.Status.DISMISSED

    @property
    def rule(self) -> Any:
        from safeguarding.signals.catalogue import CATALOGUE

        return CATALOGUE[self.code]


class SignalEvent(models.Model):
    """Who did what to a signal, and when: the working history shown beside it."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Raised"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        ACTIONED = "actioned", "Action recorded"
        DISMISSED = "dismissed", "Dismissed"
        ASSIGNED = "assigned", "Assigned"
        REOPENED = "reopened", "Reopened (new evidence)"
        CLEARED = "cleared", "Stopped holding"

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(blank=True, help_text="What was done, why it was dismissed, or what changed.")
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.signal_id})"

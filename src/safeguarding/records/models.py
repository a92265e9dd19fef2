"""The chronology format's records, as received, with every earlier version kept."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import models
from django.utils import timezone

from safeguarding.agencies.models import Agency

EVENT_TYPES = [
    "incident", "crime", "arrest", "charge", "no_further_action", "conviction", "protective_order",
    "order_breach", "asb_complaint", "tenancy_action", "ed_attendance", "consultation",
    "missed_appointment", "letter", "support_contact", "disclosure", "referral", "risk_assessment",
    "marac_referral", "marac_meeting", "mappa_meeting", "custody_start", "custody_release", "recall",
    "contact_from_custody", "service_change", "welfare_concern", "death", "note",
]  # fmt: skip

SUBJECT_ROLES = [
    "victim", "alleged_perpetrator", "associate", "household_member", "child", "neighbour", "witness",
    "reporter", "client", "patient", "tenant", "offender", "other",
]  # fmt: skip

RELATIONSHIP_TYPES = [
    "partner", "ex_partner", "spouse", "parent", "child", "sibling", "other_family", "household", "carer",
    "associate",
]  # fmt: skip


class Precision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"
    MINUTE = "minute", "Time of day"


class ImportBatch(models.Model):
    """One file or API request that brought records in: all of it or none of it was stored."""

    source = models.CharField(max_length=500)
    format = models.CharField(max_length=10)
    submitted_by = models.ForeignKey(
        "agencies.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    api_token = models.ForeignKey(
        "ApiToken", null=True, blank=True, on_delete=models.SET_NULL, related_name="batches"
    )

    def __str__(self) -> str:
        return f"{self.source} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def total_count(self) -> int:
        return self.created_count + self.updated_count + self.unchanged_count


class Record(models.Model):
    # No index of its own: (agency, record_id) and (agency, recorded) both lead with it, and each
    # index is one more write for every record imported.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="records", db_index=False)
    record_id = models.CharField(max_length=200)
    type = models.CharField(max_length=40, db_index=True)
    # `occurred` is kept exactly as given ("2010", "2010-01", "2010-01-14", "2010-01-14T23:40"):
    # a month stays a month. `occurred_start` is the first instant of that period, for ordering only.
    occurred = models.CharField(max_length=32)
    occurred_precision = models.CharField(max_length=10, choices=Precision.choices)
    occurred_start = models.DateTimeField(db_index=True)
    # When the agency recorded it: when the partnership could first have known.
    recorded = models.DateTimeField(db_index=True)
    location = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    tags = models.JSONField(default=list, blank=True)
    risk = models.JSONField(null=True, blank=True)
    links = models.JSONField(default=dict, blank=True)
    relationships = models.JSONField(default=list, blank=True)
    raw = models.TextField(help_text="The record as received (a JSON line, or a spreadsheet row as JSON).")
    content_hash = models.CharField(max_length=64)
    version = models.PositiveIntegerField(default=1)
    batch = models.ForeignKey(ImportBatch, null=True, on_delete=models.SET_NULL, related_name="records")
    source_line = models.PositiveIntegerField(null=True, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_confidential = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "record_id"], name="record_unique_per_agency")
        ]
        indexes = [models.Index(fields=["agency", "recorded"])]

    def __str__(self) -> str:
        return f"{self.agency.code}:{self.record_id}"

    @property
    def key(self) -> tuple[str, str]:
        return (self.agency.code, self.record_id)


class RecordVersion(models.Model):
    """An earlier version of a record, kept whenever a re-import changes it: history is never lost."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    raw = models.TextField()
    content_hash = models.CharField(max_length=64)
    batch = models.ForeignKey(ImportBatch, null=True, on_delete=models.SET_NULL, related_name="+")
    superseded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "version"], name="record_version_unique")]
        ordering = ["record", "version"]

    def __str__(self) -> str:
        return f"{self.record} version {self.version}"


class ApiToken(models.Model):
    """A key for one agency system to send its records to the API: import only, revocable.

    Only a hash of the key is stored; the key itself is shown once, when it is issued.
    """

    PREFIX = "sgr_"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="The system that uses it, e.g. 'Niche nightly feed'.")
    key_prefix = models.CharField(
        max_length=12, help_text="The first characters of the key, to recognise it."
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "agencies.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agency__code", "name"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.agency.code}: {self.name} ({self.key_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def hash_key(key: str) -> str:
        # The key is 256 random bits, so a plain SHA-256 is enough: there is nothing to brute-force.
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, agency: Agency, name: str, *, by: Any = None) -> tuple[ApiToken, str]:
        """Create a token; return it and its key, which is not kept and cannot be shown again."""
        from safeguarding.audit.log import log_action

        key = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            agency=agency,
            name=name,
            key_prefix=key[:10],
            key_hash=cls.hash_key(key),
            created_by=by if getattr(by, "pk", None) else None,
        )
        log_action(
            "token_changed", actor=by, target=token,
            detail={"change": "issued", "agency": agency.code, "name": name, "token": token.pk},
        )  # fmt: skip
        return token, key

    def revoke(self, *, by: Any = None) -> None:
        from safeguarding.audit.log import log_action

        if self.revoked_at is not None:
            return
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
        log_action(
            "token_changed", actor=by, target=self,
            detail={"change": "revoked", "agency": self.agency.code, "name": self.name, "token": self.pk},
        )  # fmt: skip

    @classmethod
    def for_key(cls, key: str) -> ApiToken | None:
        """The active token with this key, if any; records when it was last used."""
        token = (
            cls.objects.select_related("agency")
            .filter(key_hash=cls.hash_key(key), revoked_at__isnull=True, agency__is_active=True)
            .first()
        )
        if token is not None:
            now = timezone.now()
            # Once a minute is enough to show which tokens are in use, without a write per request.
            if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
                cls.objects.filter(pk=token.pk).update(last_used_at=now)
                token.last_used_at = now
        return token

"""Agencies, the people who work in them and their roles."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

# The agency codes of the chronology format (docs/chronology-format.md). Deployments add their own.
STANDARD_AGENCIES: dict[str, tuple[str, str]] = {
    "police": ("Police", "criminal_justice"),
    "probation": ("Probation Service", "criminal_justice"),
    "prison": ("Prison Service", "criminal_justice"),
    "mappa": ("MAPPA", "criminal_justice"),
    "marac": ("MARAC", "partnership"),
    "idva": ("Independent domestic violence advisers", "support"),
    "day_centre": ("Day centre", "support"),
    "housing": ("Council housing department", "housing"),
    "housing_provider": ("Housing association", "housing"),
    "gp": ("General practice", "health"),
    "walk_in_centre": ("Walk-in centre", "health"),
    "ed": ("Emergency department", "health"),
    "ambulance": ("Ambulance service", "health"),
    "mental_health": ("Mental health service", "health"),
    "drug_alcohol": ("Drug and alcohol recovery service", "support"),
    "adult_social_care": ("Adult social care", "social_care"),
    "childrens_social_care": ("Children's social care", "social_care"),
    "cps": ("Crown Prosecution Service", "criminal_justice"),
    "court": ("Court", "criminal_justice"),
    "other": ("Other agency", "other"),
}


class Agency(models.Model):
    class Kind(models.TextChoices):
        CRIMINAL_JUSTICE = "criminal_justice", "Criminal justice"
        HEALTH = "health", "Health"
        HOUSING = "housing", "Housing"
        SOCIAL_CARE = "social_care", "Social care"
        SUPPORT = "support", "Support service"
        PARTNERSHIP = "partnership", "Partnership"
        OTHER = "other", "Other"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    class Role(models.TextChoices):
        PRACTITIONER = "practitioner", "Practitioner"
        TEAM_MANAGER = "team_manager", "Team manager"
        MARAC_COORDINATOR = "marac_coordinator", "MARAC coordinator"
        REVIEW_CHAIR = "review_chair", "Review chair"
        AUDITOR = "auditor", "Auditor"
        ADMINISTRATOR = "administrator", "Administrator"

    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.PRACTITIONER)
    # Demo accounts only: honoured when DJANGO_DEBUG is true and ignored (sign-in refused without a
    # second factor) in production, so a demo database copied to a server cannot bypass two-factor.
    demo_without_second_factor = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def may_skip_second_factor(self) -> bool:
        return bool(self.demo_without_second_factor and settings.DEBUG)


class Purpose(models.TextChoices):
    """Why information flows between agencies; each relationship a user has serves one purpose."""

    SAFEGUARDING = "safeguarding", "Safeguarding"
    MARAC = "marac", "MARAC"
    REVIEW = "review", "Domestic Homicide Review"


class SharingAgreementQuerySet(models.QuerySet["SharingAgreement"]):
    def active(self, on: date | None = None) -> SharingAgreementQuerySet:
        day = on or timezone.localdate()
        return self.filter(
            starts_on__lte=day, ends_on__gte=day, revoked_at__isnull=True, from_agency__is_active=True
        )


class SharingAgreement(models.Model):
    """An information-sharing agreement: which record types flow from one agency to another, and why."""

    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="agreements_out")
    to_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements_in",
        help_text="Empty: the partnership as a whole (every partner, and panel members without an agency).",
    )
    record_types = models.JSONField(
        default=list, blank=True, help_text="Event types covered; empty covers every type."
    )
    purposes = models.JSONField(default=list, help_text="Purposes the information may be used for.")
    lawful_basis = models.TextField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        "agencies.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SharingAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["from_agency__name", "to_agency__name", "-ends_on"]

    def __str__(self) -> str:
        to = self.to_agency.name if self.to_agency else "the partnership"
        return f"{self.from_agency.name} to {to} ({', '.join(self.purposes)})"

    def is_active(self, on: date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.revoked_at is None and self.starts_on <= day <= self.ends_on

    def covers(self, record_type: str) -> bool:
        return not self.record_types or record_type in self.record_types


class ConfidentialMarker(models.Model):
    """Marks an address, a phone number or a whole record as confidential (a refuge, a new address,...).

    Shown only to the named roles in the agency that holds it and in the agencies it is shared with;
    never in search results or exports, never to an agency linked to the perpetrator.
    """

    class Kind(models.TextChoices):
        ADDRESS = "address", "Address"
        PHONE = "phone", "Phone number"
        RECORD = "record", "Whole record"

    class Reason(models.TextChoices):
        REFUGE = "refuge", "Refuge"
        NEW_ADDRESS = "new_address", "New address"
        SUPPORT_DISCLOSURE = "support_disclosure", "Disclosure to a support service"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    record = models.ForeignKey(
        "records.Record", null=True, blank=True, on_delete=models.CASCADE, related_name="confidential_markers"
    )
    mention = models.ForeignKey(
        "people.Mention", null=True, blank=True, on_delete=models.CASCADE, related_name="confidential_markers"
    )
    reason = models.CharField(max_length=30, choices=Reason.choices)
    roles = models.JSONField(default=list, help_text="Roles that may see it; empty: the default roles.")
    shared_with = models.ManyToManyField(Agency, blank=True, related_name="+")
    excluded_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="+", help_text="Agencies linked to the perpetrator, named by hand."
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        "agencies.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(record__isnull=False, mention__isnull=True)
                    | Q(record__isnull=True, mention__isnull=False)
                ),
                name="confidential_marker_on_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"Confidential {self.get_kind_display().lower()} ({self.get_reason_display()})"


def _break_glass_duration() -> timedelta:
    return timedelta(minutes=getattr(settings, "SAFEGUARDING_BREAK_GLASS_MINUTES", 240))


class BreakGlassGrant(models.Model):
    """Time-limited emergency access to one person's records, flagged for a manager's review."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        JUSTIFIED = "justified", "Justified"
        NOT_JUSTIFIED = "not_justified", "Not justified"

    user = models.ForeignKey("agencies.User", on_delete=models.PROTECT, related_name="break_glass_grants")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    reviewed_by = models.ForeignKey(
        "agencies.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"Break-glass by {self.user} for person {self.person_id} at {self.granted_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.expires_at is None:
            self.expires_at = self.granted_at + _break_glass_duration()
        super().save(*args, **kwargs)

    @property
    def is_live(self) -> bool:
        return self.granted_at <= timezone.now() < self.expires_at


class LegalHold(models.Model):
    """Keeps a person's or a record's information past its retention period (litigation, inquest...)."""

    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    record = models.ForeignKey(
        "records.Record", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    placed_by = models.ForeignKey(
        "agencies.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(record__isnull=False), name="legal_hold_on_something"
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold: {self.reason[:60]}"


# Years a record is kept after it was recorded, by event type. "*" is every type not listed.
# Conservative defaults from UK practice (MoPI review periods, NHS records code, DHR guidance);
# a partnership changes them on the retention rules page, each change audited.
DEFAULT_RETENTION_YEARS: dict[str, int] = {
    "*": 7,
    "death": 25,
    "conviction": 25,
    "charge": 10,
    "crime": 10,
    "protective_order": 10,
    "marac_referral": 7,
    "marac_meeting": 7,
    "risk_assessment": 7,
    "note": 6,
    "letter": 6,
    "missed_appointment": 6,
}


class RetentionRule(models.Model):
    record_type = models.CharField(
        max_length=40, unique=True, help_text='An event type, or "*" for the rest.'
    )
    retain_years = models.PositiveIntegerField()
    basis = models.TextField(blank=True)

    class Meta:
        ordering = ["record_type"]

    def __str__(self) -> str:
        return f"{self.record_type}: {self.retain_years} years"


class CorrectionRequest(models.Model):
    """A request to correct a record; a team manager approves it and it becomes the record's new version."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting a decision"
        APPLIED = "applied", "Approved and applied"
        REJECTED = "rejected", "Rejected"

    CORRECTABLE_FIELDS = ("summary", "outcome", "location", "occurred", "type", "tags")

    record = models.ForeignKey("records.Record", on_delete=models.CASCADE, related_name="correction_requests")
    requested_by = models.ForeignKey("agencies.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()
    changes = models.JSONField(help_text="Field name to corrected value.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        "agencies.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Correction to {self.record_id} ({self.get_status_display()})"

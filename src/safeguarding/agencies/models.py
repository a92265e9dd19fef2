"""Agencies, the people who work in them and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

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

    def __str__(self) -> str:
        return self.get_full_name() or self.username

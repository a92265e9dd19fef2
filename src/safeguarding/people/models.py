"""People, and the subject mentions in records that linkage assigns to them."""

from __future__ import annotations

from django.db import models

from safeguarding.records.models import Record


class Person(models.Model):
    """A person as the partnership knows them: the mentions linkage (or a practitioner) put together."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The best name to show, chosen from the mentions (the fullest, most often recorded).
    display_name = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.display_name or f"Person {self.pk}"


class Mention(models.Model):
    """One subject of one record, as the agency recorded them (possibly misspelt, partial or out of date)."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="mentions")
    ref = models.CharField(max_length=40)
    role = models.CharField(max_length=40)
    name = models.CharField(max_length=300, blank=True)
    dob = models.CharField(
        max_length=32, blank=True, help_text="As recorded; may be partial or a placeholder."
    )
    gender = models.CharField(max_length=20, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=16, blank=True)
    ids = models.JSONField(default=dict, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions"
    )
    match_probability = models.FloatField(null=True, blank=True)
    is_confidential_address = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "ref"], name="mention_unique_ref")]

    def __str__(self) -> str:
        return f"{self.name or '(no name)'} [{self.role}] in {self.record_id}"

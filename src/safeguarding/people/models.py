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


class LinkDecision(models.Model):
    """A practitioner's decision about who is who; it wins over every later automatic run.

    Decisions are kept as sets of mentions rather than person ids, because a full re-run may
    renumber people: `side_a` and `side_b` hold mention ids.

    - confirm: the mentions of side_a and side_b are the same person (must link);
    - split: the mention in side_a is not the person whose other mentions are in side_b;
    - not_same: no mention of side_a is the same person as any mention of side_b.
    """

    class Kind(models.TextChoices):
        CONFIRM = "confirm", "Confirmed the same person"
        SPLIT = "split", "Split a mention off a person"
        NOT_SAME = "not_same", "Not the same person"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    side_a = models.JSONField(default=list)
    side_b = models.JSONField(default=list)
    # The people as they were when the decision was made (for the audit trail and history).
    person_a_id = models.BigIntegerField(null=True, blank=True)
    person_b_id = models.BigIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "agencies.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    # A later decision that contradicts this one retires it (for example, confirming a link
    # that an earlier "not the same person" denied).
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["is_active", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"


class ReviewPair(models.Model):
    """Two mentions of different people whose match probability is uncertain: for clerical review."""

    mention_a = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="+")
    mention_b = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mention_a", "mention_b"], name="review_pair_unique")]

    def __str__(self) -> str:
        return f"{self.mention_a_id} ~ {self.mention_b_id} ({self.match_probability:.2f})"

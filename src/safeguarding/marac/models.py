"""DASH risk assessments, MARAC referrals, meetings and actions."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeguarding.marac import dash


class DashAssessment(models.Model):
    """A DASH risk identification checklist completed with a victim, kept as data."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="dash_assessments")
    # Who the risk is from: a known person, or only a name when they are not (yet) linked.
    perpetrator = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    perpetrator_name = models.CharField(max_length=300, blank=True)
    answers = models.JSONField(default=dict, help_text="question key -> yes / no / not_known")
    notes = models.TextField(blank=True)
    score = models.PositiveSmallIntegerField(default=0)
    professional_judgement = models.BooleanField(default=False)
    judgement_reason = models.TextField(blank=True)
    level = models.CharField(max_length=10, default="standard")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)
    record = models.ForeignKey(
        "records.Record", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-completed_at"]

    def __str__(self) -> str:
        return f"DASH for {self.person} on {self.completed_at:%d %b %Y}: {self.score}"

    def compute(self) -> None:
        """Score from the answers (the server's count is the one kept, whatever the browser showed)."""
        self.score = dash.score(self.answers)
        self.level = dash.level(self.score, self.professional_judgement)

    @property
    def is_high_risk(self) -> bool:
        return self.level == "high"

    @property
    def yes_questions(self) -> list[dash.Question]:
        return [q for q in dash.QUESTIONS if self.answers.get(q.key) == dash.YES]


class MaracMeeting(models.Model):
    date = models.DateField()
    location = models.CharField(max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agencies = models.ManyToManyField("agencies.Agency", blank=True, related_name="marac_meetings")
    minutes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"MARAC meeting {self.date:%d %B %Y}"

    @property
    def is_past(self) -> bool:
        return self.date < timezone.localdate()


class Referral(models.Model):
    class Criterion(models.TextChoices):
        VISIBLE_HIGH_RISK = "visible_high_risk", "Visible high risk (14 or more ticks on DASH)"
        ESCALATION = "escalation", "Potential escalation (3 or more police call-outs in 12 months)"
        PROFESSIONAL_JUDGEMENT = "professional_judgement", "Professional judgement"
        REPEAT = "repeat", "Repeat (a new incident within 12 months of the last MARAC)"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        LISTED = "listed", "Listed for a meeting"
        HEARD = "heard", "Heard at MARAC"
        CLOSED = "closed", "Closed"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="marac_referrals")
    perpetrator = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    perpetrator_name = models.CharField(max_length=300, blank=True)
    criterion = models.CharField(max_length=30, choices=Criterion.choices)
    reason = models.TextField(help_text="Why the referral is made: what has happened and what the risk is.")
    assessment = models.ForeignKey(
        DashAssessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    # The incident that made it a repeat, for referrals raised automatically.
    trigger_record = models.ForeignKey(
        "records.Record", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referring_agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    meeting = models.ForeignKey(
        MaracMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    agenda_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A new incident makes at most one automatic repeat referral.
            models.UniqueConstraint(
                fields=["trigger_record"],
                condition=models.Q(trigger_record__isnull=False),
                name="referral_once_per_trigger",
            )
        ]

    def __str__(self) -> str:
        return f"MARAC referral of {self.person} ({self.get_criterion_display()})"

    @property
    def is_repeat(self) -> bool:
        return self.criterion == self.Criterion.REPEAT


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        MaracMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    text = models.TextField()
    owner_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="marac_actions"
    )
    due = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return f"{self.owner_agency}: {self.text[:60]}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status == self.Status.OPEN and self.due < (today or timezone.localdate())

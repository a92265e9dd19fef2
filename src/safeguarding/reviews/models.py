"""Domestic Homicide Reviews and Domestic Abuse Related Death Reviews.

A review names the person who died and the people around them (each with the pseudonym the
review uses), its panel, terms of reference and stages; it asks agencies for their chronology
and management review, gathers panel comments on the combined chronology, and ends in
recommendations whose actions must be completed to their deadlines.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeguarding.agencies.models import Agency
from safeguarding.people.models import Person
from safeguarding.records.models import Record


def today() -> dt.date:
    return timezone.localdate()


class Review(models.Model):
    class Kind(models.TextChoices):
        DHR = "dhr", "Domestic Homicide Review"
        DARDR = "dardr", "Domestic Abuse Related Death Review"

    class DeathKind(models.TextChoices):
        HOMICIDE = "homicide", "Homicide"
        SUICIDE = "suicide", "Suicide after abuse"
        UNEXPLAINED = "unexplained", "Unexplained or under investigation"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PUBLISHED = "published", "Published"
        CLOSED = "closed", "Closed (action plan complete)"
        NOT_PROCEEDING = "not_proceeding", "Not proceeding"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DHR)
    reference = models.CharField(max_length=60, unique=True, help_text="For example DHR-2012-02.")
    title = models.CharField(max_length=200, help_text="As the review will be published, e.g. 'Case 2'.")
    partnership = models.CharField(
        max_length=200, blank=True, help_text="The Community Safety Partnership that commissions it."
    )
    death_kind = models.CharField(max_length=20, choices=DeathKind.choices, default=DeathKind.HOMICIDE)
    date_of_death = models.DateField(null=True, blank=True)
    date_of_death_note = models.CharField(
        max_length=200, blank=True, help_text="Where the day is not known: 'between 17 March and 12 April'."
    )
    period_start = models.DateField(help_text="The first day the review looks at.")
    period_end = models.DateField(help_text="The last day the review looks at.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    summary = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def short_kind(self) -> str:
        return "DHR" if self.kind == self.Kind.DHR else "DARDR"

    @property
    def deceased(self) -> ReviewSubject | None:
        return self.subjects.filter(role=ReviewSubject.Role.DECEASED).select_related("person").first()

    @property
    def alleged_perpetrator(self) -> ReviewSubject | None:
        return (
            self.subjects.filter(role=ReviewSubject.Role.PERPETRATOR)
            .select_related("person")
            .order_by("pseudonym")
            .first()
        )

    def late_stages(self, on: dt.date | None = None) -> list[Stage]:
        on = on or today()
        return [s for s in self.stages.all() if s.is_late(on)]

    def outstanding_requests(self) -> models.QuerySet[AgencyRequest]:
        return self.requests.filter(returned_on__isnull=True)

    def next_pseudonym(self, role: str) -> str:
        prefix = ReviewSubject.PREFIXES.get(role, "O")
        used = set(self.subjects.values_list("pseudonym", flat=True))
        n = 1
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"


class ReviewSubject(models.Model):
    """A person the review is about, and the name the published review gives them (V1, P1, ...)."""

    class Role(models.TextChoices):
        DECEASED = "deceased", "Person who died"
        PERPETRATOR = "perpetrator", "Alleged perpetrator"
        OTHER_PERPETRATOR = "other_perpetrator", "Other person who harmed them"
        FAMILY = "family", "Family member"
        CHILD = "child", "Child"
        ASSOCIATE = "associate", "Associate"
        OTHER = "other", "Other"

    PREFIXES = {
        "deceased": "V",
        "perpetrator": "P",
        "other_perpetrator": "P",
        "family": "F",
        "child": "C",
        "associate": "A",
        "other": "O",
    }

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices)
    pseudonym = models.CharField(max_length=40)
    description = models.CharField(
        max_length=200, blank=True, help_text="How the report describes them, e.g. 'her partner'."
    )

    class Meta:
        ordering = ["review", "pseudonym"]
        constraints = [
            models.UniqueConstraint(fields=["review", "pseudonym"], name="review_subject_pseudonym_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pseudonym} ({self.get_role_display()})"


class PanelMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Independent chair"
        AUTHOR = "author", "Report author"
        CHAIR_AUTHOR = "chair_author", "Independent chair and author"
        MEMBER = "member", "Panel member"
        ADVISER = "adviser", "Specialist adviser"
        SECRETARIAT = "secretariat", "Secretariat"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="panel")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_panels",
    )
    independent = models.BooleanField(default=False, help_text="No involvement with the people or services.")

    class Meta:
        ordering = ["review", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def is_chair(self) -> bool:
        return self.role in {self.Role.CHAIR, self.Role.CHAIR_AUTHOR}


class TermOfReference(models.Model):
    """A key line of enquiry."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["review", "number"]
        constraints = [models.UniqueConstraint(fields=["review", "number"], name="review_term_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class Stage(models.Model):
    class Kind(models.TextChoices):
        NOTIFICATION = "notification", "Notification to the partnership"
        SCOPING = "scoping", "Scoping review"
        DECISION = "decision", "Decision to hold a review"
        HOME_OFFICE = "home_office", "Home Office informed"
        PANEL_MEETING = "panel_meeting", "Panel meeting"
        REPORT = "report", "Overview report drafted"
        QUALITY_ASSURANCE = "quality_assurance", "Quality assurance"
        PUBLICATION = "publication", "Publication"

    # Statutory guidance: decide within a month of notification; complete the report within six months.
    DEFAULT_OFFSETS_DAYS = {
        "notification": 0,
        "scoping": 14,
        "decision": 30,
        "home_office": 35,
        "report": 30 + 183,
        "quality_assurance": 30 + 240,
        "publication": 30 + 300,
    }

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    label = models.CharField(max_length=200, blank=True, help_text="For panel meetings: 'Panel meeting 2'.")
    due = models.DateField(null=True, blank=True)
    completed = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["review", "due", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.label or self.get_kind_display()

    def is_late(self, on: dt.date | None = None) -> bool:
        """Not done by its due date (still open after it, or completed after it)."""
        if self.due is None:
            return False
        if self.completed is not None:
            return self.completed > self.due
        return (on or today()) > self.due

    def status(self, on: dt.date | None = None) -> str:
        if self.completed is not None:
            return "completed late" if self.is_late(on) else "completed"
        if self.is_late(on):
            return "late"
        return "not started" if self.due is None else "due"


class AgencyRequest(models.Model):
    """A request to an agency for its chronology or its management review (IMR)."""

    class Kind(models.TextChoices):
        CHRONOLOGY = "chronology", "Chronology"
        MANAGEMENT_REVIEW = "management_review", "Individual management review"
        SCOPING = "scoping", "Scoping return (any contact?)"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    requested_on = models.DateField(default=today)
    due = models.DateField()
    returned_on = models.DateField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=300, blank=True)
    record_count = models.PositiveIntegerField(null=True, blank=True)
    document = models.TextField(
        blank=True, help_text="For management reviews: the text of the report, or where it is held."
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["review", "kind", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "agency", "kind"], name="review_request_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.agency}"

    @property
    def is_returned(self) -> bool:
        return self.returned_on is not None

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return self.returned_on is None and (on or today()) > self.due

    def status(self, on: dt.date | None = None) -> str:
        if self.returned_on is not None:
            return "returned late" if self.returned_on > self.due else "returned"
        return "overdue" if self.is_overdue(on) else "awaited"


class ReviewRecord(models.Model):
    """A record an agency returned for this review (its chronology). Linked records are found too."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="review_records")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(
        AgencyRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="review_records"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "record"], name="review_record_unique")]

    def __str__(self) -> str:
        return f"{self.review_id}: record {self.record_id}"


class PanelComment(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


THEMES = [
    ("risk_assessment", "Risk assessment and DASH"),
    ("marac", "MARAC referral and repeat referral"),
    ("information_sharing", "Information sharing between agencies"),
    ("positive_action", "Positive action by police (arrest, DVPN/DVPO, evidence-led prosecution)"),
    ("asb", "Anti-social behaviour and neighbours"),
    ("adult_safeguarding", "Adult safeguarding and care needs"),
    ("health_enquiry", "Routine enquiry in health settings"),
    ("substance_misuse", "Alcohol and drugs"),
    ("mental_health", "Mental health and suicide"),
    ("engagement", "Hard-to-reach and non-engaging clients"),
    ("perpetrators", "Working with perpetrators (MAPPA, probation, custody)"),
    ("children", "Children"),
    ("service_continuity", "Commissioning and service closure"),
    ("training", "Training and awareness"),
    ("governance", "Governance and assurance"),
    ("other", "Other"),
]


class Recommendation(models.Model):
    class Level(models.TextChoices):
        OVERVIEW = "overview", "Overview report"
        AGENCY = "agency", "Agency (IMR)"
        NATIONAL = "national", "National"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveIntegerField()
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.OVERVIEW)
    text = models.TextField()
    lead_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    lead_body = models.CharField(
        max_length=200, blank=True, help_text="Where the lead is not an agency: 'the Partnership Board'."
    )
    theme = models.CharField(max_length=30, choices=THEMES, default="other")
    accepted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="review_recommendation_number_unique")
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"

    @property
    def lead(self) -> str:
        return str(self.lead_agency) if self.lead_agency else self.lead_body

    def status(self, on: dt.date | None = None) -> str:
        actions = list(self.actions.all())
        if not actions:
            return "no action plan"
        if all(a.status == Action.Status.COMPLETE for a in actions):
            return "complete"
        if any(a.is_overdue(on) for a in actions):
            return "overdue"
        if any(a.status != Action.Status.NOT_STARTED for a in actions):
            return "in progress"
        return "not started"


class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"
        NOT_ACHIEVABLE = "not_achievable", "Not achievable (explained)"

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    owner = models.CharField(max_length=200, help_text="The named person responsible.")
    owner_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_email = models.EmailField(blank=True)
    due = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(
        blank=True, help_text="Evidence of completion: what changed, and where it is."
    )

    class Meta:
        ordering = ["recommendation", "due", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    def is_overdue(self, on: dt.date | None = None) -> bool:
        return (
            self.status not in {self.Status.COMPLETE, self.Status.NOT_ACHIEVABLE}
            and (on or today()) > self.due
        )


class ReminderSent(models.Model):
    """One reminder, remembered so that re-running the daily job never sends it twice."""

    key = models.CharField(max_length=200, unique=True)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField(default=today)
    recipient = models.CharField(max_length=300, blank=True)
    subject = models.CharField(max_length=300)

    def __str__(self) -> str:
        return self.subject

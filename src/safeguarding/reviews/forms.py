"""Forms for the review workspace. Templates render every field through reviews/_field.html (GOV.UK markup)."""

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding.agencies.models import Agency
from safeguarding.reviews.models import (
    THEMES,
    Action,
    AgencyRequest,
    PanelMember,
    Recommendation,
    Review,
    ReviewSubject,
    Stage,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def govukify(form: forms.BaseForm) -> None:
    """Give each widget its GOV.UK Frontend class, so that templates can render `{{ field }}` as it is."""
    for f in form.fields.values():
        w = f.widget
        if isinstance(w, forms.DateInput) and not isinstance(w, DateInput):
            w = f.widget = DateInput()
        if isinstance(w, forms.CheckboxSelectMultiple):
            continue
        if isinstance(w, forms.CheckboxInput):
            css = "govuk-checkboxes__input"
        elif isinstance(w, forms.Select):
            css = "govuk-select"
        elif isinstance(w, forms.Textarea):
            css = "govuk-textarea"
        elif isinstance(w, forms.FileInput):
            css = "govuk-file-upload"
        elif isinstance(w, DateInput | forms.NumberInput):
            css = "govuk-input govuk-input--width-10"
        else:
            css = "govuk-input"
        w.attrs["class"] = css
        if f.required and not isinstance(w, forms.CheckboxInput):
            w.attrs.setdefault("aria-required", "true")


class GovukForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govukify(self)


class GovukModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govukify(self)


class ReviewForm(GovukForm):
    kind = forms.ChoiceField(choices=Review.Kind.choices, label="Kind of review")
    reference = forms.CharField(
        max_length=60, help_text="The partnership's reference, for example DHR-2024-03."
    )
    title = forms.CharField(
        max_length=200, help_text="The name the review will be published under, never the person's real name."
    )
    partnership = forms.CharField(max_length=200, required=False, label="Community Safety Partnership")
    death_kind = forms.ChoiceField(choices=Review.DeathKind.choices, label="How the person died")
    date_of_death = forms.DateField(required=False, widget=forms.DateInput)
    period_start = forms.DateField(label="Review period starts", widget=forms.DateInput)
    period_end = forms.DateField(label="Review period ends", widget=forms.DateInput)
    notified_on = forms.DateField(
        required=False,
        label="Date the partnership was notified",
        help_text="Stage deadlines are planned from this date.",
        widget=forms.DateInput,
    )
    deceased_person = forms.IntegerField(
        required=False, label="Person who died (person number)", help_text="From their page: /people/NUMBER/."
    )
    perpetrator_person = forms.IntegerField(required=False, label="Alleged perpetrator (person number)")

    def clean_reference(self) -> str:
        ref = self.cleaned_data["reference"].strip()
        if Review.objects.filter(reference=ref).exists():
            raise forms.ValidationError("A review with this reference already exists.")
        return ref

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The review period must end after it starts.")
        return data


class SubjectForm(GovukModelForm):
    person_number = forms.IntegerField(
        required=False, label="Person number", help_text="From their page: /people/NUMBER/."
    )

    class Meta:
        model = ReviewSubject
        fields = ["role", "pseudonym", "description"]
        help_texts = {"pseudonym": "Leave blank to give the next one (V2, P2, C1, ...)."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pseudonym"].required = False
        self.fields["pseudonym"].widget.attrs.pop("aria-required", None)


class PanelMemberForm(GovukModelForm):
    class Meta:
        model = PanelMember
        fields = ["name", "job_title", "agency", "role", "independent"]


class TermForm(GovukForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Key line of enquiry")


class StageForm(GovukForm):
    kind = forms.ChoiceField(choices=Stage.Kind.choices, label="Stage")
    label = forms.CharField(
        required=False, max_length=200, help_text="For panel meetings: 'Panel meeting 2'."
    )
    due = forms.DateField(required=False, widget=forms.DateInput)
    completed = forms.DateField(required=False, widget=forms.DateInput)


class StageUpdateForm(GovukForm):
    due = forms.DateField(required=False, widget=forms.DateInput)
    completed = forms.DateField(required=False, widget=forms.DateInput)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequestForm(GovukForm):
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.filter(is_active=True), widget=forms.CheckboxSelectMultiple
    )
    kinds = forms.MultipleChoiceField(
        choices=AgencyRequest.Kind.choices, widget=forms.CheckboxSelectMultiple, label="Ask for"
    )
    due = forms.DateField(widget=forms.DateInput, label="Return by")


class UploadForm(GovukForm):
    file = forms.FileField(
        label="Chronology file",
        help_text="A .xlsx, .csv or .jsonl file in the chronology format (use the template).",
    )


class ReturnedForm(GovukForm):
    returned_on = forms.DateField(widget=forms.DateInput, label="Returned on")
    document = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Where the report is held, or a summary",
    )


class CommentForm(GovukForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Panel comment", max_length=4000)


class RecommendationForm(GovukModelForm):
    class Meta:
        model = Recommendation
        fields = ["number", "level", "text", "lead_agency", "lead_body", "theme", "accepted_on"]
        widgets = {"accepted_on": DateInput(), "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = THEMES  # type: ignore[attr-defined]


class ActionForm(GovukModelForm):
    class Meta:
        model = Action
        fields = ["text", "owner", "owner_agency", "owner_email", "due"]
        widgets = {"due": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": "Action"}


class ActionUpdateForm(GovukModelForm):
    class Meta:
        model = Action
        fields = ["status", "completed_on", "evidence", "due"]
        widgets = {
            "completed_on": DateInput(),
            "due": DateInput(),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Action.Status.COMPLETE:
            if not data.get("evidence"):
                self.add_error("evidence", "Say what shows the action is complete.")
            if not data.get("completed_on"):
                self.add_error("completed_on", "Enter the date the action was completed.")
        return data

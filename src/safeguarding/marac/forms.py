from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from safeguarding.agencies.models import Agency
from safeguarding.marac import dash
from safeguarding.marac.models import Action, MaracMeeting, Referral


class DateParts(forms.Form):
    """A GOV.UK date input: day, month and year in three boxes, for one date field named `prefix`."""

    date_fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.date_fields:
            raw = [(self.data.get(f"{name}-{part}") or "").strip() for part in ("day", "month", "year")]
            if not all(raw):
                self.add_error(
                    name, f"Enter the {str(self.fields[name].label).lower()} as a day, month and year"
                )
                continue
            try:
                cleaned[name] = dt.date(int(raw[2]), int(raw[1]), int(raw[0]))
            except ValueError:
                self.add_error(name, f"The {str(self.fields[name].label).lower()} must be a real date")
        return cleaned


class DashForm(forms.Form):
    perpetrator_name = forms.CharField(
        label="Who is the risk from?",
        max_length=300,
        required=False,
        help_text="The name of the person causing harm, as the victim gives it",
    )
    professional_judgement = forms.BooleanField(
        label="I judge the risk to be high, whatever the score", required=False
    )
    judgement_reason = forms.CharField(
        label="Why you judge the risk high", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i, q in enumerate(dash.QUESTIONS, start=1):
            self.fields[q.key] = forms.ChoiceField(
                label=q.text,
                choices=dash.ANSWERS,
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer question {i}: yes, no or not known"},
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("professional_judgement") and not (cleaned.get("judgement_reason") or "").strip():
            self.add_error("judgement_reason", "Say why you judge the risk to be high")
        return cleaned

    @property
    def answers(self) -> dict[str, str]:
        return {k: self.cleaned_data[k] for k in dash.QUESTION_KEYS}

    def questions(self) -> list[tuple[int, dash.Question, Any]]:
        return [(i, q, self[q.key]) for i, q in enumerate(dash.QUESTIONS, start=1)]


class ReferralForm(forms.Form):
    criterion = forms.ChoiceField(
        label="Which MARAC criterion does this meet?",
        choices=Referral.Criterion.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason for referral",
        help_text="What has happened, what the risk is, and what you have already done",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    perpetrator_name = forms.CharField(label="Person causing harm", max_length=300, required=False)


class MeetingForm(DateParts):
    date_fields = ("date",)
    date = forms.DateField(label="Meeting date", required=False, help_text="For example, 27 3 2026")
    location = forms.CharField(label="Where", max_length=200, required=False)
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies attending",
        queryset=Agency.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ListOnMeetingForm(forms.Form):
    meeting = forms.ModelChoiceField(label="Meeting", queryset=MaracMeeting.objects.none(), empty_label=None)

    def __init__(self, *args: Any, meetings: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]


class ActionForm(DateParts):
    date_fields = ("due",)
    text = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}))
    owner_agency = forms.ModelChoiceField(
        label="Owner agency", queryset=Agency.objects.filter(is_active=True), empty_label="Choose an agency"
    )
    due = forms.DateField(label="Due date", required=False, help_text="For example, 14 4 2026")


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Action.Status.choices, widget=forms.RadioSelect)
    outcome = forms.CharField(label="What was done", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MinutesForm(forms.Form):
    minutes = forms.CharField(label="Minutes", widget=forms.Textarea(attrs={"rows": 12}), required=False)

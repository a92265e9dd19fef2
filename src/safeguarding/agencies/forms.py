"""Forms for signing in, two-factor set-up, sharing agreements and governance requests."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from safeguarding.agencies.models import Agency, Purpose, SharingAgreement, User


class GovukMixin:
    """Adds the GOV.UK Frontend classes to widgets, so templates stay simple."""

    def _govuk(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.Textarea):
                css = "govuk-textarea"
            elif isinstance(widget, forms.Select):
                css = "govuk-select"
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                css = "govuk-checkboxes__input"
            else:
                css = "govuk-input"
            widget.attrs.setdefault("class", css)


class SignInForm(GovukMixin, AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        self._govuk()


class TokenForm(GovukMixin, forms.Form):
    token = forms.CharField(
        label="Security code",
        max_length=16,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._govuk()

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split()).lower()


class BreakGlassForm(GovukMixin, forms.Form):
    reason = forms.CharField(
        label="Why do you need to see this person's records now?",
        help_text="Your reason is recorded, and a manager reviews every use of emergency access.",
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=15,
        max_length=2000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._govuk()


class SharingAgreementForm(GovukMixin, forms.ModelForm):
    purposes = forms.MultipleChoiceField(choices=Purpose.choices, widget=forms.CheckboxSelectMultiple)
    record_types = forms.MultipleChoiceField(
        choices=[], widget=forms.CheckboxSelectMultiple, required=False, help_text="None ticked: every type."
    )

    class Meta:
        model = SharingAgreement
        fields = [
            "from_agency",
            "to_agency",
            "record_types",
            "purposes",
            "lawful_basis",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "lawful_basis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from safeguarding.records.models import EVENT_TYPES

        super().__init__(*args, **kwargs)
        self.fields["record_types"].choices = [(t, t.replace("_", " ")) for t in EVENT_TYPES]  # type: ignore[attr-defined]
        self.fields["from_agency"].queryset = Agency.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["to_agency"].queryset = Agency.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["to_agency"].empty_label = "The whole partnership"  # type: ignore[attr-defined]
        self._govuk()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        if data.get("from_agency") and data.get("from_agency") == data.get("to_agency"):
            self.add_error("to_agency", "An agency does not need an agreement with itself.")
        return data


class UserForm(GovukMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "agency", "role", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].required = False
        self._govuk()


class CorrectionRequestForm(GovukMixin, forms.Form):
    field = forms.ChoiceField(
        choices=[
            (f, f.replace("_", " ").capitalize())
            for f in ("summary", "outcome", "location", "occurred", "type")
        ]
    )
    corrected_value = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), min_length=10, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._govuk()


class DecisionForm(GovukMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("reject", "Reject")], widget=forms.RadioSelect
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._govuk()
        self.fields["decision"].widget.attrs["class"] = "govuk-radios__input"


class LegalHoldForm(GovukMixin, forms.Form):
    person_id = forms.IntegerField(required=False, min_value=1, label="Person number")
    record_id = forms.IntegerField(required=False, min_value=1, label="Record number")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), min_length=10, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._govuk()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person_id") and not data.get("record_id"):
            raise forms.ValidationError("Give a person or a record to hold.")
        return data

from __future__ import annotations

from typing import Any

from django import forms

from safeguarding.agencies.models import Agency, User


class ActionTakenForm(forms.Form):
    text = forms.CharField(
        label="What was done",
        help_text="For example: referred to MARAC; DASH completed; welfare visit made and she was seen alone",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class DismissForm(forms.Form):
    reason = forms.CharField(
        label="Why dismiss this signal",
        help_text="Say why it does not need action. Dismissing hides it from the open list; it stays on record.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class AssignForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        empty_label="No agency",
    )
    worker = forms.ModelChoiceField(
        label="Worker", queryset=User.objects.none(), required=False, empty_label="No named worker"
    )

    def __init__(self, *args: Any, workers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if workers is not None:
            self.fields["worker"].queryset = workers  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("agency") and not cleaned.get("worker"):
            raise forms.ValidationError("Choose an agency or a worker")
        return cleaned

from __future__ import annotations

from django import forms


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Name, date of birth, address, postcode or reference",
        max_length=200,
        required=False,
        help_text="For example, Valerie Dunmore, 09/07/1963, EX1 4QT, or a police or NHS reference",
    )


class LinkDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", "The same person"), ("split", "Not the same person")], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Why", max_length=1000, help_text="What shows it: a date of birth, an NHS number, an address"
    )

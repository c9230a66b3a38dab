"""Forms for family pages: they parse input; the rules (and their error words) are in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.family.models import ALLY_SCOPES, Relationship
from alongside.family.services import choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChoicesMixin:
    """One checkbox per thing an ally may see, each explained in privacy's own words; all off
    until the member ticks them."""

    fields: dict[str, forms.Field]

    def add_choices(self) -> None:
        for choice in choices():
            self.fields[choice.key] = forms.BooleanField(
                label=choice.label, help_text=choice.words, required=False
            )

    def choice_fields(self) -> list[Any]:
        return [self[c.key] for c in choices()]  # type: ignore[index]  # a Form's bound fields

    def chosen(self, data: dict[str, Any]) -> dict[str, Any]:
        """The service's arguments for what is ticked."""
        return {
            "scopes": [s.value for s in ALLY_SCOPES if data.get(s.value)],
            "gets_hard_days": bool(data.get("hard_days")),
            "gets_sos": bool(data.get("sos")),
        }


class InviteForm(ChoicesMixin, forms.Form):
    # A text field: the service checks the address, so the page and the API say the same.
    email = forms.CharField(
        label=_("Their email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("We send the invitation there. Nothing is shared until they accept."),
    )
    relationship = forms.ChoiceField(
        label=_("Who they are to you"), choices=[("", "—"), *Relationship.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_choices()


class SharingForm(ChoicesMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_choices()


class WellbeingForm(forms.Form):
    stress = forms.IntegerField(
        label=_("How stressed do you feel today, from 0 (calm) to 10?"),
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sleep_hours = forms.DecimalField(
        label=_("Hours of sleep last night (optional)"),
        required=False,
        min_value=0,
        max_value=24,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    took_time_for_self = forms.BooleanField(
        label=_("I took some time for myself today"), required=False
    )
    note = forms.CharField(
        label=_("A note for yourself (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept encrypted, and only ever yours."),
    )


class DayForm(forms.Form):
    on = forms.DateField(label=_("Day"), widget=DATE)

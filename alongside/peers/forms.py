"""Forms for peer-support pages: they parse input; the rules are in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Pathway
from alongside.peers.models import (
    Frequency,
    Gender,
    SupporterProfile,
    SupportKind,
    SupportLanguage,
    Weekday,
)


class ProfileForm(forms.ModelForm):
    pathways = forms.MultipleChoiceField(
        label=_("Pathways you know from the inside"),
        choices=Pathway.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can support people in"),
        choices=SupportLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    recovery_since = forms.DateField(
        label=_("In recovery since (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Others see only the number of years, never the date."),
    )

    class Meta:
        model = SupporterProfile
        fields = [
            "is_listed",
            "offers_sponsorship",
            "offers_mentoring",
            "pathways",
            "languages",
            "recovery_since",
            "capacity",
            "gender",
            "same_gender_only",
            "availability",
            "about",
        ]
        widgets = {"about": forms.Textarea(attrs={"rows": 4, "maxlength": 800})}


class LookingForm(forms.Form):
    """What the member looks for (a GET form: nothing here is stored)."""

    kind = forms.ChoiceField(
        label=_("I am looking for a"),
        choices=SupportKind.choices,
        widget=forms.RadioSelect,
    )
    pathway = forms.ChoiceField(
        label=_("Pathway"),
        choices=[("", _("Choose a pathway"))] + list(Pathway.choices),
        required=False,
        help_text=_("A sponsor works the steps of your own fellowship, so sponsors need one."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=SupportLanguage.choices)
    same_gender = forms.BooleanField(label=_("Someone of my own gender"), required=False)
    gender = forms.ChoiceField(
        label=_("My gender"),
        choices=Gender.choices,
        required=False,
        help_text=_(
            "Only used now, to match people who support their own gender. It is not stored."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == SupportKind.SPONSOR and not data.get("pathway"):
            self.add_error("pathway", _("Choose the pathway you want a sponsor in."))
        if data.get("same_gender") and not data.get("gender"):
            self.add_error("gender", _("Say your gender to find someone of your own gender."))
        return data


class AskForm(forms.Form):
    kind = forms.ChoiceField(choices=SupportKind.choices, widget=forms.HiddenInput)
    gender = forms.ChoiceField(choices=Gender.choices, required=False, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("A note to them (optional)"),
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, where you are in your recovery and how you hope to meet."),
    )


class RhythmForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often you check in"), choices=Frequency.choices, widget=forms.RadioSelect
    )
    weekday = forms.TypedChoiceField(
        label=_("Day (for once a week)"),
        choices=[("", "—")] + list(Weekday.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    window_start = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    window_end = forms.TimeField(
        label=_("Until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("In your time zone. Your partner is asked to agree."),
    )

"""Forms for the life of a house — curfew, chores, drug tests, house meetings, incidents, fees
and the weekly report. They parse input; the rules are in services/ (curfew.py, chores.py, …).
Times a person types are in their own time zone (the one their pages show)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.housing.models import AttendanceMark, IncidentKind, LedgerKind, Stay, TestReason
from alongside.housing.models import TestResult as Result
from alongside.housing.services.chores import MAX_CHORE
from alongside.housing.services.curfew import MAX_DESTINATION
from alongside.housing.services.drug_tests import MAX_NOTE, MAX_SUBSTANCES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
NOT_A_RESIDENT = _(
    "Not a resident of this house: choose someone who lives here now and shares their stay "
    "with you."
)
EFFORTS = [(n, str(n)) for n in range(1, 6)]


def _resident_choices(stays: list[Stay], *, blank: str | None = None) -> list[tuple[Any, str]]:
    choices: list[tuple[Any, str]] = [("", blank)] if blank else []
    return choices + [
        (s.pk, _("%(name)s, bed %(bed)s") % {"name": s.resident.display_name, "bed": s.bed.label})
        for s in stays
    ]


class ResidentField(forms.TypedChoiceField):
    """A resident of the house, by stay; anyone else gets the service's words, not "invalid"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("error_messages", {"invalid_choice": NOT_A_RESIDENT})
        super().__init__(*args, **kwargs)


class SignOutForm(forms.Form):
    destination = forms.CharField(
        label=_("Where to (optional)"), required=False, max_length=MAX_DESTINATION
    )
    expected_back_at = forms.DateTimeField(
        label=_("Back by (optional)"),
        required=False,
        widget=WHEN,
        help_text=_("In your own time zone, as the times on this page."),
    )


class ChoreForm(forms.Form):
    name = forms.CharField(label=_("Chore"), max_length=MAX_CHORE)
    difficulty = forms.TypedChoiceField(
        label=_("Effort"),
        choices=EFFORTS,
        coerce=int,
        initial=1,
        help_text=_("From 1 (light) to 5 (heavy): the rota spreads it evenly."),
    )


class ChoreEditForm(ChoreForm):
    is_active = forms.BooleanField(label=_("On the list for new rotas"), required=False)


class RotaForm(forms.Form):
    week_of = forms.DateField(
        label=_("A day of the week (optional; this week when left empty)"),
        required=False,
        widget=DATE,
    )


class DrugTestForm(forms.Form):
    stay_id = ResidentField(label=_("Resident"))
    taken_on = forms.DateField(label=_("Day taken"), widget=DATE)
    reason = forms.ChoiceField(label=_("Why"), choices=TestReason.choices)
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices)
    substances = forms.CharField(
        label=_("Substances (optional)"), required=False, max_length=MAX_SUBSTANCES
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept encrypted. The resident reads their own results."),
    )

    def __init__(self, *args: Any, stays: list[Stay], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stay_id"].choices = _resident_choices(stays)  # type: ignore[attr-defined]


class DrawForm(forms.Form):
    count = forms.IntegerField(label=_("How many residents to draw"), min_value=1, max_value=100)


class HouseMeetingForm(forms.Form):
    held_at = forms.DateTimeField(label=_("Held at"), widget=WHEN)
    minutes = forms.CharField(
        label=_("Minutes (optional)"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept encrypted."),
    )

    def __init__(self, *args: Any, stays: list[Stay], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stays = stays
        for stay in stays:
            self.fields[f"mark_{stay.pk}"] = forms.ChoiceField(
                label=_("%(name)s, bed %(bed)s")
                % {"name": stay.resident.display_name, "bed": stay.bed.label},
                choices=AttendanceMark.choices,
                initial=AttendanceMark.PRESENT,
                widget=forms.RadioSelect,
            )

    def marks(self) -> dict[int, str]:
        return {stay.pk: self.cleaned_data[f"mark_{stay.pk}"] for stay in self.stays}


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    occurred_at = forms.DateTimeField(label=_("When"), widget=WHEN)
    stay_id = ResidentField(label=_("Who it concerns (optional)"), required=False, empty_value=None)
    description = forms.CharField(
        label=_("What happened"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept encrypted. Say what happened, not what anyone is."),
    )
    follow_up_due_on = forms.DateField(
        label=_("Follow up by (optional)"), required=False, widget=DATE
    )

    def __init__(self, *args: Any, stays: list[Stay], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stay_id"].choices = _resident_choices(  # type: ignore[attr-defined]
            stays, blank=str(_("Nobody in particular"))
        )


class CloseIncidentForm(forms.Form):
    follow_up = forms.CharField(
        label=_("What was done"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class LedgerForm(forms.Form):
    stay_id = ResidentField(label=_("Resident"))
    kind = forms.ChoiceField(label=_("Kind"), choices=LedgerKind.choices)
    amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=8,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01"}),
    )
    on = forms.DateField(label=_("Day"), widget=DATE)
    description = forms.CharField(label=_("For (optional)"), required=False, max_length=200)

    def __init__(self, *args: Any, stays: list[Stay], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stay_id"].choices = _resident_choices(stays)  # type: ignore[attr-defined]


class WeekForm(forms.Form):
    week = forms.DateField(label=_("A day of the week"), required=False, widget=DATE)

    def clean_week(self) -> Any:
        day = self.cleaned_data["week"]
        if day is not None and not 1900 <= day.year <= 2200:
            raise forms.ValidationError(_("Choose a day between the years 1900 and 2200."))
        return day

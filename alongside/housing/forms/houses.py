"""Forms for houses, beds, stays and the vacancy search: they parse input; the rules are in
services/houses.py, services/stays.py and services/vacancies.py."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from alongside.housing.models import Bed, House, MoveOutReason, NarrLevel, Serves
from alongside.housing.services.houses import HOUSE_FIELDS, MAX_RULE, MAX_RULES
from alongside.housing.services.stays import MAX_PHASE
from alongside.housing.services.vacancies import MAX_RADIUS_KM, VacancyQuery, radius_in_km
from alongside.lib import geo

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HouseForm(forms.ModelForm):
    # Only when the person runs houses for more than one operator.
    organization = forms.TypedChoiceField(label=_("Operator"), coerce=int, required=False)

    class Meta:
        model = House
        fields = list(HOUSE_FIELDS)
        labels = {
            "name": _("Name of the house"),
            "is_oxford_house": _("It is an Oxford House (chartered, peer-run)"),
            "mat_friendly": _(
                "Welcomes residents on medication for addiction treatment (such as buprenorphine "
                "or methadone)"
            ),
            "description": _("About the house (optional)"),
            "address": _("Street address (optional; only residents see it)"),
            "region": _("State or region"),
            "postal_code": _("ZIP or postal code"),
            "phone": _("Phone for referrals (optional)"),
            "weekly_fee": _("Weekly fee (optional)"),
            "curfew": _("Curfew (optional)"),
            "is_listed": _("List its free beds in the public vacancy search"),
        }
        help_texts = {
            "narr_level": _(
                "NARR's levels say how much support the house gives; they are not a rating."
            ),
            "city": _("The public search shows the town, never the street."),
            "postal_code": _("In the US, the ZIP code places the house in the search."),
            "curfew": _("In the house's own time zone, which comes from its town."),
            "is_listed": _("Only the number of free beds shows, never who lives there."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "curfew": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "weekly_fee": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
        }

    def __init__(self, *args: Any, operators: list | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        operators = operators or []
        if len(operators) > 1:
            field = cast(forms.TypedChoiceField, self.fields["organization"])
            field.choices = [(o.pk, o.name) for o in operators]
            field.required = True
        else:
            del self.fields["organization"]


class RulesForm(forms.Form):
    rules = forms.CharField(
        label=_("House rules, one per line"),
        required=False,
        max_length=MAX_RULES * (MAX_RULE + 1),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Saving a change makes a new version of the rules. Everyone living in the house is "
            "asked to read and sign it."
        ),
    )

    def lines(self) -> list[str]:
        return self.cleaned_data["rules"].splitlines()


class BedForm(forms.ModelForm):
    class Meta:
        model = Bed
        fields = ["label", "room"]
        labels = {"label": _("Bed name"), "room": _("Room (optional)")}
        help_texts = {"label": _("For example A, B, or Window bed.")}


class BedEditForm(forms.Form):
    label = forms.CharField(label=_("Bed name"), max_length=40)
    room = forms.CharField(label=_("Room (optional)"), max_length=40, required=False)
    in_service = forms.BooleanField(
        label=_("In service (uncheck while the bed cannot be used)"), required=False
    )


class OfferForm(forms.Form):
    bed = forms.TypedChoiceField(label=_("Bed"), coerce=int)
    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_(
            "The address of their Alongside account. They are told, and choose whether to "
            "accept: nobody moves in or shares anything on your word alone."
        ),
    )
    move_in_on = forms.DateField(
        label=_("Move-in day (optional; today when left empty)"), required=False, widget=DATE
    )

    def __init__(self, *args: Any, beds: list[tuple[Bed, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["bed"])
        field.choices = [(bed.pk, bed_choice(bed, state)) for bed, state in beds]


def bed_choice(bed: Bed, state: str) -> str:
    """A bed as the offer form lists it: its name, its room, and whether it is free."""
    name = (
        _("%(bed)s, room %(room)s") % {"bed": bed.label, "room": bed.room}
        if bed.room
        else bed.label
    )
    words = {
        "vacant": _("free"),
        "offered": _("offered to someone"),
        "occupied": _("someone lives here"),
        "out_of_service": _("out of service"),
    }
    return f"{name} ({words.get(state, state)})"


class AcceptForm(forms.Form):
    # Required by the service, not here: its words say why, beside the box.
    share_housing = forms.BooleanField(
        label=_("I share my stay with this house's managers (“Housing”)"), required=False
    )
    signed_name = forms.CharField(
        label=_("Type your name to sign the house rules"), max_length=120, required=False
    )


class SignRulesForm(forms.Form):
    signed_name = forms.CharField(label=_("Type your name to sign the rules"), max_length=120)


class PhaseForm(forms.Form):
    name = forms.CharField(
        label=_("Phase"),
        max_length=MAX_PHASE,
        help_text=_("For example: Phase 1, Phase 2, Senior resident."),
    )
    starts_on = forms.DateField(
        label=_("From (optional; today when left empty)"), required=False, widget=DATE
    )


class MoveOutForm(forms.Form):
    move_out_on = forms.DateField(label=_("Move-out day"), widget=DATE)
    move_out_reason = forms.ChoiceField(
        label=_("Why they moved out"),
        choices=MoveOutReason.choices,
        help_text=_(
            "A return to use is never a reason on its own: many houses keep a bed while someone "
            "goes to treatment, and welcome them back."
        ),
    )
    move_out_note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept encrypted. The resident can ask to see it, as every record."),
    )


UNITS = [("mi", _("miles")), ("km", _("kilometres"))]


class VacancySearchForm(forms.Form):
    near = forms.CharField(
        label=_("Near (a US ZIP code or a town)"),
        max_length=100,
        help_text=_("For example 60614, or Springfield, IL."),
    )
    distance = forms.FloatField(label=_("Within"), min_value=1, max_value=MAX_RADIUS_KM, initial=25)
    unit = forms.ChoiceField(label=_("Unit"), choices=UNITS, initial="mi")
    serves = forms.MultipleChoiceField(
        label=_("Who the house serves"),
        choices=Serves.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick each kind of house you could live in, “Everyone” too. None: all."),
    )
    narr_level = forms.TypedMultipleChoiceField(
        label=_("NARR level of support"),
        choices=NarrLevel.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mat_friendly = forms.BooleanField(
        label=_("Only houses that welcome residents on medication for addiction treatment"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.data, QueryDict) and self.data:
            # A search linked or typed with only a place uses the default distance and unit.
            self.data = self.data.copy()
            for name in ("distance", "unit"):
                if not self.data.get(name):
                    self.data[name] = str(self.fields[name].initial)
        self.place: geo.Place | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        near = (data.get("near") or "").strip()
        if near:
            self.place = geo.resolve_place(near)
            if self.place is None:
                self.add_error(
                    "near",
                    _(
                        "We could not find “%(near)s”. Try a 5-digit US ZIP code or a town "
                        "such as Springfield, IL."
                    )
                    % {"near": near},
                )
        return data

    def to_query(self) -> VacancyQuery:
        data = self.cleaned_data
        assert self.place is not None  # a valid form found its place
        return VacancyQuery(
            latitude=self.place.latitude,
            longitude=self.place.longitude,
            radius_km=radius_in_km(data["distance"], data["unit"]),
            near=self.place.label,
            serves=tuple(data.get("serves") or ()),
            mat_friendly=True if data.get("mat_friendly") else None,
            narr_levels=tuple(data.get("narr_level") or ()),
        )

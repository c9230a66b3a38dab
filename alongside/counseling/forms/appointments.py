"""Forms for appointments, times asked for and therapy groups: they parse input; the rules are
in the services. A time is a day and two clock times, read in the person's own zone."""

from __future__ import annotations

import datetime
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.counseling.models import GroupKind, Modality
from alongside.counseling.services.appointment_calendars import FIRST_YEAR, LAST_YEAR
from alongside.counseling.services.appointments import (
    MAX_COUNT,
    MAX_NOTE,
    MAX_PLACE,
    MAX_REASON,
    Booking,
)
from alongside.counseling.services.therapy_groups import MAX_DESCRIPTION, MAX_GROUP_NAME

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
# The services name the times starts_at and ends_at (and the repeat interval_weeks); these forms
# ask for them as "starts", "ends" and "repeat".
RENAME = {"starts_at": "starts", "ends_at": "ends", "interval_weeks": "repeat"}
REPEATS = [
    ("0", _("Once")),
    ("1", _("Every week")),
    ("2", _("Every 2 weeks")),
    ("3", _("Every 3 weeks")),
    ("4", _("Every 4 weeks")),
]


def _people(people: list[User]) -> list[tuple[str, str]]:
    return [("", "—"), *((str(p.pk), str(p.display_name)) for p in people)]


class WhenForm(forms.Form):
    """A day and the start and end clock times, in `zone` (the person's own)."""

    on = forms.DateField(label=_("Day"), widget=DATE)
    starts = forms.TimeField(label=_("Starts"), widget=TIME)
    ends = forms.TimeField(label=_("Ends"), widget=TIME)

    def __init__(self, *args, zone: zoneinfo.ZoneInfo, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        zone_name = zone.key
        self.fields["starts"].help_text = _("In your time zone, %(zone)s.") % {"zone": zone_name}

    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        day = self.cleaned_data["on"]
        return (
            datetime.datetime.combine(day, self.cleaned_data["starts"], tzinfo=self.zone),
            datetime.datetime.combine(day, self.cleaned_data["ends"], tzinfo=self.zone),
        )


class PlaceFields(forms.Form):
    modality = forms.ChoiceField(
        label=_("How"),
        choices=Modality.choices,
        initial=Modality.IN_PERSON,
        widget=forms.RadioSelect,
    )
    location = forms.CharField(
        label=_("Place (in person)"),
        required=False,
        max_length=MAX_PLACE,
        help_text=_("The room or address. For a phone session, anything they should know."),
    )
    video_url = forms.CharField(
        label=_("Your video link (video)"),
        required=False,
        max_length=MAX_PLACE,
        help_text=_("Your own video room, starting with https://."),
    )


class SessionForm(WhenForm, PlaceFields):
    """A session, or a series of them, to book."""

    repeat = forms.ChoiceField(label=_("Repeat"), choices=REPEATS, initial="0")
    count = forms.IntegerField(
        label=_("How many sessions"),
        min_value=1,
        max_value=MAX_COUNT,
        initial=1,
        help_text=_("With a repeat: each keeps the first one's time in your zone."),
    )

    def booking(self) -> Booking:
        starts_at, ends_at = self.times()
        repeat = int(self.cleaned_data["repeat"])
        data = self.cleaned_data
        return Booking(
            starts_at=starts_at,
            ends_at=ends_at,
            modality=data["modality"],
            location=data["location"],
            video_url=data["video_url"],
            interval_weeks=repeat or 1,
            count=data["count"] if repeat else 1,
        )


class BookingForm(SessionForm):
    field_order = ["member", "on", "starts", "ends", "modality", "location", "video_url"]
    member = forms.ChoiceField(
        label=_("Who"),
        error_messages={
            "invalid_choice": _("Choose someone who shares their counseling records with you.")
        },
    )

    def __init__(self, *args, clients: list[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.clients = {str(c.pk): c for c in clients}
        self.fields["member"].choices = _people(clients)  # type: ignore[attr-defined]
        self.fields["member"].help_text = _("Members who share their counseling records with you.")

    def chosen_member(self) -> User:
        return self.clients[self.cleaned_data["member"]]


class ChangeForm(WhenForm, PlaceFields):
    field_order = ["on", "starts", "ends", "modality", "location", "video_url"]

    def booking(self) -> Booking:
        starts_at, ends_at = self.times()
        data = self.cleaned_data
        return Booking(
            starts_at=starts_at,
            ends_at=ends_at,
            modality=data["modality"],
            location=data["location"],
            video_url=data["video_url"],
        )


class AcceptForm(PlaceFields):
    pass


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"),
        max_length=MAX_REASON,
        help_text=_("A few words; the other side is told."),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=MAX_REASON,
        help_text=_("They are told, with your words if you give any."),
    )


class RequestForm(WhenForm):
    field_order = ["counselor", "on", "starts", "ends", "modality", "note"]
    counselor = forms.ChoiceField(
        label=_("With"),
        error_messages={
            "invalid_choice": _("Choose a counselor you share your counseling records with.")
        },
    )
    modality = forms.ChoiceField(
        label=_("How you would like to meet"),
        choices=Modality.choices,
        initial=Modality.IN_PERSON,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything you would like to say (optional)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only your counselor reads it. Kept encrypted."),
    )

    def __init__(self, *args, counselors: list[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.counselors = {str(c.pk): c for c in counselors}
        self.fields["counselor"].choices = _people(counselors)  # type: ignore[attr-defined]

    def chosen_counselor(self) -> User:
        return self.counselors[self.cleaned_data["counselor"]]


class CalendarForm(forms.Form):
    day = forms.DateField(label=_("Day"), required=False, widget=DATE)
    view = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("day", _("One day")), ("week", _("The week"))],
    )

    def clean_day(self) -> datetime.date | None:
        day = self.cleaned_data["day"]
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Choose a day between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return day


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_GROUP_NAME)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=GroupKind.choices,
        initial=GroupKind.CLOSED,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("About the group (optional)"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you read it; members see the group's name on their own appointments."),
    )


class RosterForm(forms.Form):
    member = forms.ChoiceField(
        label=_("Add to the roster"),
        error_messages={
            "invalid_choice": _("Choose someone who shares their counseling records with you.")
        },
    )

    def __init__(self, *args, clients: list[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.clients = {str(c.pk): c for c in clients}
        self.fields["member"].choices = _people(clients)  # type: ignore[attr-defined]

    def chosen_member(self) -> User:
        return self.clients[self.cleaned_data["member"]]

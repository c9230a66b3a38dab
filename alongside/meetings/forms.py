from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organization, User
from alongside.lib import geo
from alongside.meetings import catalog
from alongside.meetings.models import (
    Approach,
    Attendance,
    Goal,
    Group,
    ImportSource,
    Meeting,
    MeetingPreference,
    Openness,
    PositionRole,
    Program,
    SourceKind,
    validate_http_url,
)
from alongside.meetings.search import DEFAULT_RADIUS_KM, SearchQuery

DAYS = [
    (0, _("Sunday")),
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
]
RADII = [
    (2, _("2 km (1 mi)")),
    (5, _("5 km (3 mi)")),
    (10, _("10 km (6 mi)")),
    (25, _("25 km (16 mi)")),
    (50, _("50 km (31 mi)")),
    (100, _("100 km (62 mi)")),
]
HOURS = [
    ("", _("Any time")),
    (1, _("Within 1 hour")),
    (2, _("Within 2 hours")),
    (3, _("Within 3 hours")),
    (6, _("Within 6 hours")),
    (12, _("Within 12 hours")),
    (24, _("Within 24 hours")),
]
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("pl", _("Polish")),
    ("ru", _("Russian")),
    ("pt", _("Portuguese")),
    ("ko", _("Korean")),
    ("ase", _("American Sign Language")),
]


def program_choices() -> list[tuple[str, str]]:
    return list(Program.objects.order_by("name").values_list("slug", "name"))


class SearchForm(forms.Form):
    near = forms.CharField(
        label=_("Near (US ZIP code or town)"),
        required=False,
        max_length=100,
        help_text=_("For example 60614, or Springfield, IL. Leave empty to search everywhere."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "text"}),
    )
    latitude = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=-90, max_value=90
    )
    longitude = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=-180, max_value=180
    )
    radius = forms.TypedChoiceField(
        label=_("Distance"), choices=RADII, coerce=int, initial=DEFAULT_RADIUS_KM, required=False
    )
    within = forms.TypedChoiceField(
        label=_("Starting"), choices=HOURS, coerce=int, required=False, empty_value=None
    )
    program = forms.MultipleChoiceField(
        label=_("Program"), required=False, widget=forms.CheckboxSelectMultiple
    )
    attendance = forms.MultipleChoiceField(
        label=_("How to attend"),
        required=False,
        choices=Attendance.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    day = forms.TypedMultipleChoiceField(
        label=_("Day"),
        required=False,
        choices=DAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    type = forms.MultipleChoiceField(
        label=_("Format"), required=False, widget=forms.CheckboxSelectMultiple
    )
    language = forms.MultipleChoiceField(
        label=_("Language"), required=False, choices=LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    access = forms.MultipleChoiceField(
        label=_("Accessibility"), required=False, widget=forms.CheckboxSelectMultiple
    )
    for_people = forms.MultipleChoiceField(
        label=_("Who it is for"), required=False, widget=forms.CheckboxSelectMultiple
    )
    openness = forms.ChoiceField(
        label=_("Open or closed"),
        required=False,
        choices=[("", _("Either")), ("open", _("Open")), ("closed", _("Closed"))],
    )
    online_too = forms.BooleanField(
        label=_("Also list online meetings"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.data, QueryDict) and self.data and not self.data.get("radius"):
            # A search linked or typed without a distance uses the default one: show that one,
            # not the list's first. (Bound to request.GET, a QueryDict: its copy can change.)
            self.data = self.data.copy()
            self.data["radius"] = str(DEFAULT_RADIUS_KM)
        cast(forms.ChoiceField, self.fields["program"]).choices = program_choices()
        cast(forms.ChoiceField, self.fields["type"]).choices = catalog.choices(catalog.FORMAT_CODES)
        cast(forms.ChoiceField, self.fields["access"]).choices = catalog.choices(
            catalog.ACCESSIBILITY_CODES
        )
        cast(forms.ChoiceField, self.fields["for_people"]).choices = catalog.choices(
            catalog.DEMOGRAPHIC_CODES
        )
        self.place: geo.Place | None = None

    def cache_key(self) -> str:
        """What the rendered form depends on, for the directory's template fragment cache:
        each field's value as asked, and every choice offered (programs come and go with
        imports). Empty when the form has errors to show: that form is rendered afresh.

        The form is about half of the directory page's time (seven groups, a hundred boxes,
        each through Django's widget machinery), and the same values come back on every page
        of a search and from everyone who starts with the empty form or the same few boxes."""
        if self.is_bound and self.errors:
            return ""
        values = [(name, self[name].value()) for name in self.fields]
        choices = [
            [(str(value), str(label)) for value, label in getattr(field, "choices", ())]
            for field in self.fields.values()
        ]
        return repr((values, choices))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        near = (data.get("near") or "").strip()
        if near and data.get("latitude") is None:
            self.place = geo.resolve_place(near)
            if self.place is None:
                self.add_error(
                    "near",
                    _(
                        "We could not find “%(near)s”. Try a 5-digit US ZIP code or a town such as Springfield, IL."
                    )
                    % {"near": near},
                )
        return data

    def to_query(self, *, viewer_time_zone: str) -> SearchQuery:
        data = self.cleaned_data
        lat, lng = data.get("latitude"), data.get("longitude")
        near = data.get("near") or ""
        if self.place is not None:
            lat, lng, near = self.place.latitude, self.place.longitude, self.place.label
        elif lat is not None and lng is not None and not near:
            near = str(_("your location"))
        return SearchQuery(
            near=near,
            latitude=lat,
            longitude=lng,
            radius_km=float(data.get("radius") or DEFAULT_RADIUS_KM),
            within_hours=data.get("within"),
            days=data.get("day") or [],
            programs=data.get("program") or [],
            types=data.get("type") or [],
            attendance=data.get("attendance") or [],
            languages=data.get("language") or [],
            accessibility=data.get("access") or [],
            demographics=data.get("for_people") or [],
            openness=data.get("openness") or "",
            include_online=bool(data.get("online_too")) or not self.data,
            viewer_time_zone=viewer_time_zone,
        )


DIRECTORY = "directory"


class ImportForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Import into"),
        queryset=ImportSource.objects.none(),
        required=False,
        empty_label=_("A new source (fill in below)"),
    )
    new_name = forms.CharField(
        label=_("New source's name"),
        required=False,
        max_length=160,
        help_text=_("For example: Philadelphia AA intergroup"),
    )
    new_owner = forms.ChoiceField(
        label=_("Who looks after it"),
        required=False,
        help_text=_("Only this organization's admins and facilitators can import into the source."),
    )
    new_program = forms.ChoiceField(label=_("Program of its meetings"), required=False)
    new_time_zone = forms.CharField(
        label=_("Time zone for rows that give none"),
        required=False,
        max_length=64,
        initial="America/New_York",
    )
    file = forms.FileField(
        label=_("Feed file"),
        required=False,
        help_text=_("Meeting Guide JSON, 12 Step Meeting List CSV, or BMLT GetSearchResults JSON."),
    )
    url = forms.URLField(
        label=_("…or the feed's address"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[validate_http_url],
        help_text=_(
            "A public http:// or https:// address. It is fetched in the background; this page shows when it is done."
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("auto", _("Recognize it"))] + list(SourceKind.choices),
        initial="auto",
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the rows without errors and skip the rest"),
        required=False,
        help_text=_("Without this, one row in error stops the whole import and nothing changes."),
    )

    def __init__(
        self,
        *args: Any,
        sources: QuerySet[ImportSource] | None = None,
        organizations: Iterable[Organization] = (),
        steward: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["source"]).queryset = (
            sources if sources is not None else ImportSource.objects.none()
        )
        cast(forms.ChoiceField, self.fields["new_program"]).choices = [
            ("", "—"),
            *program_choices(),
        ]
        owners = [(str(org.pk), org.name) for org in organizations]
        if steward:
            owners.append((DIRECTORY, str(_("The site-wide directory (its stewards)"))))
        cast(forms.ChoiceField, self.fields["new_owner"]).choices = (
            [("", "—"), *owners] if len(owners) > 1 else owners
        )
        if len(owners) == 1:
            self.fields["new_owner"].initial = owners[0][0]

    def new_organization(self) -> Organization | None:
        """The organization chosen for a new source (None: the site-wide directory)."""
        owner = self.cleaned_data.get("new_owner")
        return None if owner in ("", DIRECTORY, None) else Organization.objects.get(pk=int(owner))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("file") and not data.get("url"):
            self.add_error("file", _("Choose a file, or give the feed's address."))
        if not data.get("source"):
            if not data.get("new_name"):
                self.add_error("new_name", _("Name the new source, or choose an existing one."))
            if not data.get("new_program"):
                self.add_error("new_program", _("Choose the program of its meetings."))
            if not data.get("new_owner") and "new_owner" not in self.errors:
                self.add_error("new_owner", _("Choose who looks after the new source."))
            tz = (data.get("new_time_zone") or "").strip()
            try:
                zoneinfo.ZoneInfo(tz)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                self.add_error(
                    "new_time_zone",
                    _("“%(tz)s” is not a time zone; use one like America/New_York.") % {"tz": tz},
                )
        return data


class PreferenceForm(forms.ModelForm):
    days = forms.TypedMultipleChoiceField(
        label=_("Days that suit you"),
        required=False,
        choices=DAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, choices=LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    needs = forms.MultipleChoiceField(
        label=_("Accessibility needs"), required=False, widget=forms.CheckboxSelectMultiple
    )
    demographics = forms.MultipleChoiceField(
        label=_("Groups for people like me"), required=False, widget=forms.CheckboxSelectMultiple
    )
    approaches = forms.MultipleChoiceField(
        label=_("Approaches that suit you"),
        required=False,
        choices=Approach.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MeetingPreference
        fields = [
            "near",
            "max_distance_km",
            "online_ok",
            "days",
            "earliest",
            "latest",
            "languages",
            "needs",
            "demographics",
            "approaches",
            "goal",
        ]
        widgets = {
            "earliest": forms.TimeInput(attrs={"type": "time"}),
            "latest": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["needs"]).choices = catalog.choices(
            catalog.ACCESSIBILITY_CODES
        )
        cast(forms.ChoiceField, self.fields["demographics"]).choices = catalog.choices(
            catalog.DEMOGRAPHIC_CODES
        )
        cast(forms.ChoiceField, self.fields["goal"]).choices = [
            ("", _("Not saying")),
            *Goal.choices,
        ]

    def clean_near(self) -> str:
        near = self.cleaned_data.get("near", "").strip()
        if near and geo.resolve_place(near) is None:
            raise forms.ValidationError(
                _(
                    "We could not find “%(near)s”. Try a 5-digit US ZIP code or a town such as Springfield, IL."
                )
                % {"near": near}
            )
        return near


class ManualAttendanceForm(forms.Form):
    on = forms.DateField(label=_("Date you went"), widget=forms.DateInput(attrs={"type": "date"}))
    ask_confirmation = forms.BooleanField(
        label=_("Ask the group's facilitator to confirm it"),
        required=False,
        help_text=_(
            "Only confirmed meetings appear on a proof-of-attendance sheet. The facilitator sees your display name and this date."
        ),
    )


class ProofForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    name_on_sheet = forms.CharField(
        label=_("Name to print on the sheet"),
        max_length=120,
        required=False,
        help_text=_(
            "Your legal name if a court or program needs it. It is printed, and shown to whoever checks the sheet's address; Alongside keeps it encrypted with the sheet."
        ),
    )
    purpose = forms.CharField(
        label=_("Who it is for (optional)"),
        max_length=120,
        required=False,
        help_text=_("For example: County probation office"),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date comes before the start date."))
        return data


class PersonChoiceField(forms.ModelChoiceField):
    """People listed by the name they show."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.display_name


class PositionForm(forms.Form):
    role = forms.ChoiceField(label=_("Position"), choices=PositionRole.choices)
    holder = PersonChoiceField(
        label=_("Who takes it on"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Open (nobody yet)"),
    )
    starts_on = forms.DateField(
        label=_("Term starts"), widget=forms.DateInput(attrs={"type": "date"})
    )
    term_months = forms.IntegerField(
        label=_("Term length (months)"), min_value=1, max_value=36, initial=6
    )

    def __init__(self, *args: Any, people: QuerySet[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["holder"]).queryset = (
            people if people is not None else User.objects.none()
        )
        self.fields["starts_on"].initial = timezone.now().date()


class BusinessMeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=_(
            "Decisions and group conscience. Kept encrypted; only the group's facilitators and trusted servants read them."
        ),
    )


class MeetingForm(forms.ModelForm):
    days = forms.TypedMultipleChoiceField(
        label=_("Days"),
        choices=DAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Not needed for a one-off meeting: its date says the day."),
    )
    type_codes = forms.MultipleChoiceField(
        label=_("Format and who it is for"), required=False, widget=forms.CheckboxSelectMultiple
    )
    language_codes = forms.MultipleChoiceField(
        label=_("Languages"), required=False, choices=LANGUAGES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Meeting
        fields = [
            "name",
            "recurrence",
            "days",
            "start_time",
            "duration_minutes",
            "time_zone",
            "anchor_date",
            "week_of_month",
            "attendance",
            "openness",
            "location",
            "formatted_address",
            "postal_code",
            "conference_url",
            "conference_url_notes",
            "conference_phone",
            "conference_is_protected",
            "notes",
            "is_inactive",
        ]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "anchor_date": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = [*catalog.FORMAT_CODES, *catalog.DEMOGRAPHIC_CODES, *catalog.ACCESSIBILITY_CODES]
        cast(forms.ChoiceField, self.fields["type_codes"]).choices = catalog.choices(codes)
        cast(forms.ChoiceField, self.fields["recurrence"]).choices = [
            ("weekly", _("Every week")),
            ("biweekly", _("Every other week")),
            ("monthly", _("Once a month")),
            ("once", _("Once only")),
        ]
        cast(forms.ChoiceField, self.fields["openness"]).choices = Openness.choices
        if self.instance.pk:
            self.initial["type_codes"] = self.instance.type_codes
            self.initial["language_codes"] = self.instance.language_codes

    def save(self, commit: bool = True) -> Meeting:
        meeting = super().save(commit=False)
        meeting.types = " ".join(self.cleaned_data.get("type_codes") or [])
        meeting.languages = " ".join(self.cleaned_data.get("language_codes") or [])
        return meeting

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("recurrence") == "once" and data.get("anchor_date"):
            self.instance.days = data["days"] = [(data["anchor_date"].weekday() + 1) % 7]
        return data


class GroupForm(forms.ModelForm):
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.order_by("name"), to_field_name="slug"
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("None (an independent group)"),
    )
    demographics = forms.MultipleChoiceField(
        label=_("Who it serves"), required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, choices=LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility"), required=False, widget=forms.CheckboxSelectMultiple
    )
    experience = forms.CharField(
        label=_("Your experience as its facilitator"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown on the group's page with your display name: training, years, what you bring."
        ),
    )
    trained_as = forms.CharField(label=_("Your training"), required=False, max_length=160)

    class Meta:
        model = Group
        fields = [
            "name",
            "program",
            "organization",
            "description",
            "typical_size",
            "atmosphere",
            "demographics",
            "languages",
            "accessibility",
            "is_newcomer_friendly",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "atmosphere": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args: Any, organizations: QuerySet[Organization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = (
            organizations if organizations is not None else Organization.objects.none()
        )
        cast(forms.ChoiceField, self.fields["demographics"]).choices = catalog.choices(
            catalog.DEMOGRAPHIC_CODES
        )
        cast(forms.ChoiceField, self.fields["accessibility"]).choices = catalog.choices(
            catalog.ACCESSIBILITY_CODES
        )

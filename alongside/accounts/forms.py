from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import (
    TOKEN_DEFAULT_DAYS,
    TOKEN_MAX_DAYS,
    Pathway,
    Role,
    TokenScope,
    User,
)

# The IANA regions people look under, in the order the list shows them. Older aliases
# ("US/Eastern", "Canada/Pacific") are left out: each names a zone listed under its region.
TIME_ZONE_REGIONS = {
    "America": _("America"),
    "Europe": _("Europe"),
    "Africa": _("Africa"),
    "Asia": _("Asia"),
    "Australia": _("Australia"),
    "Pacific": _("Pacific"),
    "Atlantic": _("Atlantic"),
    "Indian": _("Indian Ocean"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
}


def zone_name(zone: str) -> str:
    """ "America/Argentina/Buenos_Aires" as a person reads it: "Argentina / Buenos Aires"."""
    region, _sep, place = zone.partition("/")
    return (place if region in TIME_ZONE_REGIONS else zone).replace("_", " ").replace("/", " / ")


def time_zone_choices(likely: list[str] | tuple[str, ...] = ()) -> list[tuple[object, object]]:
    """Time zones grouped by region, with the person's likely zones (their current one, their
    browser's) first, in a group of their own."""
    available = zoneinfo.available_timezones()
    groups: dict[str, list[tuple[str, str]]] = {region: [] for region in TIME_ZONE_REGIONS}
    for zone in sorted(available):
        region = zone.split("/", 1)[0]
        if "/" in zone and region in groups:
            groups[region].append((zone, zone_name(zone)))
    choices: list[tuple[object, object]] = []
    first = [z for z in dict.fromkeys(likely) if z and z in available]
    if first:
        choices.append((_("Likely for you"), [(z, z.replace("_", " ")) for z in first]))
    choices += [(TIME_ZONE_REGIONS[r], zones) for r, zones in groups.items() if zones]
    return choices


def browser_time_zone(request: object) -> str:
    """The zone the browser reported in the `tz` cookie (static/js/alongside.js), if real."""
    cookies = getattr(request, "COOKIES", None) or {}
    zone = str(cookies.get("tz", ""))[:64]
    return zone if zone in zoneinfo.available_timezones() else ""


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth's form supplies email and password."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=60,
        help_text=_("Peers see your first name and last initial, or a handle you choose later."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        initial="America/New_York",
        help_text=_("Day counts and reminders follow your own clock."),
    )

    pathways = forms.MultipleChoiceField(
        label=_("Pathways that are part of your recovery (optional)"),
        choices=Pathway.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choose any, or none and skip this: we use them to offer the right tools, and you "
            "can change them on your profile. Every pathway is welcome here."
        ),
    )

    field_order = ["first_name", "email", "password1", "password2", "time_zone", "pathways"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # allauth builds this form itself; its middleware keeps the request at hand.
        from allauth.core import context

        browser = browser_time_zone(context.request)
        if browser:
            self.fields["time_zone"].initial = browser
        self.fields["time_zone"].choices = time_zone_choices([browser])  # type: ignore[attr-defined]

    def signup(self, request, user) -> None:  # allauth hook; the adapter saves the fields
        return None


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    pathways = forms.MultipleChoiceField(
        label=_("Recovery pathways"),
        choices=Pathway.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose any that are part of your recovery. Every pathway is welcome here."),
    )

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "handle",
            "pronouns",
            "time_zone",
            "language",
            "country",
            "pathways",
            "in_recovery",
        ]

    def __init__(self, *args, browser_zone: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from alongside import shell
        from alongside.accounts.roles import roles_of

        self.fields["time_zone"].choices = time_zone_choices(  # type: ignore[attr-defined]
            [self.instance.time_zone, browser_zone]
        )

        # Members (and people with no role) are in recovery already; the choice is for those
        # whose role is their work: a mentor, counselor or ally who is in recovery too.
        if self.instance.pk is None or (
            shell.is_in_recovery(self.instance, roles_of(self.instance))
            and not self.instance.in_recovery
        ):
            del self.fields["in_recovery"]

    def clean_handle(self) -> str:
        handle = self.cleaned_data["handle"].strip()
        if (
            handle
            and User.objects.filter(handle__iexact=handle).exclude(pk=self.instance.pk).exists()
        ):
            raise forms.ValidationError(_("Someone already uses that handle; try another."))
        return handle


TOKEN_LIFETIMES = [
    (7, _("7 days")),
    (30, _("30 days")),
    (TOKEN_DEFAULT_DAYS, _("90 days")),
    (180, _("180 days")),
    (TOKEN_MAX_DAYS, _("1 year")),
]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("Say where you will use it, for example “my phone”."),
    )
    scope = forms.ChoiceField(
        label=_("What it can do"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_("A read-only token can look but never change anything."),
    )
    days = forms.TypedChoiceField(
        label=_("Stops working after"),
        choices=TOKEN_LIFETIMES,
        coerce=int,
        initial=TOKEN_DEFAULT_DAYS,
        help_text=_("A lost token stops working on its own; you can revoke it sooner."),
    )


class RoleOfferForm(forms.Form):
    """Offer a role by email. Only the shape is checked here: whether the offer can be made is
    the service's rule, and no answer of this form depends on whether an address has an account."""

    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_(
            "They will be asked to accept. Only the member role can be offered to someone "
            "who is not yet in the organization."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class InvitationForm(forms.Form):
    """Names a waiting invitation by what the admin typed (no row id on the page)."""

    email = forms.EmailField(widget=forms.HiddenInput)
    role = forms.ChoiceField(choices=Role.choices, widget=forms.HiddenInput)

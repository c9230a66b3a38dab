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


def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(
        z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc")
    )
    return [(z, z.replace("_", " ")) for z in zones]


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
        ]

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

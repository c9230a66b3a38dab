from __future__ import annotations

import datetime
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership, Organization, Role, User
from alongside.privacy.models import Action, Interface, Scope
from alongside.privacy.scopes import produced_scopes
from alongside.privacy.services import sharable_people, sharing_tracks, sharing_worksheets
from alongside.schemas import MAX_ID

CONFIRM_PHRASE = "delete my account"


def row_id(value: object) -> int | None:
    """A row id from a query string or a form (None for anything else, however long)."""
    text = str(value)
    if not (text.isascii() and text.isdecimal()) or len(text) > len(str(MAX_ID)):
        return None
    found = int(text)
    return found if 1 <= found <= MAX_ID else None


class GrantForm(forms.Form):
    grantee_kind = forms.ChoiceField(
        label=_("Share with"),
        choices=[
            ("person", _("A specific person")),
            ("role", _("Everyone in a role at one organization")),
        ],
        widget=forms.RadioSelect,
        initial="person",
    )
    grantee_user = forms.TypedChoiceField(
        label=_("Person"), required=False, coerce=int, empty_value=None
    )
    organization = forms.TypedChoiceField(
        label=_("Organization"), required=False, coerce=int, empty_value=None
    )
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", "—")] + [c for c in Role.choices if c[0] != Role.MEMBER],
    )
    scopes = forms.MultipleChoiceField(
        label=_("What they may see"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of information to share.")},
    )
    milestone_tracks = forms.TypedMultipleChoiceField(
        label=_("Milestones of which tracks"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Leave every box empty to share the milestones of all your tracks, including ones you start later."
        ),
        error_messages={"invalid_choice": _("Choose from your own tracks.")},
    )
    worksheets = forms.TypedMultipleChoiceField(
        label=_("Which worksheets"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only the worksheets you tick, as you update them. Your other worksheets stay yours."
        ),
        error_messages={"invalid_choice": _("Choose from your own worksheets.")},
    )
    purpose = forms.CharField(
        label=_("Why you are sharing"),
        max_length=300,
        help_text=_("For example: “so my counselor can follow my check-ins between sessions”."),
    )
    expires_on = forms.DateField(
        label=_("Share until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to share until you revoke. You can revoke at any time."),
    )

    def __init__(self, *args, member: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        self.people = {u.pk: u for u, _label in sharable_people(member)}
        cast(forms.ChoiceField, self.fields["grantee_user"]).choices = [("", "—")] + [
            (u.pk, label) for u, label in sharable_people(member)
        ]
        orgs = Organization.objects.filter(
            pk__in=Membership.objects.active().filter(user=member).values("organization_id")
        )
        self.orgs = {o.pk: o for o in orgs}
        cast(forms.ChoiceField, self.fields["organization"]).choices = [("", "—")] + [
            (o.pk, o.name) for o in orgs
        ]
        cast(forms.ChoiceField, self.fields["milestone_tracks"]).choices = sharing_tracks(member)
        cast(forms.ChoiceField, self.fields["worksheets"]).choices = sharing_worksheets(
            member, also=self._asked_worksheets()
        )
        # Only what some feature shares: nobody agrees to share what nothing shows yet.
        cast(forms.ChoiceField, self.fields["scopes"]).choices = [
            (scope.value, scope.label) for scope in produced_scopes()
        ]

    def _asked_worksheets(self) -> list[int]:
        """Worksheet ids named in the submitted or pre-filled choice (older ones than the form
        lists by default are offered too, if they are the member's)."""
        if self.is_bound:
            asked = self.data.getlist("worksheets") if hasattr(self.data, "getlist") else []
        else:
            asked = self.initial.get("worksheets") or []
        return [pk for pk in map(row_id, asked) if pk is not None]

    def clean_expires_on(self) -> datetime.date | None:
        value = self.cleaned_data.get("expires_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date after today, or leave it empty."))
        return value

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("grantee_kind") == "person":
            if data.get("grantee_user") not in self.people:
                self.add_error("grantee_user", _("Choose the person you want to share with."))
        else:
            if data.get("organization") not in self.orgs:
                self.add_error("organization", _("Choose one of your organizations."))
            if not data.get("role"):
                self.add_error("role", _("Choose the role that may see this."))
        if Scope.WORKSHEETS in (data.get("scopes") or []) and not data.get("worksheets"):
            if "worksheets" not in self.errors:
                self.add_error("worksheets", _("Choose at least one worksheet to share."))
        return data

    def grant_kwargs(self) -> dict:
        data = self.cleaned_data
        expires_at = None
        if data.get("expires_on"):
            end = datetime.datetime.combine(data["expires_on"], datetime.time.max)
            expires_at = timezone.make_aware(end, self.member.zone)
        kwargs = {
            "scopes": data["scopes"],
            "purpose": data["purpose"],
            "expires_at": expires_at,
            "milestone_tracks": data.get("milestone_tracks") or None,
            "worksheets": data.get("worksheets") or [],
        }
        if data["grantee_kind"] == "person":
            kwargs["grantee_user"] = self.people[data["grantee_user"]]
        else:
            kwargs["grantee_organization"] = self.orgs[data["organization"]]
            kwargs["grantee_role"] = data["role"]
        return kwargs


class AccessLogFilter(forms.Form):
    scope = forms.ChoiceField(
        label=_("What"), required=False, choices=[("", _("Everything"))] + Scope.choices
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any"))] + Action.choices
    )
    interface = forms.ChoiceField(
        label=_("Through"), required=False, choices=[("", _("Any"))] + Interface.choices
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("“Until” must not be before “From”."))
        return data


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type “%(phrase)s” to confirm") % {"phrase": CONFIRM_PHRASE},
        max_length=40,
    )

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip().lower()
        if value != CONFIRM_PHRASE:
            raise forms.ValidationError(
                _("Type exactly “%(phrase)s” — nothing has been deleted.")
                % {"phrase": CONFIRM_PHRASE}
            )
        return value

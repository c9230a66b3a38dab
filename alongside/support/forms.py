"""Forms for support pages: they parse input; the rules are in services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organization, User
from alongside.support.models import (
    ENCOURAGEMENT_MAX,
    ESCALATION_MINUTE_CHOICES,
    HANDOVER_MAX,
    HARD_DAY_NOTE_MAX,
    Response,
)


class ChooseForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)

    def __init__(self, *args: Any, candidates: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["person"]).choices = [("", _("Choose someone"))] + [
            (p.pk, p.display_name) for p in candidates
        ]


class SettingsForm(forms.Form):
    escalate_after_minutes = forms.TypedChoiceField(
        label=_("If nobody answers, alert the next person after"),
        coerce=int,
        choices=[(m, _("%(n)s minutes") % {"n": m}) for m in ESCALATION_MINUTE_CHOICES],
    )
    on_call_organization = forms.TypedChoiceField(
        label=_("Then alert the peer specialist on call at"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["on_call_organization"]).choices = [
            ("", _("No one — stop with my circle"))
        ] + [(o.pk, o.name) for o in organizations]


class HardDayForm(forms.Form):
    note = forms.CharField(
        label=_("A short note (optional)"),
        required=False,
        max_length=HARD_DAY_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to %(n)s characters. Only the people you chose will read it.")
        % {"n": HARD_DAY_NOTE_MAX},
    )


class EncouragementForm(forms.Form):
    message = forms.CharField(
        label=_("A few words of encouragement"),
        max_length=ENCOURAGEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to %(n)s characters.") % {"n": ENCOURAGEMENT_MAX},
    )


class AcknowledgeForm(forms.Form):
    response = forms.ChoiceField(choices=Response.choices)


class ShiftForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Peer specialist"), coerce=int)
    starts_at = forms.DateTimeField(
        label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    handover_note = forms.CharField(
        label=_("Hand-over note for the next person"),
        required=False,
        max_length=HANDOVER_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["person"]).choices = [("", _("Choose someone"))] + [
            (p.pk, p.display_name) for p in people
        ]


class HandoverForm(forms.Form):
    handover_note = forms.CharField(
        label=_("Hand-over note for the next person"),
        required=False,
        max_length=HANDOVER_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

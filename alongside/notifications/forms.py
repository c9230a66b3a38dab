from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.notifications.kinds import PREFERENCE_KINDS

HOURS = [(h, f"{h:02d}:00") for h in range(24)]


class NotificationSettingsForm(forms.Form):
    """E-mail, digest and quiet hours, then an e-mail and a push switch for each kind
    (`email_<kind>`, `push_<kind>`), shown as one fieldset per kind."""

    email_enabled = forms.BooleanField(label=_("Send my notifications by e-mail"), required=False)
    email_digest = forms.BooleanField(
        label=_("Collect ordinary e-mails into one a day"),
        required=False,
        help_text=_("Urgent ones (SOS, safety) never wait for it."),
    )
    digest_hour = forms.TypedChoiceField(
        label=_("Send the daily e-mail at"), choices=HOURS, coerce=int, initial=18
    )
    quiet_from = forms.TimeField(
        label=_("Quiet hours from"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_until = forms.TimeField(
        label=_("Quiet hours until"),
        required=False,
        help_text=_("Nothing is lost in quiet hours: e-mails and pushes wait until they end."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in PREFERENCE_KINDS:
            self.fields[f"email_{kind.key}"] = forms.BooleanField(label=_("E-mail"), required=False)
            self.fields[f"push_{kind.key}"] = forms.BooleanField(
                label=_("Push to my devices"), required=False
            )

    def clean(self) -> dict:
        data = super().clean() or {}
        if (data.get("quiet_from") is None) != (data.get("quiet_until") is None):
            self.add_error("quiet_until", _("Quiet hours need both a start and an end."))
        return data

    def kinds(self) -> dict[str, dict[str, bool]]:
        return {
            k.key: {
                "email": self.cleaned_data[f"email_{k.key}"],
                "push": self.cleaned_data[f"push_{k.key}"],
            }
            for k in PREFERENCE_KINDS
        }

    def fieldsets(self) -> list[tuple]:
        return [
            (kind, self[f"email_{kind.key}"], self[f"push_{kind.key}"]) for kind in PREFERENCE_KINDS
        ]

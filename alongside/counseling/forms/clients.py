"""Forms of the client pages and the safety-alert worklist: they parse input; the rules are
the assessments' services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

ACKNOWLEDGE = "acknowledge"
CLOSE = "close"


class AlertActionForm(forms.Form):
    """Acknowledge a safety alert (saying how you are following it up) or close it (saying how
    it ended). One form per alert on a page: `auto_id` keeps each one's ids apart."""

    alert = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    action = forms.ChoiceField(
        choices=[(ACKNOWLEDGE, ACKNOWLEDGE), (CLOSE, CLOSE)], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=1000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the alert: the member and their care team can read it."),
        error_messages={"required": _("Write a short note: it is kept with the alert.")},
    )

    @classmethod
    def for_alert(cls, alert_id: int, action: str, data: object | None = None) -> AlertActionForm:
        form = cls(
            data,  # type: ignore[arg-type]  # a QueryDict, or None for an empty form
            initial={"alert": alert_id, "action": action},
            auto_id=f"id_alert{alert_id}_{action}_%s",
        )
        form.fields["note"].label = (
            _("What you are doing about it") if action == ACKNOWLEDGE else _("How it ended")
        )
        return form

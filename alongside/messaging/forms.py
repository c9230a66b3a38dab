from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.messaging.models import MAX_MESSAGE_LENGTH, ReportReason


class MessageForm(forms.Form):
    # The length is checked by the service (with a sentence saying by how much), not here, so
    # the page and the API refuse the same way; maxlength only helps the browser.
    body = forms.CharField(
        label=_("Message"),
        strip=False,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_MESSAGE_LENGTH}),
        help_text=_("Up to 2,000 characters. No attachments."),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this conversation?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("What happened (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_MESSAGE_LENGTH}),
    )


class PartnerForm(forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_(
            "They see your request under Messages → Accountability partners and choose whether "
            "to accept. We never tell you whether an address has an account."
        ),
    )

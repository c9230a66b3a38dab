"""Forms for caseload pages: they parse input; the rules are in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.caseload.models import CaseRecord, EngagementKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecordForm(forms.ModelForm):
    class Meta:
        model = CaseRecord
        fields = ["pathway", "ok_to_text", "ok_to_call"]
        widgets = {"pathway": forms.RadioSelect}


class EngagementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EngagementKind.choices)
    on = forms.DateField(label=_("Day"), widget=DATE)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=480, initial=15)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept encrypted. The person can ask to see it, as with every record."),
    )
    follow_up_on = forms.DateField(label=_("Follow up on (optional)"), required=False, widget=DATE)
    follow_up_about = forms.CharField(
        label=_("Follow-up: what for"), required=False, max_length=200
    )


class FilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Everyone")),
            ("quiet", _("Gone quiet")),
            ("follow_up", _("With a follow-up due")),
            ("reassign", _("Needing a new peer specialist")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("last_contact", _("Last contact, oldest first")),
            ("follow_up", _("Next follow-up")),
        ],
    )

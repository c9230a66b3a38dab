"""Forms for caseload pages: they parse input; the rules are in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Pathway
from alongside.caseload.models import CaseRecord, EngagementKind, Intake, LifeArea
from alongside.journey.models import Domain, GoalStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecordForm(forms.ModelForm):
    class Meta:
        model = CaseRecord
        fields = ["pathway", "ok_to_text", "ok_to_call"]
        widgets = {"pathway": forms.RadioSelect}


class IntakeForm(forms.ModelForm):
    pathways = forms.MultipleChoiceField(
        label=_("Recovery pathways they use or want to try"),
        choices=Pathway.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.MultipleChoiceField(
        label=_("Where they want help"),
        choices=LifeArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Intake
        fields = [
            "on",
            "referral",
            "referral_note",
            "pathways",
            "needs",
            "help_wanted",
            "contact_times",
        ]
        labels = {
            "on": _("Intake day"),
            "referral": _("How they came to us"),
            "referral_note": _("Who referred them (optional)"),
            "help_wanted": _("What they want help with, in their words (optional)"),
            "contact_times": _("Best times to reach them (optional)"),
        }
        widgets = {
            "on": DATE,
            "referral_note": forms.TextInput,
            "help_wanted": forms.Textarea(attrs={"rows": 3}),
            "contact_times": forms.TextInput,
        }
        help_texts = {
            "help_wanted": _("Kept encrypted, as every note is."),
            "contact_times": _("For example: weekday evenings after 6; no calls at work."),
        }


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


class MemberGoalForm(forms.Form):
    """A goal as a peer specialist writes it with the member: not why it matters to them,
    which is theirs alone."""

    domain = forms.ChoiceField(label=_("Area of life"), choices=Domain.choices)
    title = forms.CharField(label=_("Goal"), max_length=300)
    target_on = forms.DateField(label=_("Target date (optional)"), required=False, widget=DATE)
    status = forms.ChoiceField(
        label=_("Progress"), choices=GoalStatus.choices, initial=GoalStatus.NOT_STARTED
    )


class MemberStepForm(forms.Form):
    text = forms.CharField(label=_("Next step"), max_length=300)


class QuietForm(forms.Form):
    quiet_after_days = forms.IntegerField(
        label=_("Gone quiet after (days)"),
        help_text=_("No check-in, meeting or engagement for this many days."),
    )


class FilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Everyone who shares with you")),
            ("mine", _("Assigned to you")),
            ("quiet", _("Gone quiet")),
            ("follow_up", _("With a follow-up due")),
            ("barc10", _("BARC-10 due")),
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
            ("barc10", _("BARC-10 due, soonest first")),
        ],
    )

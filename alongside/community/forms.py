"""The forums' forms: what pages read. Rules are the services'; a refusal lands beside its
field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.community.models import ActionKind, FlagReason, WatchedAction
from alongside.community.services.moderation import MAX_SUSPENSION_DAYS
from alongside.community.services.posting import MAX_BODY, MAX_TITLE

BODY_HELP = _(
    "Markdown works: *italics*, **bold**, lists. Use your first name or handle only, and "
    "leave out anyone's details."
)
GUIDELINES_LABEL = _("I have read this space's guidelines and will follow them")


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=BODY_HELP,
    )
    accepts_guidelines = forms.BooleanField(label=GUIDELINES_LABEL, required=False)

    def __init__(self, *args, needs_guidelines: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not needs_guidelines:
            del self.fields["accepts_guidelines"]


class ThreadForm(ReplyForm):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    field_order = ["title", "body", "accepts_guidelines"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("What would you like to say?")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search this space"), max_length=200, required=False)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=FlagReason.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Anything moderators should know"), max_length=500, required=False
    )


class ModerateForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=ActionKind.choices)
    reason = forms.CharField(
        label=_("Reason (the author is told)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    days = forms.IntegerField(
        label=_("Days (for a suspension)"),
        min_value=1,
        max_value=MAX_SUSPENSION_DAYS,
        required=False,
    )
    body = forms.CharField(
        label=_("Edited post (for an edit)"),
        max_length=MAX_BODY,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class WatchedWordForm(forms.Form):
    phrase = forms.CharField(label=_("Word or phrase"), max_length=100)
    action = forms.ChoiceField(label=_("When a post holds it"), choices=WatchedAction.choices)


class CongratulateForm(forms.Form):
    message = forms.CharField(label=_("A few words (optional)"), max_length=280, required=False)


class ShareForm(forms.Form):
    celebration = forms.TypedChoiceField(label=_("Milestone"), coerce=int)
    space = forms.ChoiceField(label=_("Share it in"))
    note = forms.CharField(
        label=_("A few words (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    accepts_guidelines = forms.BooleanField(label=GUIDELINES_LABEL, required=False)

    def __init__(self, *args, celebrations=(), spaces=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["celebration"].choices = [  # type: ignore[attr-defined]
            (c.pk, f"{c.label} — {c.track.name}") for c in celebrations
        ]
        self.fields["space"].choices = [(s.slug, s.name) for s in spaces]  # type: ignore[attr-defined]


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ModeratorForm(forms.Form):
    user_id: forms.ModelChoiceField = PersonChoice(label=_("Person"), queryset=None)

    def __init__(self, *args, candidates=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user_id"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates

"""Forms for assignment pages: they parse input; the rules are in services."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organization, Pathway, User
from alongside.matching.models import MAX_CASELOAD_CAPACITY, RunKind
from alongside.peers.models import Gender, SupportLanguage


class StartRunForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(
        label=_("What to assign"), choices=RunKind.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, organizations: Sequence[Organization], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])


class PersonChoices(forms.ModelMultipleChoiceField):
    """People by display name, never their full name."""

    def label_from_instance(self, obj: User) -> str:
        return str(obj.display_name)


class JoinForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages you can be mentored in"),
        choices=SupportLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    pathways = forms.MultipleChoiceField(
        label=_("Your recovery pathways (optional)"),
        choices=Pathway.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A mentor who knows your pathway from the inside is matched first."),
    )
    gender = forms.ChoiceField(label=_("Your gender"), choices=Gender.choices, required=False)
    wants_same_gender = forms.BooleanField(
        label=_("I would like a mentor of my own gender"), required=False
    )
    excluded = PersonChoices(
        label=_("Mentors you would rather not have (optional)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nobody is told whom you chose here."),
    )

    def __init__(self, *args, mentors: Sequence[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["excluded"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = User.objects.filter(pk__in=[m.pk for m in mentors]).order_by(
            "first_name", "pk"
        )
        if not mentors:
            del self.fields["excluded"]


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("How many people can be on this caseload"),
        min_value=0,
        max_value=MAX_CASELOAD_CAPACITY,
        help_text=_("0 takes nobody new. People already on the caseload stay."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages worked in (optional)"),
        choices=SupportLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: the language used in the app, and those on a supporter profile."),
    )

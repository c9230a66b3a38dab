"""Forms for training pages: they parse input; the rules are in services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.training.models import PracticeKind, RequirementKind, RequirementSet, SetKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TrainingForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domain"))
    title = forms.CharField(label=_("Course title"), max_length=200)
    provider = forms.CharField(label=_("Provider (optional)"), max_length=120, required=False)
    hours = forms.DecimalField(label=_("Hours"), max_digits=5, decimal_places=2)
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)
    face_to_face = forms.BooleanField(
        label=_("Face to face (in a room or live online, not self-paced)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, domains: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = domains  # type: ignore[attr-defined]


class PracticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PracticeKind.choices)
    hours = forms.DecimalField(label=_("Hours"), max_digits=6, decimal_places=2)
    from_on = forms.DateField(label=_("From"), widget=DATE)
    to_on = forms.DateField(label=_("To"), widget=DATE)
    note = forms.CharField(
        label=_("What the hours were (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Your supervisor reads this. Name no one you support."),
    )


class CredentialForm(forms.Form):
    requirement_set = forms.ModelChoiceField(
        label=_("Credential"), queryset=RequirementSet.objects.none()
    )
    number = forms.CharField(label=_("Number (optional)"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE)
    expires_on = forms.DateField(label=_("Expires on"), widget=DATE)

    def __init__(self, *args, sets: list[RequirementSet], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["requirement_set"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = RequirementSet.objects.filter(pk__in=[s.pk for s in sets])


def _people(people: list[User]) -> list[tuple[int, str]]:
    return [(p.pk, str(p.display_name)) for p in people]


class SupervisionForm(forms.Form):
    supervisee = forms.TypedChoiceField(label=_("Staff member or mentor"), coerce=int)
    supervisor = forms.TypedChoiceField(label=_("Supervised by"), coerce=int)

    def __init__(self, *args, supervisees: list[User], supervisors: list[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisee"].choices = _people(supervisees)  # type: ignore[attr-defined]
        self.fields["supervisor"].choices = _people(supervisors)  # type: ignore[attr-defined]


class RequirementSetForm(forms.Form):
    """A state's set, small: a name, an issuer, and one requirement a line, "label: hours"."""

    name = forms.CharField(label=_("Name"), max_length=120)
    issuer = forms.CharField(label=_("Issued by"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=SetKind.choices)
    period_months = forms.IntegerField(
        label=_("Renewed every (months, renewals only)"), required=False, min_value=1
    )
    items = forms.CharField(
        label=_("Requirements, one a line"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "“Label: hours”, training hours unless the label is “Supervised practice” or "
            "“Supervision”. For example “Ethical Responsibility: 16”."
        ),
    )

    def clean_items(self) -> list[tuple[str, Decimal, str]]:
        kinds = {str(k.label).casefold(): k.value for k in RequirementKind}
        kinds |= {
            "supervised practice": RequirementKind.SUPERVISED_PRACTICE,
            "supervision": RequirementKind.SUPERVISION,
        }
        parsed = []
        for line in self.cleaned_data["items"].splitlines():
            if not line.strip():
                continue
            label, sep, hours = line.rpartition(":")
            try:
                value = Decimal(hours.strip())
            except ArithmeticError:
                value = None
            if not sep or not label.strip() or value is None or not value.is_finite():
                raise forms.ValidationError(
                    _("Write each line as “label: hours”, as in “Advocacy: 10”.")
                )
            kind = kinds.get(label.strip().casefold(), RequirementKind.TRAINING)
            parsed.append((label.strip()[:120], value, kind))
        return parsed

"""Forms for the library and the directory: they parse input; the rules are in services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Country, Language, Organization, Pathway
from alongside.lib import opening_hours
from alongside.resources.models import Article, Service, ServiceKind, Topic
from alongside.resources.services import DEFAULT_RADIUS_KM, MAX_IMPORT_BYTES

LANGUAGE_FILTER = [("", _("Your language")), *Language.choices, ("all", _("Both languages"))]
RADII = [(5, _("5 km (3 mi)")), (10, _("10 km (6 mi)")), (25, _("25 km (16 mi)"))]
RADII += [(50, _("50 km (31 mi)")), (100, _("100 km (62 mi)"))]


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Words to look for"), required=False, max_length=100)
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("Every topic")), *Topic.choices]
    )
    pathway = forms.ChoiceField(
        label=_("Pathway"), required=False, choices=[("", _("Every pathway")), *Pathway.choices]
    )
    language = forms.ChoiceField(label=_("Language"), required=False, choices=LANGUAGE_FILTER)


class OrganizationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.name


class ArticleForm(forms.Form):
    organization = OrganizationChoice(
        label=_("Published by"), queryset=Organization.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences, shown in the list of articles."),
    )
    body = forms.CharField(
        label=_("Article"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Write in Markdown: **bold**, *italic*, ## headings, - lists, [links](https://…). "
            "Scripts, frames, event handlers and images from other sites are refused."
        ),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    pathways = forms.MultipleChoiceField(
        label=_("For which pathways"),
        required=False,
        choices=Pathway.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for an article that serves every pathway."),
    )
    translation_of = forms.ModelChoiceField(
        label=_("The same article in the other language (optional)"),
        required=False,
        queryset=Article.objects.none(),
    )

    def __init__(
        self,
        *args: Any,
        organizations: list[Organization],
        article: Article | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organization"]
        ).queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
        others = Article.objects.filter(organization__in=organizations)
        if article is not None:
            # An article's organization is where it was written; it does not move.
            del self.fields["organization"]
            others = others.exclude(pk=article.pk)
        cast(forms.ModelChoiceField, self.fields["translation_of"]).queryset = others.order_by(
            "title"
        )


class ServiceFilterForm(forms.Form):
    near = forms.CharField(
        label=_("Near (US ZIP code or town)"),
        required=False,
        max_length=100,
        help_text=_("For example 60614, or Springfield, IL."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    latitude = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=-90, max_value=90
    )
    longitude = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=-180, max_value=180
    )
    radius_km = forms.TypedChoiceField(
        label=_("Distance"),
        choices=RADII,
        coerce=int,
        initial=DEFAULT_RADIUS_KM,
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind of service"),
        required=False,
        choices=[("", _("Every kind")), *ServiceKind.choices],
    )
    q = forms.CharField(label=_("Words to look for"), required=False, max_length=100)
    open_now = forms.BooleanField(label=_("Open now"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.data, QueryDict) and self.data and not self.data.get("radius_km"):
            # A search linked without a distance ("?kind=naloxone" from an article) uses the
            # default one: show that one, not the list's first.
            self.data = self.data.copy()
            self.data["radius_km"] = str(DEFAULT_RADIUS_KM)


class ServiceForm(forms.Form):
    organization = OrganizationChoice(
        label=_("Listed by"), queryset=Organization.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Name"), max_length=160)
    kind = forms.ChoiceField(label=_("Kind of service"), choices=ServiceKind.choices)
    provider = forms.CharField(label=_("Run by (optional)"), required=False, max_length=160)
    description = forms.CharField(
        label=_("What they offer (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    address = forms.CharField(label=_("Street address (optional)"), required=False, max_length=200)
    city = forms.CharField(label=_("Town or city (optional)"), required=False, max_length=100)
    region = forms.CharField(label=_("State or region (optional)"), required=False, max_length=60)
    postal_code = forms.CharField(
        label=_("ZIP or postal code (optional)"), required=False, max_length=12
    )
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices, initial=Country.US)
    time_zone = forms.CharField(
        label=_("Time zone (optional)"),
        required=False,
        max_length=64,
        help_text=_(
            "Found from the ZIP code or town when left empty. For example America/Chicago."
        ),
    )
    hours = forms.CharField(
        label=_("Opening hours (optional)"),
        required=False,
        max_length=500,
        help_text=_(
            "In the service’s own time: Mon-Fri 09:00-17:00; Sat 10:00-14:00. "
            "Write 24/7 for a place that never closes."
        ),
    )
    phone = forms.CharField(label=_("Phone (optional)"), required=False, max_length=40)
    website = forms.CharField(label=_("Website (optional)"), required=False, max_length=300)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        required=False,
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    is_free = forms.BooleanField(label=_("Free or low cost"), required=False)
    is_listed = forms.BooleanField(label=_("Listed in the directory"), required=False, initial=True)

    def __init__(
        self,
        *args: Any,
        organizations: list[Organization],
        service: Service | None = None,
        **kwargs: Any,
    ) -> None:
        if service is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{name: getattr(service, name) for name in SERVICE_FORM_FIELDS},
                    "hours": opening_hours.to_text(service.hours()),
                },
            )
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organization"]
        ).queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
        if service is not None:
            del self.fields["organization"]


SERVICE_FORM_FIELDS = (
    "name",
    "kind",
    "provider",
    "description",
    "address",
    "city",
    "region",
    "postal_code",
    "country",
    "time_zone",
    "phone",
    "website",
    "languages",
    "is_free",
    "is_listed",
)


class ImportForm(forms.Form):
    organization = OrganizationChoice(
        label=_("Import into"), queryset=Organization.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 CSV with the columns listed below; up to 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organization"]
        ).queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 2 MB. Split it and import each part.")
            )
        return upload

"""The library and the services directory.

Articles are written in the app by an organization's staff, in Markdown, in English or Spanish,
for every pathway or some, on one topic; a published article is public. Services are places a
person can go (housing help, work, legal aid, harm reduction and naloxone, …), listed and kept
up to date by an organization, with where they are and when they are open, in their own time
zone. Crisis lines stay reviewed data in crisis_lines.py.

Who writes and who reads is in access.py; the rules for a change are in services.py.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Country, Language, Organization, User, validate_time_zone
from alongside.lib import markup
from alongside.lib.opening_hours import Hours, OpenState, Span, state_at


class Topic(models.TextChoices):
    EARLY_RECOVERY = "early_recovery", _("Early recovery")
    CRAVINGS = "cravings_triggers", _("Cravings and triggers")
    RELAPSE = "relapse_lapses", _("Relapse and lapses")
    FAMILY = "family_allies", _("Family and allies")
    HARM_REDUCTION = "harm_reduction", _("Harm reduction")
    HOUSING = "housing", _("Housing")
    WORK_EDUCATION = "work_education", _("Work and education")
    LEGAL = "legal", _("Legal help")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    MEDICATION = "medication", _("Medication-assisted treatment")
    HEALTH = "health", _("Physical health and well-being")
    MONEY = "money", _("Money and benefits")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        return self.filter(status=ArticleStatus.PUBLISHED)

    def for_pathway(self, pathway: str) -> ArticleQuerySet:
        """Written for this pathway, or for every pathway (an empty list). The list is matched
        as its JSON text, with the quotes, so "mm" never matches inside another code; the
        `icontains` lookup reads JSON as text on SQLite and PostgreSQL alike."""
        return self.filter(models.Q(pathways=[]) | models.Q(pathways__icontains=f'"{pathway}"'))


class Article(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="articles"
    )
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    # Pathway codes (accounts.Pathway); empty: written for every pathway.
    pathways = models.JSONField(_("pathways"), default=list, blank=True)
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("article"))  # Markdown, stored only when markup.problems finds none
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles_written"
    )
    # The same article in the other language: the English one points at nothing, its Spanish
    # version at it (or the other way round); readers are offered whichever exists.
    translation_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="translations"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-updated_at", "-id"]
        indexes = [models.Index(fields=["status", "language", "topic"], name="article_browse")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    def body_html(self) -> str:
        """The body as safe HTML, rendered (and sanitized) on each read; see services.py."""
        return markup.render(self.body)

    def pathway_labels(self) -> list[str]:
        from alongside.accounts.models import Pathway

        labels = dict(Pathway.choices)
        return [str(labels[p]) for p in self.pathways if p in labels]


class ServiceKind(models.TextChoices):
    HARM_REDUCTION = "harm_reduction", _("Harm reduction")
    NALOXONE = "naloxone", _("Naloxone (Narcan)")
    SYRINGE_SERVICES = "syringe_services", _("Syringe services")
    TREATMENT = "treatment", _("Treatment")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    HOUSING = "housing", _("Housing")
    WORK = "work", _("Work and jobs")
    EDUCATION = "education", _("Education")
    LEGAL_AID = "legal_aid", _("Legal aid")
    FOOD = "food", _("Food")
    HEALTH = "health", _("Health care")
    RECOVERY_CENTER = "recovery_center", _("Recovery community center")


class ServiceQuerySet(models.QuerySet):
    def listed(self) -> ServiceQuerySet:
        return self.filter(is_listed=True)


class Service(models.Model):
    """A place a person can go, listed by the organization that keeps it up to date."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("name"), max_length=160)
    # Who runs it, when that is not the organization that lists it ("Cook County Legal Aid").
    provider = models.CharField(_("run by (optional)"), max_length=160, blank=True)
    kind = models.CharField(_("kind of service"), max_length=20, choices=ServiceKind.choices)
    description = models.TextField(_("what they offer"), blank=True)
    address = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    region = models.CharField(_("state or region"), max_length=60, blank=True)
    postal_code = models.CharField(_("ZIP or postal code"), max_length=12, blank=True)
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.US
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # Where its opening hours are read: from its place (lib/geo), or as given.
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(
        _("website"),
        max_length=300,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    is_free = models.BooleanField(_("free or low cost"), default=False)
    is_always_open = models.BooleanField(_("open 24 hours, every day"), default=False)
    is_listed = models.BooleanField(_("listed in the directory"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        # "Near a place" reads a latitude range first (lib/geo.bounding_box).
        indexes = [models.Index(fields=["latitude", "longitude"], name="service_place")]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def one_line_address(self) -> str:
        parts = [self.address, self.city, " ".join(p for p in (self.region, self.postal_code) if p)]
        return ", ".join(p for p in parts if p)

    def hours(self) -> Hours:
        """Its opening hours (from the prefetched `opening_hours` rows, when prefetched)."""
        return Hours(
            always_open=self.is_always_open,
            spans=tuple(
                sorted(Span(row.weekday, row.opens, row.closes) for row in self.opening_hours.all())
            ),
        )

    def open_state(self, now: datetime.datetime | None = None) -> OpenState | None:
        """Open or closed at `now` in its own time zone, or None when its hours are not known."""
        hours = self.hours()
        if not hours.is_known:
            return None
        return state_at(hours, self.zone, now or timezone.now())


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class ServiceHours(models.Model):
    """One opening of a service on a day of the week, in its own time zone's wall-clock time;
    a closing time at or before the opening one is the next morning."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "weekday", "opens"], name="service_hours_unique_opening"
            ),
            models.CheckConstraint(
                condition=~models.Q(opens=models.F("closes")), name="service_hours_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

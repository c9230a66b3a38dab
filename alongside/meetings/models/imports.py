"""Where imported meetings come from, and each import's run and report."""

from __future__ import annotations

from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organization, User, validate_time_zone
from alongside.meetings.models.programs import Program


class SourceKind(models.TextChoices):
    MEETING_GUIDE = "meeting-guide", _("Meeting Guide JSON")
    TSML_CSV = "tsml-csv", _("12 Step Meeting List CSV")
    BMLT = "bmlt", _("BMLT GetSearchResults JSON")


class ImportSource(models.Model):
    """Where imported meetings came from; meetings are upserted by (source, slug).

    Every source has owners, and only they import into it: the organization's org admins and
    facilitators, or, for a source of no organization (the site-wide directory), the people
    given the `steward_directory` permission (access.owns_source)."""

    slug = models.SlugField(unique=True, max_length=60)
    name = models.CharField(_("name"), max_length=160)
    url = models.URLField(
        _("feed URL"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="sources")
    # Empty: the source belongs to the site-wide directory and its stewards (also when its
    # organization is deleted: the stewards, not nobody, then look after its meetings).
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_sources",
    )
    default_time_zone = models.CharField(
        _("time zone for rows that give none"), max_length=64, validators=[validate_time_zone]
    )
    default_language = models.CharField(
        _("language for rows that give none"), max_length=8, default="en"
    )
    last_format = models.CharField(max_length=20, blank=True)
    last_imported_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        permissions = [
            (
                "steward_directory",
                "Can steward the site-wide meeting directory: import into its sources and approve conference links",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the import worker")
    CONFIRM = "confirm", _("Waiting for confirmation: nothing changed yet")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Refused: nothing changed")


class ImportRun(models.Model):
    """One attempt to import a feed, with its report (kept whether it succeeded or not)."""

    source = models.ForeignKey(ImportSource, on_delete=models.CASCADE, related_name="runs")
    started_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="meeting_imports"
    )
    started_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=ImportStatus.choices)
    format = models.CharField(max_length=20, blank=True)
    origin = models.CharField(max_length=500, blank=True)  # file name or URL
    # What the worker needs to fetch and import a URL, as asked.
    url = models.CharField(max_length=500, blank=True)
    requested_format = models.CharField(max_length=20, default="auto")
    skip_invalid = models.BooleanField(default=False)
    # A feed that would remove more than REMOVAL_LIMIT of the source's meetings is held here
    # (gzip) until an owner confirms or it is purged, so the confirmation applies exactly the
    # feed whose counts were shown.
    held_feed = models.BinaryField(null=True, blank=True, editable=False)
    listed_before = models.PositiveIntegerField(default=0)
    restored = models.PositiveIntegerField(default=0)
    confirmed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_imports_confirmed",
    )
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    report = models.JSONField(default=dict)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M} {self.status}"

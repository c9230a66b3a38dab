"""Meetings, their schedules and the weekly slots that searches read."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import validate_time_zone
from alongside.lib import geo
from alongside.lib.links import is_http_url, is_known_conference_host
from alongside.lib.schedule import Recurrence, Schedule, ScheduleError
from alongside.meetings.models.groups import Group
from alongside.meetings.models.imports import ImportSource
from alongside.meetings.models.programs import Program


def validate_http_url(value: str) -> None:
    """Links are http(s) only: `javascript:`, `data:` and every other scheme are refused."""
    if value and not is_http_url(value):
        raise ValidationError(
            _("Give a link that starts with https:// (or http://)."), code="scheme"
        )


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class Openness(models.TextChoices):
    OPEN = "open", _("Open: anyone may attend")
    CLOSED = "closed", _("Closed: for people who want to stop or moderate")
    UNSTATED = "", _("Not stated")


class MeetingQuerySet(models.QuerySet):
    def listed(self) -> MeetingQuerySet:
        return self.filter(is_inactive=False, removed_at__isnull=True)

    def present(self) -> MeetingQuerySet:
        """Not removed by an import (inactive ones included): what pages and feeds show."""
        return self.filter(removed_at__isnull=True)


class Meeting(models.Model):
    """One meeting: when (a schedule in its own zone), where or how to join, and what kind."""

    source = models.ForeignKey(
        ImportSource, on_delete=models.CASCADE, null=True, blank=True, related_name="meetings"
    )
    slug = models.CharField(max_length=255)
    name = models.CharField(_("name"), max_length=255)
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="meetings")
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    group_name = models.CharField(_("group"), max_length=255, blank=True)
    # Schedule: days are 0 = Sunday … 6 = Saturday, times local to `time_zone`.
    recurrence = models.CharField(
        _("repeats"),
        max_length=10,
        choices=[(r.value, r.value) for r in Recurrence],
        default=Recurrence.WEEKLY,
    )
    days = models.JSONField(_("days"), default=list)
    start_time = models.TimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("minutes"), default=60)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    anchor_date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("A one-off meeting's date, or the first of an every-other-week meeting."),
    )
    week_of_month = models.SmallIntegerField(
        _("week of the month"), null=True, blank=True, help_text=_("1–5, or -1 for the last.")
    )
    # How to attend.
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    is_inactive = models.BooleanField(_("temporarily inactive"), default=False)
    openness = models.CharField(
        _("open or closed"), max_length=6, choices=Openness.choices, blank=True
    )
    types = models.CharField(
        _("type codes"),
        max_length=400,
        blank=True,
        help_text=_("Space-separated, with a space at each end so a code matches whole."),
    )
    languages = models.CharField(_("languages"), max_length=60, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    formatted_address = models.CharField(_("address"), max_length=500, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    regions = models.JSONField(default=list, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    is_approximate = models.BooleanField(_("approximate location"), default=False)
    # Search helpers kept with the row: the grid cell of the point (alongside.lib.geo.cell_of)
    # and a bit per weekday it meets (bit 0 = Sunday).
    geocell = models.IntegerField(null=True, blank=True, editable=False)
    day_mask = models.PositiveSmallIntegerField(default=0, editable=False)
    conference_url = models.CharField(
        _("conference link"), max_length=500, blank=True, validators=[validate_http_url]
    )
    conference_url_notes = models.CharField(_("conference link notes"), max_length=500, blank=True)
    conference_phone = models.CharField(_("conference phone"), max_length=100, blank=True)
    conference_phone_notes = models.CharField(
        _("conference phone notes"), max_length=500, blank=True
    )
    conference_is_protected = models.BooleanField(
        _("show how to join only to signed-in members"),
        default=False,
        help_text=_(
            "For a link with a passcode: visitors who are not signed in see that it exists, not the link."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    location_notes = models.TextField(_("location notes"), blank=True)
    url = models.CharField(max_length=500, blank=True, validators=[validate_http_url])
    # A conference link on a host that is not a known meeting provider (lib/links.py) shows
    # only once a directory steward approves that exact link.
    conference_url_approved = models.CharField(max_length=500, blank=True, editable=False)
    conference_url_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    conference_url_approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    conference_needs_review = models.BooleanField(default=False, editable=False)
    # Dropped by its source's feed: hidden everywhere, kept REMOVED_KEPT_FOR so that members'
    # saved meetings and attendance keep their meeting, restored if the feed lists it again,
    # then purged (imports.purge_removed_meetings). A removed meeting is also marked inactive,
    # because every search already leaves inactive meetings out through its own indexes.
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    extra = models.JSONField(default=dict, blank=True)  # feed fields we keep and publish again
    source_updated = models.CharField(max_length=40, blank=True)
    source_digest = models.CharField(max_length=32, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "slug"], name="meeting_slug_unique_per_source"
            ),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(source__isnull=True), name="own_meeting_slug_unique"
            ),
        ]
        indexes = [
            # Distance search: a bounding-box prefilter on latitude, then longitude.
            models.Index(fields=["latitude", "longitude"], name="meeting_lat_lng"),
            # The grid cells of a search box, a latitude range inside each, and every column the
            # usual filters read: a search near a place reads this index and never the table.
            models.Index(
                fields=[
                    "geocell",
                    "latitude",
                    "longitude",
                    "is_inactive",
                    "attendance",
                    "day_mask",
                    "types",
                    "id",
                ],
                name="meeting_near",
            ),
            models.Index(fields=["attendance", "is_inactive"], name="meeting_attendance"),
            models.Index(fields=["program", "is_inactive"], name="meeting_program"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def type_codes(self) -> list[str]:
        return self.types.split()

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()

    @property
    def is_online(self) -> bool:
        return self.attendance in {Attendance.ONLINE, Attendance.HYBRID}

    @property
    def has_place(self) -> bool:
        return self.latitude is not None and self.attendance != Attendance.ONLINE

    @property
    def shown_conference_url(self) -> str:
        """The conference link as pages, feeds and the API may show it: http(s) only, and on an
        unknown host only once a steward approved it; "" otherwise."""
        if self.conference_needs_review or not is_http_url(self.conference_url):
            return ""
        return self.conference_url

    @property
    def shown_url(self) -> str:
        """The meeting's own page at its source, if it is an http(s) link."""
        return self.url if is_http_url(self.url) else ""

    def refresh_link_review(self) -> None:
        """Flag a conference link on a host that is not a known provider, unless approved."""
        url = self.conference_url
        self.conference_needs_review = (
            bool(url) and not is_known_conference_host(url) and url != self.conference_url_approved
        )

    def refresh_search_fields(self) -> None:
        """Recompute the grid cell and weekday bits from the coordinates and days."""
        located = (
            self.latitude is not None
            and self.longitude is not None
            and self.attendance != Attendance.ONLINE
        )
        self.geocell = geo.cell_of(self.latitude, self.longitude) if located else None  # type: ignore[arg-type]
        self.day_mask = sum(
            1 << d for d in set(self.days or []) if isinstance(d, int) and 0 <= d <= 6
        )

    def schedule(self) -> Schedule:
        days = tuple(self.days)
        key = (
            self.recurrence,
            days,
            self.start_time,
            self.duration_minutes,
            self.time_zone,
            self.anchor_date,
            self.week_of_month,
        )
        if all(type(d) is int for d in days):
            return _schedule(*key)
        return _schedule.__wrapped__(*key)  # not a key to share (2.0 equals 2): checked afresh

    def clean(self) -> None:
        try:
            self.schedule()
        except ScheduleError as error:
            field = {"day": "days", "anchor": "anchor_date", "duration": "duration_minutes"}.get(
                error.field, error.field
            )
            raise ValidationError({field: error.message}) from error
        if self.attendance != Attendance.ONLINE and (self.latitude is None) != (
            self.longitude is None
        ):
            raise ValidationError({"latitude": _("Give both latitude and longitude, or neither.")})

    def next_occurrence(self, after: dt.datetime | None = None):
        return self.schedule().next_occurrence(after or timezone.now())


@lru_cache(maxsize=4096, typed=True)
def _schedule(
    recurrence: str,
    days: tuple,
    start: dt.time,
    duration: int,
    time_zone: str,
    anchor: dt.date | None,
    week_of_month: int | None,
) -> Schedule:
    """Schedules are immutable, and many meetings share one (a search builds some thirty)."""
    return Schedule(
        Recurrence(recurrence),
        days,
        start,
        duration,
        time_zone,
        anchor=anchor,
        week_of_month=week_of_month,
    )


# The slot columns every "soonest first" read tests or returns, beyond the ones it seeks on.
COVER = ["is_inactive", "types", "meeting"]


class WeeklySlot(models.Model):
    """Search index: one row per day a meeting meets, with the UTC minute of the week in
    winter and in summer. "Starting in the next N hours" is a range scan on these two columns,
    whatever zone each meeting keeps; an exact check on the few candidates follows.

    "Soonest first" reads the minute indexes in order from now, a few rows at a time, so the
    filters every search applies are kept on the slot too (copied from its meeting whenever
    imports.index_slots rewrites the slots, which every write of a meeting does)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField()  # local, 0 = Sunday
    winter_minute = models.PositiveSmallIntegerField()
    summer_minute = models.PositiveSmallIntegerField()
    # Online meetings are searched apart (they have no map point): their slots lead the indexes.
    online = models.BooleanField(default=False)
    # The meeting's own columns, as they were when the slots were last written.
    is_inactive = models.BooleanField(default=False)
    types = models.CharField(max_length=400, blank=True)

    class Meta:
        # Each index ends with every column "soonest first" reads, so a search reads the index
        # alone, never the table.
        indexes = [
            models.Index(
                fields=["winter_minute", *COVER, "weekday", "summer_minute"], name="slot_winter"
            ),
            models.Index(
                fields=["summer_minute", *COVER, "weekday", "winter_minute"], name="slot_summer"
            ),
            models.Index(
                fields=["weekday", "winter_minute", *COVER, "summer_minute"],
                name="slot_weekday_winter",
            ),
            models.Index(
                fields=["weekday", "summer_minute", *COVER, "winter_minute"],
                name="slot_weekday_summer",
            ),
            models.Index(
                fields=["online", "winter_minute", *COVER, "weekday", "summer_minute"],
                name="slot_online_winter",
            ),
            models.Index(
                fields=["online", "summer_minute", *COVER, "weekday", "winter_minute"],
                name="slot_online_summer",
            ),
            models.Index(
                fields=["online", "weekday", "winter_minute", *COVER, "summer_minute"],
                name="slot_online_day_winter",
            ),
            models.Index(
                fields=["online", "weekday", "summer_minute", *COVER, "winter_minute"],
                name="slot_online_day_summer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} day {self.weekday}"

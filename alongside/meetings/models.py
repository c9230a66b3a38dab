"""Programs, groups, meetings and their schedules, attendance, service positions."""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organization, User, validate_time_zone
from alongside.lib import geo
from alongside.lib.links import is_http_url, is_known_conference_host
from alongside.lib.schedule import Recurrence, Schedule, ScheduleError
from alongside.privacy.fields import EncryptedJSONField, EncryptedTextField


class Approach(models.TextChoices):
    SPIRITUAL = "spiritual", _("Spiritual (a higher power of one's own understanding)")
    RELIGIOUS = "religious", _("Religious (Christ-centred)")
    SECULAR = "secular", _("Secular (science-based, no higher power)")
    BUDDHIST = "buddhist", _("Buddhist-inspired")
    CLINICAL = "clinical", _("Clinical (led by a licensed professional)")


class Goal(models.TextChoices):
    ABSTINENCE = "abstinence", _("Abstinence")
    MODERATION = "moderation", _("Moderation")
    EITHER = "either", _("Abstinence or moderation, your choice")
    SUPPORT = "support", _("Support for family and friends")


class Program(models.Model):
    """A pathway's fellowship or method (NA, SMART Recovery, …) and its philosophy."""

    slug = models.SlugField(unique=True, max_length=30)
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=30)
    pathway = models.CharField(
        _("pathway"),
        max_length=20,
        blank=True,
        help_text=_("The member-profile pathway this program serves."),
    )
    approach = models.CharField(_("approach"), max_length=12, choices=Approach.choices)
    goal = models.CharField(_("goal"), max_length=12, choices=Goal.choices)
    is_twelve_step = models.BooleanField(_("12-step"), default=False)
    is_family = models.BooleanField(_("for family and friends"), default=False)
    is_professional = models.BooleanField(_("professional group therapy"), default=False)
    philosophy = models.TextField(_("philosophy"))
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name


class Size(models.TextChoices):
    SMALL = "small", _("Small (under 10)")
    MEDIUM = "medium", _("Medium (10–25)")
    LARGE = "large", _("Large (over 25)")


class Group(models.Model):
    """A group holds meetings: its program, people, size, atmosphere and who it serves."""

    slug = models.SlugField(unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=160)
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="groups")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_groups",
    )
    description = models.TextField(_("about the group"), blank=True)
    typical_size = models.CharField(
        _("typical size"), max_length=10, choices=Size.choices, blank=True
    )
    atmosphere = models.TextField(
        _("atmosphere"),
        blank=True,
        help_text=_("What a first visit feels like: welcoming, quiet, lively, structured…"),
    )
    demographics = models.JSONField(
        _("who it serves"),
        default=list,
        blank=True,
        help_text=_("Type codes such as W, M, Y, LGBTQ, SEN."),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    accessibility = models.JSONField(
        _("accessibility"),
        default=list,
        blank=True,
        help_text=_("Type codes such as X, XB, ASL, CAPT."),
    )
    is_newcomer_friendly = models.BooleanField(_("newcomers especially welcome"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Facilitator(models.Model):
    """A person who facilitates a group, with their experience in their own words."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="facilitators")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="facilitating")
    experience = models.TextField(_("experience"), blank=True)
    trained_as = models.CharField(_("training"), max_length=160, blank=True)
    since = models.DateField(_("facilitating since"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_facilitator_row_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.group}"


def validate_http_url(value: str) -> None:
    """Links are http(s) only: `javascript:`, `data:` and every other scheme are refused."""
    if value and not is_http_url(value):
        raise ValidationError(
            _("Give a link that starts with https:// (or http://)."), code="scheme"
        )


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


class SavedMeeting(models.Model):
    """A meeting a member keeps in "my meetings" (and their calendar feed)."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_meetings")
    # The member's list outlives a meeting its source dropped: the row stays, with the name.
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="saved_by"
    )
    meeting_name = models.CharField(max_length=255, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-saved_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "meeting"], name="save_meeting_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} saved {self.meeting}"


def _calendar_key() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a member's "my meetings" calendar (calendar apps cannot sign in)."""

    member = models.OneToOneField(User, on_delete=models.CASCADE, related_name="meeting_calendar")
    key = models.CharField(max_length=40, unique=True, default=_calendar_key)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar of {self.member_id}"


class MeetingPreference(models.Model):
    """What a member looks for in a meeting; recommendations read it."""

    member = models.OneToOneField(User, on_delete=models.CASCADE, related_name="meeting_preference")
    # Where a member looks for meetings says where they live: the place and its coordinates
    # (numbers, as JSON) are encrypted. Recommendations use them in Python, never in SQL.
    near = EncryptedTextField(_("near (ZIP code or town)"), max_length=100, blank=True)
    latitude = EncryptedJSONField(null=True, blank=True)
    longitude = EncryptedJSONField(null=True, blank=True)
    max_distance_km = models.PositiveSmallIntegerField(
        _("how far you will travel (km)"), default=15
    )
    online_ok = models.BooleanField(_("online meetings are fine"), default=True)
    days = models.JSONField(_("days that suit you"), default=list, blank=True)
    earliest = models.TimeField(_("not before"), null=True, blank=True)
    latest = models.TimeField(_("not after"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # Accessibility needs speak of health, "groups for people like me" of identity (LGBTQ+,
    # transgender, …): encrypted as well, read in Python by the recommendations.
    needs = EncryptedJSONField(_("accessibility needs"), default=list, blank=True)
    demographics = EncryptedJSONField(_("groups for people like me"), default=list, blank=True)
    approaches = models.JSONField(_("approaches that suit you"), default=list, blank=True)
    goal = models.CharField(_("your goal"), max_length=12, choices=Goal.choices, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Preferences of {self.member_id}"


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("Scanned the meeting's code")
    ONLINE = "online", _("Joined online from Alongside")
    MANUAL = "manual", _("Added by hand")


class Verification(models.TextChoices):
    """How far a record can be trusted. Only a facilitator confirms: a scanned code shown by
    one, or their answer to the member's request. Clicking a meeting link proves a click."""

    FACILITATOR = "facilitator", _("Confirmed by a facilitator")
    SELF_REPORTED = "self_reported", _("Self-reported")


class AttendanceRecordQuerySet(models.QuerySet):
    def for_member(self, member: User) -> AttendanceRecordQuerySet:
        return self.filter(member=member)

    def confirmed(self) -> AttendanceRecordQuerySet:
        return self.filter(confirmed_at__isnull=False)


class AttendanceRecord(models.Model):
    """A member was at one occurrence of a meeting. A QR record is confirmed at once by the
    facilitator whose code was scanned; a hand-added one when a facilitator answers the member's
    request. Joining online by the meeting's link stays self-reported: nobody saw the member there."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="meeting_attendance")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, related_name="attendance_records"
    )
    # Kept as they were if the meeting is later removed or changed: a proof sheet shows them.
    meeting_name = models.CharField(max_length=255)
    time_zone = models.CharField(max_length=64, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    occurred_at = models.DateTimeField(_("meeting started"))
    method = models.CharField(max_length=10, choices=AttendanceMethod.choices)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="attendance_confirmed"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_requested = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AttendanceRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "meeting", "occurred_at"], name="attend_an_occurrence_once"
            )
        ]
        indexes = [models.Index(fields=["member", "-occurred_at"], name="attendance_member_time")]

    def __str__(self) -> str:
        return f"{self.member_id} at {self.meeting_name} {self.occurred_at:%Y-%m-%d}"

    @property
    def is_confirmed(self) -> bool:
        """Confirmed by a facilitator (who may since have left and been removed from it)."""
        return self.confirmed_at is not None

    @property
    def verification(self) -> Verification:
        return Verification.FACILITATOR if self.is_confirmed else Verification.SELF_REPORTED

    @property
    def ends_at(self) -> dt.datetime:
        return self.occurred_at + dt.timedelta(minutes=self.duration_minutes)

    def when_text(self) -> str:
        """When the meeting met, in its own zone, naming the zone ("Tuesday 1 December 2026,
        19:00–20:00 EST (America/New_York)"). A meeting that spans a clock change names both
        offsets."""
        zone = zoneinfo.ZoneInfo(self.time_zone or "UTC")
        start, end = self.occurred_at.astimezone(zone), self.ends_at.astimezone(zone)
        day = date_format(start, "l j F Y")
        if start.tzname() == end.tzname():
            times = f"{start:%H:%M}–{end:%H:%M} {start.tzname()}"
        else:
            times = f"{start:%H:%M} {start.tzname()}–{end:%H:%M} {end.tzname()}"
        return f"{day}, {times} ({zone.key})"


def _proof_code() -> str:
    return secrets.token_urlsafe(24)


class ProofSheet(models.Model):
    """A proof-of-attendance sheet a member asked for, as printed: the name they chose, what it
    is for, the period and its records. Its check address carries only `code`, 192 random bits
    that name nobody; everything else stays here."""

    code = models.CharField(max_length=40, unique=True, default=_proof_code)
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="proof_sheets")
    name_on_sheet = EncryptedTextField(_("name on the sheet"))
    purpose = EncryptedTextField(_("for"), blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    # Live links: a record the member later removes no longer appears when the sheet is checked.
    records = models.ManyToManyField(AttendanceRecord, related_name="proof_sheets", blank=True)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"Proof sheet {self.pk} of {self.member_id}"


class PositionRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    TREASURER = "treasurer", _("Treasurer")
    GREETER = "greeter", _("Greeter")
    LITERATURE = "literature", _("Literature")
    GSR = "gsr", _("Group service representative")


class ServiceTerm(models.Model):
    """One person's term in a group's service position; rotation closes one term and opens the next."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="service_terms")
    role = models.CharField(_("position"), max_length=12, choices=PositionRole.choices)
    holder = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="service_terms"
    )
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(_("term length (months)"), default=6)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role", "-starts_on"]
        indexes = [models.Index(fields=["group", "role", "-starts_on"], name="term_group_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} of {self.group}"

    @property
    def rotates_on(self) -> dt.date:
        """When the term is due to rotate: its end, or its start plus its length."""
        if self.ends_on:
            return self.ends_on
        return self.starts_on + relativedelta(months=self.term_months)


class BusinessMeeting(models.Model):
    """A group conscience / business meeting and its notes (encrypted at rest)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="business_meetings")
    held_on = models.DateField(_("held on"))
    notes = EncryptedTextField(_("notes"))
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="business_notes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.group} business meeting {self.held_on}"

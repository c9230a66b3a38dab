"""Attendance at a meeting, how far it can be trusted, and the proof sheets that show it."""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo

from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.meetings.models.meetings import Meeting
from alongside.privacy.fields import EncryptedTextField


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("Scanned the meeting's code")
    ONLINE = "online", _("Joined online from Alongside")
    MANUAL = "manual", _("Added by hand")
    ROOM = "room", _("Attended online (room)")


class Verification(models.TextChoices):
    """How far a record can be trusted. Only a facilitator confirms: a scanned code shown by
    one, or their answer to the member's request. Clicking a meeting link proves a click."""

    FACILITATOR = "facilitator", _("Confirmed by a facilitator")
    SELF_REPORTED = "self_reported", _("Self-reported")
    # Present in the meeting's live room on Alongside for the set share of the meeting, as the
    # room counted it: more than a click on a link, less than a facilitator's word.
    ROOM = "room", _("Attended online (room)")


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
        if self.is_confirmed:
            return Verification.FACILITATOR
        if self.method == AttendanceMethod.ROOM:
            return Verification.ROOM
        return Verification.SELF_REPORTED

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

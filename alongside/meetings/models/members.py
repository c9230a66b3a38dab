"""A member's own: their saved meetings ("my meetings"), its calendar feed, and what they
look for in a meeting."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.meetings.models.meetings import Meeting
from alongside.meetings.models.programs import Goal
from alongside.privacy.fields import EncryptedJSONField, EncryptedTextField


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

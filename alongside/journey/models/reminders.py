"""The daily check-in reminder."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User


class CheckInReminderQuerySet(models.QuerySet):
    def due(self, now: datetime.datetime) -> CheckInReminderQuerySet:
        """Switched on, of an active member, and due by `now`."""
        return self.filter(is_enabled=True, member__is_active=True, next_due_at__lte=now)


class CheckInReminder(models.Model):
    """The member's daily check-in reminder, at a local time of their choosing.

    `next_due_at` is the next moment it is due, in UTC: worked out from `at` in the member's
    zone whenever the settings change and after each day's run (or, in quiet hours, the moment
    they end), so one query finds every reminder due in a minute whatever the members' zones.
    """

    member = models.OneToOneField(User, on_delete=models.CASCADE, related_name="check_in_reminder")
    is_enabled = models.BooleanField(_("remind me to check in"), default=True)
    at = models.TimeField(_("at (your local time)"), default=datetime.time(20, 0))
    by_email = models.BooleanField(_("also send an email"), default=False)
    next_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CheckInReminderQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Reminder of {self.member_id} at {self.at}"

"""Stored in-app notifications: a notice with a link, shown until read.

Deduplicated per person by a key, so a task that runs twice never notifies twice. Urgent
notices (a safety flag) carry their details in an encrypted body and name the member they are
`about`, so erasing that member deletes them from everyone's inbox.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.privacy.fields import EncryptedTextField


class InAppNotificationQuerySet(models.QuerySet):
    def for_user(self, user: User) -> InAppNotificationQuerySet:
        return self.filter(user=user)

    def unread(self) -> InAppNotificationQuerySet:
        return self.filter(read_at__isnull=True)


class InAppNotification(models.Model):
    """One notice shown in the app until read. `dedupe_key` makes a delivery happen once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="in_app_notifications")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=140)  # never a name or a health detail: those go in body
    url = models.CharField(max_length=200, blank=True)
    dedupe_key = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    body = EncryptedTextField(blank=True)
    is_urgent = models.BooleanField(default=False)
    about = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    objects = InAppNotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notify_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """When a person does not want to be interrupted (local times; may span midnight)."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="notification_preference"
    )
    quiet_from = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet hours until"), null=True, blank=True)

    def __str__(self) -> str:
        return f"Preferences of {self.user_id}"

    def is_quiet(self, local: datetime.time) -> bool:
        """True when the local time falls in quiet hours (from inclusive, until exclusive)."""
        start, end = self.quiet_from, self.quiet_until
        if start is None or end is None or start == end:
            return False
        if start < end:
            return start <= local < end
        return local >= start or local < end

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
    """How a person is reached: quiet hours (local times; may span midnight), whether e-mail is
    on at all, and whether ordinary e-mails wait for one daily digest at `digest_hour` (local)."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="notification_preference"
    )
    quiet_from = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet hours until"), null=True, blank=True)
    email_enabled = models.BooleanField(_("send notifications by e-mail"), default=False)
    email_digest = models.BooleanField(_("collect e-mails into one a day"), default=False)
    digest_hour = models.PositiveSmallIntegerField(_("hour of the daily e-mail"), default=18)

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


class Channel(models.TextChoices):
    """Where a notice goes besides the app itself (in-app is always on)."""

    EMAIL = "email", _("E-mail")
    PUSH = "push", _("Push notifications on your devices")


class PushSubscription(models.Model):
    """One device (browser) that receives web push for a person. The endpoint is unique: a device
    subscribes once, and a new sign-in on the same browser takes the subscription over."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)  # the browser's public key (base64url, P-256)
    auth = models.CharField(max_length=100)  # the browser's auth secret (base64url, 16 bytes)
    device = models.CharField(_("device"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.device or f"Device {self.pk}"


class KindPreference(models.Model):
    """Which channels one kind of notice (see `kinds.py`) goes to, for one person."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notification_kinds")
    kind = models.CharField(max_length=40)
    email = models.BooleanField(default=True)
    push = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.user_id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    DROPPED = "dropped", _("not sent (channel gone)")


class DeliveryQuerySet(models.QuerySet):
    def due(self, now: datetime.datetime) -> DeliveryQuerySet:
        """Waiting and due, or claimed by a worker whose lease ran out (it died mid-batch)."""
        return self.filter(
            Q(status=DeliveryStatus.PENDING, not_before__lte=now)
            | Q(status=DeliveryStatus.SENDING, claimed_until__lt=now)
        )


class Delivery(models.Model):
    """One notice on one extra channel (an e-mail, or a push to one device): the outbox row the
    task worker claims, sends and marks sent. `key` is unique, so the same notice never gets two
    rows for one device; it also travels with the message (Message-ID, push tag) so the receiving
    end can recognise a repeat."""

    notice = models.ForeignKey(
        InAppNotification, on_delete=models.CASCADE, related_name="deliveries"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    subscription = models.ForeignKey(
        PushSubscription, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    key = models.CharField(max_length=80, unique=True)
    is_urgent = models.BooleanField(default=False)
    in_digest = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    not_before = models.DateTimeField(default=timezone.now)
    claim = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["not_before", "id"]
        indexes = [models.Index(fields=["status", "not_before"], name="delivery_due")]

    def __str__(self) -> str:
        return self.key

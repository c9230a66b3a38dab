from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.notifications.models import (
    Delivery,
    InAppNotification,
    KindPreference,
    NotificationPreference,
    PushSubscription,
)
from alongside.privacy.registry import Erase, register

register(
    InAppNotification,
    "user",
    section="notifications",
    label=_("notifications"),
    erase=Erase.DELETE,
    explain=_("Every notification is deleted."),
    exclude=("user", "dedupe_key", "about"),
)
register(
    NotificationPreference,
    "user",
    section="notification_preferences",
    label=_("quiet hours and e-mail settings"),
    erase=Erase.DELETE,
    explain=_("Your quiet hours, e-mail and daily digest settings are deleted."),
    exclude=("user",),
)
register(
    InAppNotification,
    "about",
    section="",
    label=_("notifications about you sent to your care team"),
    export=False,
    erase=Erase.DELETE,
    explain=_("Deleted from the inboxes of the people who received them."),
)
register(
    KindPreference,
    "user",
    section="notification_channels",
    label=_("which notifications go to e-mail and push"),
    erase=Erase.DELETE,
    explain=_("Your choices of channel for each kind of notification are deleted."),
    exclude=("user",),
)
register(
    PushSubscription,
    "user",
    section="push_devices",
    label=_("devices that receive push notifications"),
    erase=Erase.DELETE,
    explain=_("Every device stops receiving push notifications; its address and keys are deleted."),
    # The endpoint and keys let anyone send to the device: they stay out of an export file.
    exclude=("user", "endpoint", "p256dh", "auth"),
)
register(
    Delivery,
    "user",
    section="notification_deliveries",
    label=_("e-mails and push notifications sent to you"),
    erase=Erase.DELETE,
    explain=_("The record of what was sent, when and where, is deleted; nothing more is sent."),
    exclude=("user", "claim", "claimed_until", "subscription"),
)

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.notifications.models import InAppNotification, NotificationPreference
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
    label=_("quiet hours"),
    erase=Erase.DELETE,
    explain=_("Your quiet hours are deleted."),
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

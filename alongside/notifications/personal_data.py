from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.notifications.models import InAppNotification
from alongside.privacy.registry import Erase, register

register(
    InAppNotification, "user", section="notifications", label=_("notifications"),
    erase=Erase.DELETE, explain=_("Every notification is deleted."), exclude=("user", "dedupe_key", "about"),
)
register(
    InAppNotification, "about", section="", label=_("notifications about you sent to your care team"),
    export=False, erase=Erase.DELETE,
    explain=_("Deleted from the inboxes of the people who received them."),
)

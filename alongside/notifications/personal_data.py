from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.notifications.models import Notification
from alongside.privacy.registry import Erase, register

register(
    Notification, "user", section="notifications", label=_("notifications"),
    erase=Erase.DELETE, explain=_("Every notification to you is deleted."),
    serialize=lambda n: {
        "kind": n.kind, "title": n.title, "body": n.body, "url": n.url, "urgent": n.is_urgent,
        "created_at": n.created_at.isoformat(),
        "read_at": n.read_at.isoformat() if n.read_at else None,
    },
)
register(
    Notification, "about", section="", label=_("notifications about you sent to your care team"),
    export=False, erase=Erase.DELETE,
    explain=_("Deleted from the inboxes of the people who received them."),
)

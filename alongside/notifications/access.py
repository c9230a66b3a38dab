"""The only way from (user, id) to a notification: one's own, or Http404 (through
`policy.refuse`, which writes the refusal to the security log)."""

from __future__ import annotations

from alongside.accounts.models import User
from alongside.notifications.models import InAppNotification
from alongside.privacy import policy


def access_own_notification(user: User, notification_id: int) -> InAppNotification:
    notification = (
        InAppNotification.objects.filter(pk=notification_id, user=user).first()
        if user.is_authenticated
        else None
    )
    if notification is None:
        raise policy.refuse(
            user, record_type="notifications.inappnotification", record_id=notification_id
        )
    return notification

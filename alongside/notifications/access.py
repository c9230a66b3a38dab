"""The only way from (user, id) to a notification: one's own, or Http404."""

from __future__ import annotations

from django.http import Http404

from alongside.accounts.models import User
from alongside.notifications.models import InAppNotification


def access_own_notification(user: User, notification_id: int) -> InAppNotification:
    notification = InAppNotification.objects.filter(pk=notification_id, user=user).first()
    if notification is None:
        raise Http404("Not found.")
    return notification

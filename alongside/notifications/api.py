from __future__ import annotations

from ninja import Router

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.notifications import access, services
from alongside.notifications.models import InAppNotification
from alongside.notifications.schemas import NotificationOut
from alongside.schemas import Id

router = Router(tags=["notifications"])


@router.get(
    "/notifications", response=list[NotificationOut], summary="Your notifications, newest first"
)
def my_notifications(
    request: AuthenticatedHttpRequest, unread: bool = False
) -> list[InAppNotification]:
    found = InAppNotification.objects.for_user(request.user)
    if unread:
        found = found.unread()
    return list(found[:100])


@router.post(
    "/notifications/{notification_id}/read",
    response=NotificationOut,
    summary="Mark one of your notifications read",
)
def read_notification(request: AuthenticatedHttpRequest, notification_id: Id) -> InAppNotification:
    notification = access.access_own_notification(request.user, notification_id)
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    notification.refresh_from_db()
    return notification

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from ninja import Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.api_errors import ApiError
from alongside.notifications import access, push, services
from alongside.notifications.models import InAppNotification
from alongside.notifications.schemas import (
    NotificationOut,
    PreferencesIn,
    PreferencesOut,
    PushKeyOut,
    SubscriptionIn,
    SubscriptionOut,
)
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


def preferences_out(user: User) -> dict[str, Any]:
    preference = services.preference_for(user)
    return {
        "email_enabled": preference.email_enabled,
        "email_digest": preference.email_digest,
        "digest_hour": preference.digest_hour,
        "quiet_from": preference.quiet_from,
        "quiet_until": preference.quiet_until,
        "time_zone": user.time_zone,
        "kinds": [
            {"kind": k.key, "label": str(k.label), "email": p.email, "push": p.push}
            for k, p in services.kind_preferences(user)
        ],
    }


@router.get(
    "/notifications/preferences",
    response=PreferencesOut,
    summary="How you are notified: e-mail, daily digest, quiet hours, channels of each kind",
)
def get_preferences(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return preferences_out(request.user)


@router.put(
    "/notifications/preferences",
    response=PreferencesOut,
    summary="Set how you are notified",
)
def put_preferences(request: AuthenticatedHttpRequest, payload: PreferencesIn) -> dict[str, Any]:
    if (payload.quiet_from is None) != (payload.quiet_until is None):
        raise ValidationError({"quiet_until": "Quiet hours need both a start and an end."})
    with transaction.atomic():
        services.set_delivery_preferences(
            user=request.user,
            email_enabled=payload.email_enabled,
            email_digest=payload.email_digest,
            digest_hour=payload.digest_hour,
            kinds={k: v.model_dump() for k, v in payload.kinds.items()},
        )
        services.set_quiet_hours(
            user=request.user, quiet_from=payload.quiet_from, quiet_until=payload.quiet_until
        )
    return preferences_out(request.user)


@router.get(
    "/notifications/push-key",
    response=PushKeyOut,
    summary="The key a browser subscribes to web push with (applicationServerKey)",
)
def push_key(request: AuthenticatedHttpRequest) -> dict[str, str]:
    if not push.is_configured():
        raise ApiError(409, "push_not_configured", "Web push is not set up on this server.")
    return {"public_key": push.public_key()}


@router.post(
    "/notifications/push-subscriptions",
    response={201: SubscriptionOut},
    summary="Receive web push on this device (the browser's PushSubscription)",
)
def subscribe_device(request: AuthenticatedHttpRequest, payload: SubscriptionIn) -> Status:
    subscription = services.subscribe_device(
        user=request.user,
        endpoint=payload.endpoint,
        p256dh=payload.keys.p256dh,
        auth=payload.keys.auth,
        device=payload.device,
    )
    return Status(201, subscription)


@router.delete(
    "/notifications/push-subscriptions",
    response={204: None},
    summary="Stop web push to the device with this endpoint",
)
def unsubscribe_device(request: AuthenticatedHttpRequest, endpoint: str) -> Status:
    services.unsubscribe_device(user=request.user, endpoint=endpoint)
    return Status(204, None)

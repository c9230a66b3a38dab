"""Notifications are their recipient's alone."""

from __future__ import annotations

from alongside.testing.authz import (
    ANON,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHENTICATED,
    Route,
    everyone_but_anon,
)

# A browser's subscription keys (a fixed P-256 point and 16-byte secret, base64url).
DEVICE = {
    "endpoint": "https://push.example.org/send/matrix-device",
    "keys": {
        "p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
        "auth": "tBHItJI5svbpez7KI4CCXg",
    },
}
SIGNED_IN_OK: dict[str, object] = {ANON: UNAUTHENTICATED}

ROUTES = [
    Route("notifications:list", "/notifications/", everyone_but_anon()),
    Route("notifications:settings", "/notifications/settings/", everyone_but_anon()),
    Route("service-worker", "/service-worker.js", {}),
    Route(
        "GET /api/v1/notifications/preferences", "/api/v1/notifications/preferences", SIGNED_IN_OK
    ),
    Route(
        "PUT /api/v1/notifications/preferences",
        "/api/v1/notifications/preferences",
        SIGNED_IN_OK,
        method="put",
        data={"email_enabled": False, "kinds": {"reminders": {"email": False, "push": True}}},
    ),
    Route("GET /api/v1/notifications/push-key", "/api/v1/notifications/push-key", SIGNED_IN_OK),
    Route(
        "POST /api/v1/notifications/push-subscriptions",
        "/api/v1/notifications/push-subscriptions",
        SIGNED_IN_OK,
        default=201,
        method="post",
        data=DEVICE,
    ),
    Route(
        "DELETE /api/v1/notifications/push-subscriptions",
        "/api/v1/notifications/push-subscriptions?endpoint=https://push.example.org/send/x",
        SIGNED_IN_OK,
        default=204,
        method="delete",
    ),
    Route(
        "notifications:open",
        lambda s: f"/notifications/{s['notification'].pk}/open/",
        everyone_but_anon(member=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "notifications:read-all",
        "/notifications/read-all/",
        everyone_but_anon(),
        default=REDIRECT,
        method="post",
    ),
    Route("GET /api/v1/notifications", "/api/v1/notifications", {ANON: UNAUTHENTICATED}),
    Route(
        "POST /api/v1/notifications/{notification_id}/read",
        lambda s: f"/api/v1/notifications/{s['notification'].pk}/read",
        {ANON: UNAUTHENTICATED, "member": OK},
        default=NOT_FOUND,
        method="post",
    ),
]


def subjects(cast: dict) -> dict:
    from alongside.notifications.services import notify

    return {
        "notification": notify(user=cast["member"].user, kind="test", title="Hello", url="/home/")
    }

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

ROUTES = [
    Route("notifications:list", "/notifications/", everyone_but_anon()),
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

"""Delivery of in-app notifications. Broadcasts leave the process, so they wait for commit."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.notifications.consumers import user_group
from alongside.notifications.models import Notification


def push_to_user(*, user_id: int, payload: dict) -> None:
    """Send a payload to every open tab of one person once the current transaction commits.

    Best effort: the notification is already saved, so a channel layer that is down is logged
    (robust on_commit) instead of failing a request whose data is committed.
    """

    def send() -> None:
        layer = get_channel_layer()
        message = {"type": "notify", "payload": payload}
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            async_to_sync(layer.group_send)(user_group(user_id), message)
            return
        # Sync code called from a thread that runs an event loop (a sync test driving a
        # browser, say) cannot block on that loop: send from a helper thread instead.
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(async_to_sync(layer.group_send), user_group(user_id), message).result(timeout=10)

    transaction.on_commit(send, robust=True)


@transaction.atomic
def notify(
    *,
    user: User,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    urgent: bool = False,
    about: User | None = None,
) -> Notification:
    """Keep a notification for the person and push it to their open tabs after commit."""
    notification = Notification.objects.create(
        user=user, kind=kind, title=title, body=body, url=url, is_urgent=urgent, about=about
    )
    push_to_user(
        user_id=user.pk,
        payload={
            "kind": kind, "id": notification.pk, "title": title, "url": url, "urgent": urgent,
        },
    )
    return notification


def mark_read(*, notification: Notification) -> bool:
    """Mark one notification read; False if it already was."""
    if notification.read_at is not None:
        return False
    notification.read_at = timezone.now()
    notification.save(update_fields=["read_at"])
    return True


def mark_all_read(*, user: User) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())

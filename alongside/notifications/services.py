"""Delivery of in-app notifications. Broadcasts leave the process, so they wait for commit."""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from alongside.notifications.consumers import user_group


def push_to_user(*, user_id: int, payload: dict) -> None:
    """Send a payload to every open tab of one person once the current transaction commits."""

    def send() -> None:
        layer = get_channel_layer()
        async_to_sync(layer.group_send)(user_group(user_id), {"type": "notify", "payload": payload})

    transaction.on_commit(send)

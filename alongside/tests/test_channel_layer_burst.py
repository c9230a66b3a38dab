"""A burst of pages opening at once: each WebSocket that connects joins its groups on the
channel layer, and with Redis each join takes a pooled connection for a moment. redis-py 8's
asyncio pool refuses the 101st at once instead of waiting, so without the pool size set in
settings a few hundred conversation pages opening together failed ("Too many connections")."""

from __future__ import annotations

import asyncio

import pytest
from channels.layers import get_channel_layer
from django.conf import settings


def test_three_hundred_sockets_joining_and_leaving_at_once_all_succeed() -> None:
    if "Redis" not in settings.CHANNEL_LAYERS["default"]["BACKEND"]:
        pytest.skip("the in-memory channel layer has no pool (REDIS_URL is not set)")
    layer = get_channel_layer()

    async def burst() -> int:
        channels = [await layer.new_channel() for _ in range(300)]
        await asyncio.gather(
            *(layer.group_add(f"burst-{i % 150}", c) for i, c in enumerate(channels))
        )
        await asyncio.gather(*(layer.group_send(f"burst-{i}", {"type": "x"}) for i in range(150)))
        await asyncio.gather(
            *(layer.group_discard(f"burst-{i % 150}", c) for i, c in enumerate(channels))
        )
        return len(channels)

    assert asyncio.run(burst()) == 300

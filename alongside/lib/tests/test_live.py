"""send_to_groups reaches open pages from every kind of caller, and a layer that is down is
logged, not raised."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from alongside.lib.live import send_to_groups
from alongside.testing.asyncio import run_async


async def _listen(group: str) -> tuple[Any, str]:
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(group, channel)
    return layer, channel


def test_from_a_consumers_database_thread_it_returns_before_sending_and_the_event_arrives(
    monkeypatch,
) -> None:
    """The thread database_sync_to_async (a sync_to_async) runs code in is shared by every consumer of the
    process: it must not wait for Redis. Here the send is held until the thread has returned
    (waiting for it there would time out); then it arrives."""
    layer = get_channel_layer()
    real_send = layer.group_send

    async def scenario() -> dict:
        _layer, channel = await _listen("live-test-a")
        gate = asyncio.Event()

        async def held(group: str, event: dict) -> None:
            await gate.wait()
            await real_send(group, event)

        monkeypatch.setattr(layer, "group_send", held)

        def in_the_database_thread() -> None:
            send_to_groups([("live-test-a", {"type": "x.y", "n": 1})])

        await asyncio.wait_for(sync_to_async(in_the_database_thread)(), 5)
        gate.set()
        return await asyncio.wait_for(layer.receive(channel), 5)

    assert run_async(scenario()) == {"type": "x.y", "n": 1}


def test_from_a_plain_thread_it_sends_before_returning() -> None:
    async def scenario() -> dict:
        layer, channel = await _listen("live-test-b")
        await asyncio.to_thread(send_to_groups, [("live-test-b", {"type": "x.y", "n": 2})])
        return await asyncio.wait_for(layer.receive(channel), 5)

    assert run_async(scenario()) == {"type": "x.y", "n": 2}


def test_a_layer_that_is_down_is_logged_not_raised(monkeypatch, caplog) -> None:
    layer = get_channel_layer()

    async def down(group: str, event: dict) -> None:
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(layer, "group_send", down)
    with ThreadPoolExecutor(max_workers=1) as pool:  # a thread of its own, like a request's
        pool.submit(send_to_groups, [("live-test-c", {"type": "x.y"})]).result(timeout=10)
    assert "Could not reach open pages" in caplog.text

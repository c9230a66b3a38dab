"""Handing events to the channel layer (open pages, in any server process) from synchronous code.

`send_to_groups` is called from three kinds of place, and waits only where it must:

- a thread that runs an event loop: the sends become a task of that loop;
- a thread that a consumer started with `database_sync_to_async` (a message sent over a
  WebSocket): the sends go to the event loop that started the thread, and the thread returns at
  once. Such threads are few and shared by every consumer of the process, so waiting for Redis
  there would hold up other conversations;
- anywhere else (a page's request thread, the task worker, a shell): the sends run to their end.

Best effort everywhere: what is sent is saved already, so a channel layer that is down is
logged and pages see the change on their next load.
"""

from __future__ import annotations

import asyncio
import logging
import os

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer

log = logging.getLogger(__name__)

_pending: set[asyncio.Task] = set()


def send_to_groups(sends: list[tuple[str, dict]]) -> None:
    """Send each (group, event) in order."""
    layer = get_channel_layer()
    if layer is None or not sends:  # no channel layer configured: nobody can be listening live
        return

    async def send_all() -> None:
        try:
            for group, event in sends:
                await layer.group_send(group, event)
        except Exception:  # the layer (Redis) is down
            log.warning(
                "Could not reach open pages (%s); they see it on their next load.", sends[0][0]
            )

    def start(loop: asyncio.AbstractEventLoop) -> None:
        task = loop.create_task(send_all())
        _pending.add(task)  # a loop keeps only a weak reference to its tasks
        task.add_done_callback(_pending.discard)

    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is not None:
        start(running)
        return
    # Set by asgiref in the threads sync_to_async runs code in: the loop awaiting this thread.
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    from_here = getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) == os.getpid()
    if loop is not None and from_here and loop.is_running():
        loop.call_soon_threadsafe(start, loop)
        return
    async_to_sync(send_all)()

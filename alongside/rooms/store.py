"""Where a live room's state is kept while it is open: the roster, waiting room, hand queue,
timer and the last chat lines.

- With REDIS_URL set: in Redis, one JSON value per room under a Redis lock, so every server
  process sharing that Redis reads and changes the same room. Each value expires a while after
  the room closes even if no worker closes it.
- Without it (one process, SQLite by default): in the database (`RoomState`), so that the task
  worker, which records attendance when a room closes, reads what the server wrote.

Either way the state is deleted when the room closes (services/closing.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction

from alongside.rooms.models import RoomState

T = TypeVar("T")
# A room's state outlives its closing by this much at most, should no worker close it.
LEFT_OVER = dt.timedelta(hours=6)


class Store(Protocol):
    def change(
        self,
        key: str,
        closes_at: dt.datetime,
        change: Callable[[dict[str, Any]], T],
        *,
        create: bool = True,
    ) -> tuple[T | None, bool]:
        """Run `change` on the room's state (an empty dict for a new room) and keep what it
        leaves; returns its result and whether the room was new. One change at a time per room.
        With `create=False` a room that has no state (closed, or never opened) is left alone
        and the result is None."""
        ...

    def read(self, key: str) -> dict[str, Any] | None: ...

    def delete(self, key: str) -> None: ...

    def due(self, now: dt.datetime) -> list[str]:
        """Rooms whose closing time has come."""
        ...


class DatabaseStore:
    def change(
        self,
        key: str,
        closes_at: dt.datetime,
        change: Callable[[dict[str, Any]], T],
        *,
        create: bool = True,
    ) -> tuple[T | None, bool]:
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    row = RoomState.objects.select_for_update().filter(key=key).first()
                    created = row is None
                    if row is None and not create:
                        return None, False
                    if row is None:
                        row = RoomState.objects.create(key=key, data={}, closes_at=closes_at)
                    result = change(row.data)
                    row.save(update_fields=["data"])
                    return result, created
            except IntegrityError:  # another process made the room first: change theirs
                continue
        raise RuntimeError(f"could not change room {key}")

    def read(self, key: str) -> dict[str, Any] | None:
        row = RoomState.objects.filter(key=key).first()
        return row.data if row is not None else None

    def delete(self, key: str) -> None:
        RoomState.objects.filter(key=key).delete()

    def due(self, now: dt.datetime) -> list[str]:
        return list(RoomState.objects.filter(closes_at__lte=now).values_list("key", flat=True))


class RedisStore:
    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=10)
        self.prefix = f"{prefix}:room:" if prefix else "room:"
        self.index = self.prefix + "closing"

    def change(
        self,
        key: str,
        closes_at: dt.datetime,
        change: Callable[[dict[str, Any]], T],
        *,
        create: bool = True,
    ) -> tuple[T | None, bool]:
        name = self.prefix + key
        # Polled every 2 ms: a burst of people joining queues here for a moment each.
        with self.client.lock(name + ":lock", timeout=10, sleep=0.002, blocking_timeout=15):
            raw = self.client.get(name)
            if raw is None and not create:
                return None, False
            state = json.loads(raw) if raw else {}
            result = change(state)
            expires = int((closes_at + LEFT_OVER).timestamp())
            pipe = self.client.pipeline()
            pipe.set(name, json.dumps(state, separators=(",", ":")), exat=expires)
            if raw is None:
                pipe.zadd(self.index, {key: closes_at.timestamp()})
            pipe.execute()
        return result, raw is None

    def read(self, key: str) -> dict[str, Any] | None:
        raw = self.client.get(self.prefix + key)
        return json.loads(raw) if raw else None

    def delete(self, key: str) -> None:
        pipe = self.client.pipeline()
        pipe.delete(self.prefix + key)
        pipe.zrem(self.index, key)
        pipe.execute()

    def due(self, now: dt.datetime) -> list[str]:
        found = self.client.zrangebyscore(self.index, 0, now.timestamp())
        return [
            k.decode() if isinstance(k, bytes) else str(k) for k in found
        ]  # redis-py types a reply as any reply


@lru_cache(maxsize=4)
def _redis_store(url: str, prefix: str) -> RedisStore:
    return RedisStore(url, prefix)


def store() -> Store:
    if settings.REDIS_URL:
        return _redis_store(settings.REDIS_URL, settings.CACHES["default"].get("KEY_PREFIX", ""))
    return DatabaseStore()

"""A live room's state while it is open, when the site runs without Redis.

With REDIS_URL set the state lives in Redis only (alongside/rooms/store.py). Without it, this
table holds it, so that every process (the server and the task worker that closes rooms) reads
the same state. The row, chat included, is deleted when the room closes: nothing of a meeting's
chat is kept afterwards.
"""

from __future__ import annotations

from django.db import models


class RoomState(models.Model):
    key = models.CharField(max_length=40, unique=True)
    data = models.JSONField(default=dict)
    closes_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key

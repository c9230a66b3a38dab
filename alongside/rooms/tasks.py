"""Background work for rooms, run by the task worker: closing a room when its time comes."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from alongside.rooms.services import closing


@task()
def close_rooms() -> int:
    """Close every room due (queued for each room's closing time when it first opens)."""
    return closing.close_due_rooms()


def schedule_closing(closes_at: dt.datetime) -> None:
    close_rooms.using(run_after=closes_at.astimezone(dt.UTC)).enqueue()

"""Closing a room: attendance for those present long enough, then the state (chat included)
is deleted, and open sockets are told the room has closed."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.lib.live import send_to_groups
from alongside.meetings.models import Meeting
from alongside.meetings.services import record_room_attendance
from alongside.rooms.services.live import Status, _at, _count_presence, everyone_group
from alongside.rooms.store import store

log = logging.getLogger(__name__)


def attended(state: dict[str, Any], now: dt.datetime) -> list[int]:
    """Ids of the people present (admitted, with a socket open) for at least
    ROOMS_ATTENDANCE_SHARE of the scheduled meeting. Counting stops at `now`."""
    starts, ends = _at(state["starts_at"]), _at(state["ends_at"])
    needed = (ends - starts).total_seconds() * settings.ROOMS_ATTENDANCE_SHARE
    found = []
    for person in state.get("people", {}).values():
        _count_presence(state, person, now)
        if person["status"] != Status.WAITING and person.get("present_seconds", 0) >= needed:
            found.append(person["user"])
    return found


def close_room(key: str, *, now: dt.datetime | None = None) -> list[int]:
    """Record attendance and delete the room's state; returns the ids recorded. Idempotent:
    a room already closed has no state left and records nothing."""
    now = now or timezone.now()
    state = store().read(key)
    if state is None:
        return []
    if "starts_at" not in state:
        store().delete(key)
        return []
    meeting = Meeting.objects.filter(pk=state["meeting"]).first()
    recorded = []
    if meeting is not None:
        for member in User.objects.filter(pk__in=attended(state, now), is_active=True):
            record_room_attendance(
                member=member, meeting=meeting, occurred_at=_at(state["starts_at"])
            )
            recorded.append(member.pk)
    store().delete(key)
    send_to_groups(
        [
            (
                everyone_group(key),
                {
                    "type": "room.closed",
                    "message": _("The meeting's room has closed. Thank you for coming."),
                },
            )
        ]
    )
    return recorded


def close_due_rooms(now: dt.datetime | None = None) -> int:
    """Close every room whose closing time has come; returns how many."""
    now = now or timezone.now()
    closed = 0
    for key in store().due(now):
        try:
            close_room(key, now=now)
            closed += 1
        except Exception:  # one room's failure must not keep the others' chat
            log.exception("Could not close room %s", key)
    return closed

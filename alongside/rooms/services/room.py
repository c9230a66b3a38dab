"""A room belongs to one occurrence of an online or hybrid meeting of a group on Alongside.

It is named by the meeting and the occurrence's start in UTC (`20261205T1800Z`), opens
`ROOMS_OPEN_MINUTES_BEFORE` before the start and closes `ROOMS_CLOSE_MINUTES_AFTER` after the
scheduled end. Meetings without a group (imported from another directory) have nobody here to
admit, mute or remove people, so they keep their own conference link and have no room.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils import timezone

from alongside.meetings.models import Meeting, Openness

STARTS_FORMAT = "%Y%m%dT%H%MZ"


class Phase(StrEnum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Room:
    meeting: Meeting
    starts_at: dt.datetime  # UTC
    ends_at: dt.datetime

    @property
    def key(self) -> str:
        return f"{self.meeting.pk}-{self.starts_at.strftime(STARTS_FORMAT)}"

    @property
    def starts_param(self) -> str:
        return self.starts_at.strftime(STARTS_FORMAT)

    @property
    def opens_at(self) -> dt.datetime:
        return self.starts_at - dt.timedelta(minutes=settings.ROOMS_OPEN_MINUTES_BEFORE)

    @property
    def closes_at(self) -> dt.datetime:
        return self.ends_at + dt.timedelta(minutes=settings.ROOMS_CLOSE_MINUTES_AFTER)

    @property
    def has_waiting_room(self) -> bool:
        """Closed meetings, and those that do not say, wait for a facilitator; open ones do not."""
        return self.meeting.openness != Openness.OPEN

    def phase(self, now: dt.datetime | None = None) -> Phase:
        now = now or timezone.now()
        if now < self.opens_at:
            return Phase.NOT_OPEN
        if now >= self.closes_at:
            return Phase.CLOSED
        return Phase.OPEN

    def person_id(self, user_id: int) -> str:
        """An opaque id for a person in this room only: the same on every server and reconnect,
        and it names nobody elsewhere (it cannot be turned back into the account)."""
        return _mac(f"person:{self.key}:{user_id}")[:16]

    @property
    def engine_room(self) -> str:
        """The room's name at the video engine: it says nothing of the meeting."""
        return "alongside-" + _mac(f"video:{self.key}")[:24]


def _mac(text: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def parse_starts(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, STARTS_FORMAT).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def has_rooms(meeting: Meeting) -> bool:
    return meeting.is_online and meeting.group_id is not None and not meeting.is_inactive


def room_of(meeting: Meeting, starts_at: dt.datetime) -> Room | None:
    """The room of the occurrence starting at `starts_at`, if the meeting meets then."""
    if not has_rooms(meeting):
        return None
    for occurrence in meeting.schedule().occurrences_between(
        starts_at, starts_at + dt.timedelta(minutes=1)
    ):
        if occurrence.starts_at == starts_at:
            return Room(meeting, occurrence.starts_at, occurrence.ends_at)
    return None


def open_room(meeting: Meeting, now: dt.datetime | None = None) -> Room | None:
    """The room open now for this meeting, if one is (for the "Join the room" link)."""
    if not has_rooms(meeting):
        return None
    now = now or timezone.now()
    occurrence = meeting.schedule().occurrence_at(
        now,
        before=dt.timedelta(minutes=settings.ROOMS_OPEN_MINUTES_BEFORE),
        after=dt.timedelta(minutes=settings.ROOMS_CLOSE_MINUTES_AFTER),
    )
    if occurrence is None:
        return None
    room = Room(meeting, occurrence.starts_at, occurrence.ends_at)
    return room if room.phase(now) is Phase.OPEN else None


def room_name(user_handle: str, person_id: str) -> str:
    """What others see: the person's handle, or a neutral name made from their room id — never
    a first name, last name or email."""
    from django.utils.translation import gettext as _

    return user_handle.strip() or _("Member %(code)s") % {"code": person_id[:4].upper()}

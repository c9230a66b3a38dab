"""The only way from (user, meeting id, start) to a live room. Missing and not-yours both raise
Http404.

- a room: any signed-in person, for an occurrence that exists of an online or hybrid meeting of
  a group on Alongside (whether it is open yet is the room's answer, not a 404);
- a room's state or a video token: someone admitted to it now (facilitators always are),
  never someone waiting or removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from alongside.accounts.models import User
from alongside.meetings.access import access_meeting, leads_group
from alongside.rooms.services.live import Status
from alongside.rooms.services.room import Phase, Room, parse_starts, room_of
from alongside.rooms.store import store


@dataclass(frozen=True)
class RoomAccess:
    room: Room
    person_id: str
    is_host: bool


def access_room(user: User, meeting_id: int, starts: str) -> RoomAccess:
    """The room of that occurrence, with the user's place in it."""
    # Rooms are for members: nobody signed out reaches one, not even to see whether it exists.
    if not user.is_authenticated:
        raise Http404("No such room.")
    meeting = access_meeting(user, meeting_id)
    starts_at = parse_starts(starts)
    # A start the meeting does not meet at, or a meeting without rooms, has no room.
    room = room_of(meeting, starts_at) if starts_at is not None else None
    if room is None:
        raise Http404("No such room.")
    is_host = meeting.group is not None and leads_group(user, meeting.group)
    return RoomAccess(room, room.person_id(user.pk), is_host)


def access_admitted_room(user: User, meeting_id: int, starts: str) -> tuple[RoomAccess, dict]:
    """The room and its state, for someone admitted to it while it is open. Facilitators are
    always admitted, also before they join (the state is then that of an empty room)."""
    found = access_room(user, meeting_id, starts)
    # A room closed or not yet open has no state to show, and gives no token.
    if found.room.phase() is not Phase.OPEN:
        raise Http404("The room is not open.")
    state = store().read(found.room.key) or {}
    person = state.get("people", {}).get(found.person_id)
    if found.is_host and (person is None or person["status"] == Status.ADMITTED):
        return found, state
    # Waiting, removed or never joined: nothing to see.
    if person is None or person["status"] != Status.ADMITTED:
        raise Http404("Not in this room.")
    return found, state

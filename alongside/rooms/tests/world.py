"""A group facilitated by the cast's facilitator (Riverbend SMART), with online meetings whose
occurrence falls where a test needs it relative to now, and sockets into their rooms."""

from __future__ import annotations

import datetime as dt

from channels.testing import WebsocketCommunicator
from django.utils import timezone

from alongside.meetings.models import Group, Meeting, Program
from alongside.rooms.services.room import Room, room_of


def riverbend_group(cast: dict) -> Group:
    from alongside.meetings.catalog import ensure_programs

    ensure_programs()
    riverbend = cast["org_admin"].user.memberships.first().organization
    group, _c = Group.objects.get_or_create(
        slug="riverbend-smart",
        defaults={
            "name": "Riverbend SMART",
            "program": Program.objects.get(slug="smart"),
            "organization": riverbend,
        },
    )
    group.facilitators.get_or_create(user=cast["facilitator"].user)
    return group


def meeting_starting(
    cast: dict,
    *,
    minutes_from_now: int = -5,
    openness: str = "closed",
    duration: int = 60,
    slug: str = "room-meeting",
    attendance: str = "online",
) -> tuple[Meeting, Room]:
    """A daily online meeting (in UTC) whose occurrence today starts `minutes_from_now`."""
    from alongside.meetings import services

    group = riverbend_group(cast)  # and the programs, which a flushed database lacks
    starts = (timezone.now() + dt.timedelta(minutes=minutes_from_now)).replace(
        second=0, microsecond=0
    )
    meeting = services.save_meeting(
        meeting=Meeting(
            slug=slug,
            name="SMART online",
            program=Program.objects.get(slug="smart"),
            group=group,
            days=[0, 1, 2, 3, 4, 5, 6],
            start_time=starts.astimezone(dt.UTC).time(),
            duration_minutes=duration,
            time_zone="UTC",
            attendance=attendance,
            openness=openness,
        )
    )
    room = room_of(meeting, starts.astimezone(dt.UTC))
    assert room is not None
    return meeting, room


def room_path(room: Room) -> str:
    return f"/rooms/{room.meeting.pk}/{room.starts_param}/"


def socket_path(room: Room) -> str:
    return f"/ws/rooms/{room.meeting.pk}/{room.starts_param}/"


def socket_of(client, room: Room) -> WebsocketCommunicator:
    from alongside.asgi import application

    cookie = (
        f"sessionid={client.cookies['sessionid'].value}" if "sessionid" in client.cookies else ""
    )
    return WebsocketCommunicator(
        application,
        socket_path(room),
        headers=[(b"origin", b"http://testserver"), (b"cookie", cookie.encode())],
    )


async def next_of_kind(communicator: WebsocketCommunicator, kind: str, **match: object) -> dict:
    while True:
        message = await communicator.receive_json_from(timeout=10)
        if message.get("kind") == kind and all(message.get(k) == v for k, v in match.items()):
            return message

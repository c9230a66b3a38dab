"""The rooms API under /api/v1/rooms/: a room's state for people admitted to it, and their
join token for the video engine. The same access and services as the WebSocket."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from ninja import Router

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.api_errors import ApiError
from alongside.rooms import access
from alongside.rooms.schemas import RoomStateOut, VideoTokenOut
from alongside.rooms.services import live, video
from alongside.rooms.services.room import room_name

router = Router(tags=["rooms"])


@router.get(
    "/rooms/{meeting_id}/{starts}",
    response={200: RoomStateOut, 404: dict},
    summary="Who is in a live room, its raised hands and share timer (people admitted to it)",
    url_name="room_state",
)
def room_state(request: AuthenticatedHttpRequest, meeting_id: int, starts: str) -> dict[str, Any]:
    found, state = access.access_admitted_room(request.user, meeting_id, starts)
    room = found.room
    return {
        "starts_at": room.starts_at,
        "ends_at": room.ends_at,
        "closes_at": room.closes_at,
        "server_now": timezone.now(),
        "has_waiting_room": room.has_waiting_room,
        "people": live.people_out(state),
        **live.hands_out(state),
        "timer": live.timer_out(state),
    }


@router.post(
    "/rooms/{meeting_id}/{starts}/video-token",
    response={200: VideoTokenOut, 404: dict, 409: dict},
    summary="A short-lived token to join the room's video (people admitted to it)",
    url_name="room_video_token",
)
def room_video_token(
    request: AuthenticatedHttpRequest, meeting_id: int, starts: str
) -> dict[str, Any]:
    found, _state = access.access_admitted_room(request.user, meeting_id, starts)
    issued = video.issue_token(
        room=found.room.engine_room,
        person_id=found.person_id,
        name=room_name(request.user.handle, found.person_id),
        is_host=found.is_host,
    )
    if issued is None:
        raise ApiError(
            409, "no_video", "This room runs as a text meeting: no video engine is set up."
        )
    return {
        "engine": issued.engine,
        "token": issued.token,
        "expires_at": issued.expires_at,
        "embed_url": issued.embed_url,
    }

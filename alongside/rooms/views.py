"""The room page. What happens inside runs over the WebSocket (consumers.py); the page shows
the room's window in the viewer's zone and, when it is open, the room itself."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.meetings.views.common import viewer_time_zone
from alongside.rooms import access
from alongside.rooms.services import video
from alongside.rooms.services.room import Phase
from alongside.rooms.store import store


@login_required
def room(request: AuthenticatedHttpRequest, meeting_id: int, starts: str):
    found = access.access_room(request.user, meeting_id, starts)
    phase = found.room.phase(timezone.now())
    state = store().read(found.room.key) if phase is Phase.OPEN else None
    person = (state or {}).get("people", {}).get(found.person_id)
    origin = video.frame_origin() if phase is Phase.OPEN else ""
    response = render(
        request,
        "rooms/room.html",
        {
            "found": found,
            "room": found.room,
            "meeting": found.room.meeting,
            "phase": phase.value,
            "is_removed": person is not None and person["status"] == "removed",
            "viewer_tz": viewer_time_zone(request),
            "engine": video.engine() if origin else "",
            "has_handle": bool(request.user.handle.strip()),
        },
    )
    if origin:
        # The operator's video server, framed on this page only, with camera and microphone.
        response._csp_update = {"frame-src": [origin]}  # type: ignore[attr-defined]
        response["Permissions-Policy"] = (
            f'camera=(self "{origin}"), microphone=(self "{origin}"), '
            f'display-capture=(self "{origin}"), geolocation=(), payment=(), usb=()'
        )
    return response

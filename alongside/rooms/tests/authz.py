"""A live room is for signed-in people; its state and video token for those admitted to it
(facilitators always are). The subject is a closed online meeting of Riverbend SMART, which the
cast's facilitator facilitates and Riverbend's admin leads, whose room is open while the
matrix runs: nobody else has been let in, so everyone else gets 404 from the API.

The room's WebSocket joins the matrix as SOCKETS (walked by test_authz_socket.py): signed-out
people are refused (4401); everyone signed in reaches the waiting room; those who lead the
group come straight in."""

from __future__ import annotations

from alongside.testing.authz import ANON, LOGIN, NOT_FOUND, OK, UNAUTHENTICATED, Route

LEADERS = ("facilitator", "org_admin")


def _room(s: dict) -> str:
    return f"{s['room_meeting'].pk}/{s['room_starts']}"


ROUTES = [
    Route("rooms:room", lambda s: f"/rooms/{_room(s)}/", {ANON: LOGIN}, default=OK),
    Route(
        "GET /api/v1/rooms/{meeting_id}/{starts}",
        lambda s: f"/api/v1/rooms/{_room(s)}",
        {ANON: UNAUTHENTICATED, **{p: OK for p in LEADERS}},
        default=NOT_FOUND,
    ),
    Route(
        "POST /api/v1/rooms/{meeting_id}/{starts}/video-token",
        lambda s: f"/api/v1/rooms/{_room(s)}/video-token",
        # No video engine is configured in tests: the room runs as a text meeting (409).
        {ANON: UNAUTHENTICATED, **{p: 409 for p in LEADERS}},
        default=NOT_FOUND,
        method="post",
    ),
]

# The room's WebSocket: (persona, what the socket answers).
SOCKET_PATH = lambda s: f"/ws/rooms/{_room(s)}/"  # noqa: E731
SOCKETS = {ANON: 4401, **{p: "admitted" for p in LEADERS}}
SOCKET_DEFAULT = "waiting"


def subjects(cast: dict) -> dict:
    import datetime as dt

    from django.utils import timezone

    from alongside.meetings import services
    from alongside.meetings.catalog import ensure_programs
    from alongside.meetings.models import Group, Meeting, Program

    ensure_programs()
    smart = Program.objects.get(slug="smart")
    riverbend = cast["org_admin"].user.memberships.first().organization
    group, _c = Group.objects.get_or_create(
        slug="riverbend-smart",
        defaults={"name": "Riverbend SMART", "program": smart, "organization": riverbend},
    )
    group.facilitators.get_or_create(user=cast["facilitator"].user)
    starts = (
        (timezone.now() - dt.timedelta(minutes=5))
        .astimezone(dt.UTC)
        .replace(second=0, microsecond=0)
    )
    meeting = services.save_meeting(
        meeting=Meeting(
            slug="riverbend-smart-room",
            name="SMART live room",
            program=smart,
            group=group,
            days=[0, 1, 2, 3, 4, 5, 6],
            start_time=starts.time(),
            duration_minutes=90,
            time_zone="UTC",
            attendance="online",
            openness="closed",
        )
    )
    return {"room_meeting": meeting, "room_starts": starts.strftime("%Y%m%dT%H%MZ")}

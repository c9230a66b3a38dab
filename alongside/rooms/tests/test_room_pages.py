"""The meeting's page links to its room while the room is open; the API shows the room's state
to people admitted to it."""

from __future__ import annotations

import pytest

from alongside.rooms.services import live
from alongside.rooms.store import store
from alongside.rooms.tests.world import meeting_starting, room_path

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("minutes_from_now", "attendance", "linked"),
    [(-5, "online", True), (10, "hybrid", True), (60, "online", False), (-90, "online", False)],
)
def test_the_meetings_page_links_to_the_room_only_while_it_is_open(
    cast, client_as, minutes_from_now, attendance, linked
) -> None:
    meeting, room = meeting_starting(
        cast, minutes_from_now=minutes_from_now, duration=60, attendance=attendance
    )
    page = client_as("member").get(f"/meetings/m/{meeting.pk}/").content.decode()
    assert ("Join the room" in page) is linked
    assert (f'href="{room_path(room)}"' in page) is linked


def test_an_in_person_meeting_has_no_room(cast, client_as) -> None:
    meeting, room = meeting_starting(cast, attendance="online")
    meeting.attendance = "in_person"
    meeting.save(update_fields=["attendance"])
    assert client_as("member").get(room_path(room)).status_code == 404
    assert (
        "Join the room"
        not in client_as("member").get(f"/meetings/m/{meeting.pk}/").content.decode()
    )


def test_the_room_state_api_shows_people_hands_and_timer_to_those_admitted(
    cast, client_as, member, member2
) -> None:
    meeting, room = meeting_starting(cast, openness="closed")
    url = f"/api/v1/rooms/{meeting.pk}/{room.starts_param}"
    now = room.starts_at
    outcome, _c = store().change(
        room.key,
        room.closes_at,
        lambda s: live.join(s, room, user_id=member.pk, name="river", is_host=False, now=now),
    )
    assert outcome.answer is not None
    pid = outcome.answer["you"]["id"]
    assert client_as("member").get(url).status_code == 404  # waiting: nothing to see yet

    store().change(room.key, room.closes_at, lambda s: s["people"][pid].update(status="admitted"))
    store().change(room.key, room.closes_at, lambda s: live.hand(s, room, person_id=pid, up=True))
    answer = client_as("member").get(url)
    assert answer.status_code == 200
    body = answer.json()
    assert body["people"] == [
        {"id": pid, "name": "river", "is_host": False, "muted": False}
    ] and body["hands"] == [{"id": pid, "name": "river"}]
    assert body["timer"] is None and body["has_waiting_room"] is True
    assert client_as("member2").get(url).status_code == 404
    assert client_as(None).get(url).status_code == 401

"""The room over its WebSocket, through the real ASGI application: the waiting room, admitting,
raised hands in order, the share timer, chat, muting, removing, and the room's window."""

from __future__ import annotations

import datetime as dt

import pytest

from alongside.rooms.services.room import Room
from alongside.rooms.tests.world import meeting_starting, next_of_kind, room_path, socket_of
from alongside.testing.asyncio import run_async

pytestmark = pytest.mark.django_db(transaction=True)


async def joined(communicator) -> dict:
    connected, _code = await communicator.connect()
    assert connected
    return await next_of_kind(communicator, "state")


def test_in_a_closed_meeting_a_member_waits_until_the_facilitator_lets_them_in(
    cast, client_as
) -> None:
    _meeting, room = meeting_starting(cast, openness="closed")
    maya = socket_of(client_as("member"), room)
    host = socket_of(client_as("facilitator"), room)

    async def scenario() -> tuple[dict, dict, dict, dict]:
        waiting = await joined(maya)
        hosting = await joined(host)
        await maya.send_json_to({"type": "chat", "body": "Can I say something?"})
        refused_chat = await next_of_kind(maya, "error")
        await host.send_json_to({"type": "admit", "id": waiting["you"]["id"]})
        admitted = await next_of_kind(maya, "state")
        arrived = await next_of_kind(host, "person")
        while arrived["person"]["id"] != waiting["you"]["id"]:  # the host's own arrival first
            arrived = await next_of_kind(host, "person")
        await maya.disconnect()
        await host.disconnect()
        return waiting, hosting, admitted, {"chat": refused_chat, "arrived": arrived}

    waiting, hosting, admitted, seen = run_async(scenario())
    assert waiting["you"]["status"] == "waiting" and waiting["people"] == []
    assert waiting["chat"] == [] and waiting["waiting"] == []
    assert hosting["you"]["status"] == "admitted" and hosting["you"]["is_host"]
    assert hosting["waiting"] == [{"id": waiting["you"]["id"], "name": waiting["you"]["name"]}]
    assert seen["chat"]["message"] == "Wait until a facilitator lets you in."
    assert admitted["you"]["status"] == "admitted"
    assert {p["id"] for p in admitted["people"]} == {waiting["you"]["id"], hosting["you"]["id"]}
    assert seen["arrived"]["person"]["id"] == waiting["you"]["id"]


def test_in_an_open_meeting_members_come_straight_in_under_a_handle_never_their_name(
    cast, client_as, member, member2
) -> None:
    member2.handle = "river_rising"
    member2.save(update_fields=["handle"])
    _meeting, room = meeting_starting(cast, openness="open")
    maya = socket_of(client_as("member"), room)
    jordan = socket_of(client_as("member2"), room)

    async def scenario() -> tuple[dict, dict, dict]:
        first = await joined(maya)
        second = await joined(jordan)
        seen = await next_of_kind(maya, "person")
        while seen["person"]["id"] != second["you"]["id"]:  # her own arrival comes first
            seen = await next_of_kind(maya, "person")
        await maya.disconnect()
        await jordan.disconnect()
        return first, second, seen

    first, second, seen = run_async(scenario())
    assert first["you"]["status"] == second["you"]["status"] == "admitted"
    assert seen["person"]["name"] == "river_rising"
    # Maya has no handle: a member number, not "Maya O.", and no account id anywhere.
    assert first["you"]["name"].startswith("Member ") and "Maya" not in str(first)
    assert str(member.pk) not in first["you"]["id"] and "@" not in str(second)


def test_raised_hands_keep_their_order_and_the_facilitator_calls_the_first(cast, client_as) -> None:
    _meeting, room = meeting_starting(cast, openness="open")
    maya = socket_of(client_as("member"), room)
    jordan = socket_of(client_as("member2"), room)
    host = socket_of(client_as("facilitator"), room)

    async def scenario() -> list[dict]:
        me, them = await joined(maya), await joined(jordan)
        await joined(host)
        queues = []
        for sender, message in (
            (maya, {"type": "hand", "up": True}),
            (jordan, {"type": "hand", "up": True}),
            (maya, {"type": "hand", "up": False}),
            (maya, {"type": "hand", "up": True}),
        ):
            await sender.send_json_to(message)
            queues.append(await next_of_kind(host, "hands"))
        await jordan.send_json_to({"type": "next"})
        refused = await next_of_kind(jordan, "error")
        await host.send_json_to({"type": "next"})
        called = await next_of_kind(host, "hands")
        while called["speaker"] is None:
            called = await next_of_kind(host, "hands")
        queues.append(called)
        for s in (maya, jordan, host):
            await s.disconnect()
        return [me["you"]["id"], them["you"]["id"], refused, *queues]

    maya_id, jordan_id, refused, *queues = run_async(scenario())
    order = [[h["id"] for h in q["hands"]] for q in queues]
    assert order == [[maya_id], [maya_id, jordan_id], [jordan_id], [jordan_id, maya_id], [maya_id]]
    assert queues[-1]["speaker"]["id"] == jordan_id
    assert refused["message"] == "Only the meeting's facilitators can do that."


def test_the_share_timer_counts_from_the_servers_start_for_everyone(cast, client_as) -> None:
    _meeting, room = meeting_starting(cast, openness="open")
    maya = socket_of(client_as("member"), room)
    host = socket_of(client_as("facilitator"), room)
    late = socket_of(client_as("member2"), room)

    async def scenario() -> tuple[dict, dict, dict, dict]:
        await joined(maya)
        await joined(host)
        await host.send_json_to({"type": "timer", "minutes": 45})
        too_long = await next_of_kind(host, "error")
        await host.send_json_to({"type": "timer", "minutes": 3})
        started = await next_of_kind(maya, "timer")
        state = await joined(late)
        await host.send_json_to({"type": "timer_stop"})
        stopped = await next_of_kind(maya, "timer")
        for s in (maya, host, late):
            await s.disconnect()
        return too_long, started, state, stopped

    too_long, started, state, stopped = run_async(scenario())
    assert too_long["message"] == "Give a share time of 1 to 30 minutes."
    timer = started["timer"]
    begun = dt.datetime.fromisoformat(timer["started_at"])
    assert timer["minutes"] == 3
    assert dt.datetime.fromisoformat(timer["ends_at"]) - begun == dt.timedelta(minutes=3)
    assert state["timer"] == timer  # someone joining later counts down from the same instant
    assert stopped["timer"] is None


def test_chat_reaches_everyone_as_plain_text_within_its_length_and_rate_limits(
    cast, client_as
) -> None:
    _meeting, room = meeting_starting(cast, openness="open")
    maya = socket_of(client_as("member"), room)
    jordan = socket_of(client_as("member2"), room)
    late = socket_of(client_as("facilitator"), room)

    async def scenario() -> tuple[dict, dict, dict, list[dict], dict]:
        await joined(maya)
        await joined(jordan)
        await maya.send_json_to({"type": "chat", "body": "<b>Day 30</b> today"})
        sent = await next_of_kind(maya, "sent")
        arrived = await next_of_kind(jordan, "chat")
        await maya.send_json_to({"type": "chat", "body": "x" * 501})
        too_long = await next_of_kind(maya, "error")
        answers = []
        for n in range(5):
            await maya.send_json_to({"type": "chat", "body": f"line {n}"})
            answer = await maya.receive_json_from(timeout=10)
            while answer["kind"] not in {"sent", "error"}:
                answer = await maya.receive_json_from(timeout=10)
            answers.append(answer)
        state = await joined(late)
        for s in (maya, jordan, late):
            await s.disconnect()
        return sent, arrived, too_long, answers, state

    sent, arrived, too_long, answers, state = run_async(scenario())
    assert sent["kind"] == "sent"
    assert arrived["message"]["body"] == "<b>Day 30</b> today"  # shown as text by the page
    assert too_long["message"] == "Keep chat messages to 500 characters."
    # The sixth message in ten seconds is refused.
    assert [a["kind"] for a in answers] == ["sent"] * 4 + ["error"]
    assert answers[-1]["message"] == "You are sending messages quickly. Wait a few seconds."
    assert [m["body"] for m in state["chat"]][:1] == ["<b>Day 30</b> today"]


def test_a_member_muted_in_the_chat_cannot_post_until_unmuted(cast, client_as) -> None:
    _meeting, room = meeting_starting(cast, openness="open")
    maya = socket_of(client_as("member"), room)
    host = socket_of(client_as("facilitator"), room)

    async def scenario() -> tuple[dict, dict, dict, dict]:
        me = await joined(maya)
        await joined(host)
        await host.send_json_to({"type": "mute", "id": me["you"]["id"], "muted": True})
        told = await next_of_kind(maya, "you")
        await maya.send_json_to({"type": "chat", "body": "Hello?"})
        refused = await next_of_kind(maya, "error")
        await host.send_json_to({"type": "mute", "id": me["you"]["id"], "muted": False})
        await next_of_kind(maya, "you")
        await maya.send_json_to({"type": "chat", "body": "Thanks"})
        sent = await next_of_kind(maya, "sent")
        await maya.disconnect()
        await host.disconnect()
        return told, refused, sent, me

    told, refused, sent, _me = run_async(scenario())
    assert told["you"]["muted"] is True
    assert refused["message"] == "A facilitator muted you in the chat."
    assert sent["kind"] == "sent"


def test_someone_removed_is_put_out_and_cannot_come_back_to_this_occurrence(
    cast, client_as
) -> None:
    _meeting, room = meeting_starting(cast, openness="open")
    maya_client = client_as("member")
    maya = socket_of(maya_client, room)
    host = socket_of(client_as("facilitator"), room)

    async def scenario() -> tuple[dict, object, dict, object]:
        me = await joined(maya)
        await joined(host)
        await host.send_json_to({"type": "remove", "id": me["you"]["id"]})
        told = await next_of_kind(maya, "refused")
        closed = await maya.receive_output(timeout=10)
        again = socket_of(maya_client, room)
        await again.connect()
        refused = await next_of_kind(again, "refused")
        closed_again = await again.receive_output(timeout=10)
        await host.disconnect()
        return told, closed, refused, closed_again

    told, closed, refused, closed_again = run_async(scenario())
    assert told["reason"] == "removed" and closed == {"type": "websocket.close", "code": 4403}
    assert refused["reason"] == "removed" and closed_again["code"] == 4403  # type: ignore[index]
    page = maya_client.get(room_path(room)).content.decode()
    assert "A facilitator removed you from this meeting's room." in page


@pytest.mark.parametrize(
    ("minutes_from_now", "reason", "code", "page_words"),
    [
        (120, "not_open", 4408, "The room is not open yet. It opens at"),
        (-180, "closed", 4410, "This meeting's room has closed."),
    ],
)
def test_before_it_opens_and_after_it_closes_the_room_says_so(
    cast, client_as, minutes_from_now, reason, code, page_words
) -> None:
    _meeting, room = meeting_starting(cast, minutes_from_now=minutes_from_now)
    client = client_as("member")
    communicator = socket_of(client, room)

    async def scenario() -> tuple[dict, dict]:
        connected, _code = await communicator.connect()
        assert connected
        answer = await next_of_kind(communicator, "refused")
        return answer, await communicator.receive_output(timeout=10)

    answer, closed = run_async(scenario())
    assert answer["reason"] == reason and answer["message"]
    assert closed == {"type": "websocket.close", "code": code}
    page = client.get(room_path(room))
    assert page.status_code == 200 and page_words in page.content.decode()
    assert "(America/Chicago)" in page.content.decode()  # Maya's zone, named


def test_nobody_signed_out_joins_and_a_meeting_without_a_room_is_not_found(cast, client_as) -> None:
    meeting, room = meeting_starting(cast)
    in_person = Room(meeting, room.starts_at, room.ends_at)
    meeting.attendance = "in_person"
    meeting.save(update_fields=["attendance"])

    sockets = [socket_of(client_as(None), in_person), socket_of(client_as("member"), in_person)]

    async def codes() -> list[tuple[object, object]]:
        found = []
        for communicator in sockets:
            connected, code = await communicator.connect()
            found.append((connected, code))
        return found

    assert run_async(codes()) == [(False, 4401), (False, 4404)]

"""Live delivery over WebSockets: through the real ASGI application (session cookie, origin
check, routing), and between two real server processes sharing Redis."""

from __future__ import annotations

import json
import os
import socket
import time
from urllib.parse import urlparse

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import override_settings
from django.utils import timezone

from alongside.messaging import services
from alongside.messaging.models import Message, Partnership
from alongside.testing.asyncio import run_async

pytestmark = pytest.mark.django_db(transaction=True)


def socket_of(client, other) -> WebsocketCommunicator:
    """The socket the conversation page with `other` opens, signed in as the client's session."""
    from alongside.asgi import application

    session = client.cookies["sessionid"].value
    return WebsocketCommunicator(
        application,
        f"/ws/messages/{other.pk}/",
        headers=[(b"origin", b"http://testserver"), (b"cookie", f"sessionid={session}".encode())],
    )


def partners(one, other) -> None:
    Partnership.objects.create(asked_by=one, partner=other, confirmed_at=timezone.now())


async def next_of_kind(communicator: WebsocketCommunicator, kind: str) -> dict:
    while True:
        message = await communicator.receive_json_from(timeout=10)
        if message.get("kind") == kind:
            return message


def test_a_message_sent_over_one_socket_arrives_on_the_other_persons_open_page(
    client_as, member, member2
) -> None:
    partners(member, member2)
    maya_socket = socket_of(client_as("member"), member2)
    jordan_socket = socket_of(client_as("member2"), member)

    async def scenario() -> tuple[dict, dict, dict]:
        assert (await maya_socket.connect())[0] and (await jordan_socket.connect())[0]
        await maya_socket.send_json_to({"type": "send", "body": "Made it to day 30!"})
        arrived = await next_of_kind(jordan_socket, "message")
        answer = await next_of_kind(maya_socket, "sent")
        echoed = await next_of_kind(maya_socket, "message")  # her other tabs see it too
        await maya_socket.disconnect()
        await jordan_socket.disconnect()
        return arrived, answer, echoed

    arrived, answer, echoed = run_async(scenario())
    assert arrived["body"] == "Made it to day 30!" and arrived["sender"] == "Maya O."
    assert arrived["sender_id"] == member.pk and "email" not in arrived
    stored = Message.objects.get()
    assert answer == {"kind": "sent", "id": stored.pk} and echoed["id"] == stored.pk
    assert stored.body == "Made it to day 30!"
    # Jordan had the page open, so it counts as read there.
    for _ in range(50):
        stored.refresh_from_db()
        if stored.read_at is not None:
            break
        time.sleep(0.05)
    assert stored.read_at is not None and services.unread_total(member2) == 0


def test_a_message_sent_by_the_plain_form_also_arrives_live(client_as, member, member2) -> None:
    partners(member, member2)
    maya = client_as("member")
    jordan_socket = socket_of(client_as("member2"), member)

    async def scenario() -> dict:
        assert (await jordan_socket.connect())[0]
        response = await database_sync_to_async(maya.post)(
            f"/messages/with/{member2.pk}/", {"body": "Call me tonight?"}
        )
        assert response.status_code == 302
        arrived = await next_of_kind(jordan_socket, "message")
        await jordan_socket.disconnect()
        return arrived

    assert run_async(scenario())["body"] == "Call me tonight?"


def test_a_message_to_an_open_page_brings_no_notice_and_after_it_closes_one_does(
    client_as, member, member2
) -> None:
    from alongside.notifications.models import InAppNotification

    partners(member, member2)
    maya = client_as("member")
    jordan_socket = socket_of(client_as("member2"), member)

    def send(body: str) -> None:
        response = maya.post(f"/messages/with/{member2.pk}/", {"body": body})
        assert response.status_code == 302

    async def open_page_then_close() -> None:
        assert (await jordan_socket.connect())[0]
        await database_sync_to_async(send)("Are you at the meeting?")
        await next_of_kind(jordan_socket, "message")
        await jordan_socket.disconnect()

    run_async(open_page_then_close())
    assert not InAppNotification.objects.filter(user=member2).exists()

    # The page is closed and what it showed was read long ago: the next message is announced.
    Message.objects.update(read_at=timezone.now() - services.ACTIVE_WINDOW * 2)
    send("Saved you a seat")
    assert InAppNotification.objects.filter(user=member2, kind="message").count() == 1


def test_a_socket_to_someone_without_a_relationship_is_refused(client_as, member, member2) -> None:
    communicator = socket_of(client_as("member"), member2)

    async def scenario() -> tuple[bool, object]:
        connected, code = await communicator.connect()
        return connected, code

    assert run_async(scenario()) == (False, 4404)


def test_bad_input_over_the_socket_is_answered_and_nothing_saved(
    client_as, member, member2
) -> None:
    partners(member, member2)
    communicator = socket_of(client_as("member"), member2)

    async def scenario() -> list[dict]:
        assert (await communicator.connect())[0]
        answers = []
        for body in ("   ", "z" * 2001):
            await communicator.send_json_to({"type": "send", "body": body})
            answers.append(await next_of_kind(communicator, "error"))
        await communicator.disconnect()
        return answers

    empty, long = run_async(scenario())
    assert empty == {"kind": "error", "field": "body", "message": "Write a message before sending."}
    assert long["field"] == "body" and "up to 2,000 characters" in long["message"]
    assert not Message.objects.exists()


def test_blocking_closes_the_blocked_persons_open_page(client_as, member, member2) -> None:
    partners(member, member2)
    jordan_socket = socket_of(client_as("member2"), member)

    async def scenario() -> dict:
        assert (await jordan_socket.connect())[0]
        await database_sync_to_async(services.block)(blocker=member, blocked=member2)
        return await jordan_socket.receive_output(timeout=10)

    assert run_async(scenario()) == {"type": "websocket.close", "code": 4404}


@override_settings(
    CHANNEL_LAYERS={
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": "redis://127.0.0.1:9/0", "socket_timeout": 1}]},
        }
    }
)
def test_with_the_channel_layer_down_a_message_is_still_saved_and_shows_on_the_next_load(
    client_as, member, member2
) -> None:
    partners(member, member2)
    response = client_as("member").post(f"/messages/with/{member2.pk}/", {"body": "Still here"})
    assert response.status_code == 302
    assert Message.objects.get().body == "Still here"
    page = client_as("member2").get(f"/messages/with/{member.pk}/").content.decode()
    assert "Still here" in page


# ---------------------------------------------------------------- two servers sharing Redis

SETUP = """
from django.test import Client
from django.utils import timezone
from alongside.accounts.cast import build_cast
from alongside.messaging.models import Partnership
cast = build_cast(with_mfa=False)
maya, jordan = cast["member"].user, cast["member2"].user
Partnership.objects.get_or_create(asked_by=maya, partner=jordan, defaults={"confirmed_at": timezone.now()})
out = {}
for key, person in (("maya", maya), ("jordan", jordan)):
    client = Client()
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    out[key] = {"id": person.pk, "session": client.cookies["sessionid"].value}
print(__import__("json").dumps(out))
"""


def redis_answering(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or 6379), 1
        ) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.mark.own_processes  # on this machine's Redis in either pass of CI
def test_two_server_processes_sharing_redis_deliver_to_each_others_pages(tmp_path) -> None:
    from alongside.testing.server import migrated, run_cli, served
    from alongside.testing.websocket import Client

    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    if not redis_answering(redis_url):
        pytest.skip(f"Redis does not answer at {redis_url}")
    env = {
        "ALONGSIDE_DATA_DIR": str(tmp_path),
        "ALONGSIDE_ENV": "development",
        "REDIS_URL": redis_url,
    }
    migrated(env)
    made = run_cli(env, "manage", "shell", "-c", SETUP)
    assert made.returncode == 0, made.stderr
    people = json.loads(made.stdout.strip().splitlines()[-1])
    maya, jordan = people["maya"], people["jordan"]
    with served(env) as port_a, served(env) as port_b:
        on_a = Client.open(port_a, f"/ws/messages/{jordan['id']}/", maya["session"])
        on_b = Client.open(port_b, f"/ws/messages/{maya['id']}/", jordan["session"])
        try:
            time.sleep(0.3)  # both group subscriptions are in Redis before the send
            on_a.send_json({"type": "send", "body": "Across two servers"})
            arrived = on_b.receive_json(timeout=10)
            while arrived.get("kind") != "message":
                arrived = on_b.receive_json(timeout=10)
            assert arrived["body"] == "Across two servers" and arrived["sender"] == "Maya O."
            on_b.send_json({"type": "send", "body": "And back"})
            back = on_a.receive_json(timeout=10)
            while back.get("kind") != "message" or back["sender_id"] != jordan["id"]:
                back = on_a.receive_json(timeout=10)
            assert back["body"] == "And back" and back["sender"] == "JustJordan"
        finally:
            on_a.close()
            on_b.close()

"""Production refuses unsafe set-ups; signed-in answers are never stored; a person's open
WebSockets close when their sign-in ends."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Iterator

import pytest
from channels.db import database_sync_to_async
from channels.testing.websocket import WebsocketCommunicator
from cryptography.fernet import Fernet
from django.core import mail
from django.test import Client

from alongside.accounts.cast import DEMO_PASSWORD
from alongside.accounts.sensitive import Credential
from alongside.testing.asyncio import run_async
from alongside.testing.server import (
    ROOT,
    clean_env,
    free_port,
    get,
    migrated,
    run_cli,
    served,
    signed_in,
)


def _production(tmp_path, **extra: str) -> dict[str, str]:
    """A production environment that starts: every secret and the mail server set."""
    return {
        "ALONGSIDE_ENV": "production",
        "ALONGSIDE_DATA_DIR": str(tmp_path),
        "ALONGSIDE_SECRET_KEY": Fernet.generate_key().decode() + Fernet.generate_key().decode(),
        "ALONGSIDE_FIELD_KEYS": Fernet.generate_key().decode(),
        "ALONGSIDE_ALLOWED_HOSTS": "alongside.example.org",
        "ALONGSIDE_EMAIL_URL": "smtp://alongside:secret@smtp.example.org:587",
        **extra,
    }


def _check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean_env(env),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.own_processes
def test_production_starts_with_a_mail_server_and_refuses_to_without_one(tmp_path) -> None:
    assert _check(_production(tmp_path)).returncode == 0
    env = _production(tmp_path)
    del env["ALONGSIDE_EMAIL_URL"]
    result = _check(env)
    assert result.returncode != 0
    assert "ALONGSIDE_EMAIL_URL is not set" in result.stderr
    assert "smtp://user:password@smtp.example.org:587" in result.stderr


@pytest.mark.own_processes
def test_production_with_several_workers_refuses_to_start_without_a_shared_cache(tmp_path) -> None:
    assert _check(_production(tmp_path, ALONGSIDE_WORKERS="1")).returncode == 0
    result = _check(_production(tmp_path, ALONGSIDE_WORKERS="3"))
    assert result.returncode != 0
    assert "REDIS_URL is not set, and 3 worker processes are to serve" in result.stderr


@pytest.mark.own_processes
def test_alongside_serve_with_two_workers_and_no_redis_refuses_and_serves_nothing(tmp_path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "alongside.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=clean_env(_production(tmp_path)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _out, err = server.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        raise AssertionError("`alongside serve --workers 2` started without REDIS_URL") from None
    assert server.returncode == 1
    assert "REDIS_URL is not set, and 2 worker processes are to serve" in err
    assert "set REDIS_URL" in err and "--workers 1" in err
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def _dump(database) -> list[str]:
    with sqlite3.connect(database) as connection:
        return list(connection.iterdump())


@pytest.mark.own_processes
def test_demo_data_refuses_to_run_in_production_and_changes_nothing(tmp_path) -> None:
    env = _production(tmp_path)
    # A migrated database (copied from this test process's migrated one: migrating takes a
    # CPU-bound quarter of a minute, and what is checked is that nothing in it changes).
    template = tmp_path / "migrated"
    migrated({"ALONGSIDE_DATA_DIR": str(template), "ALONGSIDE_ENV": "development"})
    source = sqlite3.connect(template / "alongside.sqlite3")
    copy = sqlite3.connect(tmp_path / "alongside.sqlite3")
    source.backup(copy)
    source.close()
    copy.close()
    before = _dump(tmp_path / "alongside.sqlite3")
    result = run_cli(env, "manage", "demo_data")
    assert result.returncode != 0
    assert "does not run in production" in result.stderr and "Nothing was changed" in result.stderr
    assert _dump(tmp_path / "alongside.sqlite3") == before
    assert "Demo logins" not in result.stdout


# Responses to a signed-in person are never stored.


@pytest.fixture
def calendar_download(db) -> str:
    """A download anyone may fetch: one meeting's calendar file."""
    import datetime

    from alongside.meetings.catalog import ensure_programs
    from alongside.meetings.models import Meeting, Program
    from alongside.meetings.services import save_meeting

    ensure_programs()
    meeting = save_meeting(
        meeting=Meeting(
            slug="tuesday-night",
            name="Tuesday Night",
            program=Program.objects.get(slug="aa"),
            days=[2],
            start_time=datetime.time(19),
            time_zone="America/Chicago",
            attendance="in_person",
            latitude=41.9287,
            longitude=-87.6440,
            formatted_address="642 W Deming Pl, Chicago, IL 60614",
        )
    )
    return f"/meetings/m/{meeting.pk}/calendar.ics"


def test_a_signed_in_persons_pages_api_answers_and_downloads_are_not_stored(
    client_as, calendar_download
) -> None:
    member = client_as("member")
    for path in ["/home/", "/account/profile/", "/api/v1/me", calendar_download]:
        response = member.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "no-store, private", path


def test_an_api_answer_to_a_token_is_not_stored(cast) -> None:
    from alongside.accounts.models import ApiToken

    key = ApiToken.new_key()
    ApiToken.objects.create(user=cast["member"].user, name="phone", key_hash=ApiToken.hash_key(key))
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


def test_public_pages_downloads_and_static_files_keep_their_own_caching(
    client, calendar_download
) -> None:
    for path in ["/", "/help/", calendar_download, "/static/css/alongside.css"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" not in response.get("Cache-Control", ""), path


# A person's open WebSockets close when their sign-in ends.


def _socket_of(client: Client) -> WebsocketCommunicator:
    """The notifications socket a page signed in with this client's session would open."""
    from alongside.asgi import application

    session = client.cookies["sessionid"].value
    return WebsocketCommunicator(
        application,
        "/ws/notifications/",
        headers=[(b"origin", b"http://testserver"), (b"cookie", f"sessionid={session}".encode())],
    )


def _closed_after(socket_client: Client, act) -> dict:
    """Open the socket, check it works, do `act` (in a thread, as a request would be), and
    return the next thing the server sends on the socket."""
    from alongside.notifications.services import push_to_user

    communicator = _socket_of(socket_client)
    user_id = int(socket_client.session["_auth_user_id"])

    async def scenario() -> dict:
        connected, _ = await communicator.connect()
        assert connected
        await database_sync_to_async(push_to_user)(user_id=user_id, payload={"kind": "hello"})
        assert await communicator.receive_json_from(timeout=20) == {"kind": "hello"}
        await database_sync_to_async(act)()
        message = await communicator.receive_output(timeout=20)
        await communicator.wait()
        return message

    return run_async(scenario())


@pytest.mark.django_db(transaction=True)
def test_signing_out_in_another_client_closes_the_persons_open_websocket(client_as) -> None:
    phone, laptop = client_as("member"), client_as("member")
    message = _closed_after(phone, lambda: laptop.post("/accounts/logout/"))
    assert message == {"type": "websocket.close", "code": 4401}


@pytest.mark.django_db(transaction=True)
def test_a_password_change_closes_the_persons_open_websocket(client_as) -> None:
    phone, laptop = client_as("member"), client_as("member")
    new = "a-new-and-longer-password-2026"

    def change() -> None:
        response = laptop.post(
            "/accounts/password/change/",
            {"oldpassword": DEMO_PASSWORD, "password1": new, "password2": new},
        )
        assert response.status_code == 302, response.content.decode()[:500]

    assert _closed_after(phone, change) == {"type": "websocket.close", "code": 4401}


@pytest.mark.django_db(transaction=True)
def test_a_password_reset_closes_the_persons_open_websocket(client_as, cast) -> None:
    phone, stranger = client_as("member"), Client()
    new = "a-new-and-longer-password-2026"

    def reset() -> None:
        stranger.post("/accounts/password/reset/", {"email": cast["member"].user.email})
        body: str = mail.outbox[-1].body  # type: ignore[assignment]  # a sent message's body is text
        link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", body)
        assert link is not None
        form = stranger.get(link.group(1), follow=True)
        response = stranger.post(form.request["PATH_INFO"], {"password1": new, "password2": new})
        assert response.status_code == 302, response.content.decode()[:500]

    assert _closed_after(phone, reset) == {"type": "websocket.close", "code": 4401}


@pytest.mark.django_db(transaction=True)
def test_erasing_an_account_closes_its_open_websockets(client_as, cast) -> None:
    from alongside.privacy.services import erase_member

    phone = client_as("member")
    message = _closed_after(
        phone,
        lambda: erase_member(
            member=cast["member"].user, credential=Credential.for_setup(cast["member"].user)
        ),
    )
    assert message == {"type": "websocket.close", "code": 4401}


@pytest.mark.django_db(transaction=True)
def test_a_websocket_of_someone_else_stays_open_when_a_person_signs_out(client_as) -> None:
    from alongside.notifications.services import push_to_user

    other, member = client_as("member2"), client_as("member")
    communicator = _socket_of(other)
    user_id = int(other.session["_auth_user_id"])

    async def scenario() -> dict:
        connected, _ = await communicator.connect()
        assert connected
        await database_sync_to_async(member.post)("/accounts/logout/")
        await database_sync_to_async(push_to_user)(user_id=user_id, payload={"kind": "still here"})
        message = await communicator.receive_json_from(timeout=20)
        await communicator.disconnect()
        return message

    assert run_async(scenario()) == {"kind": "still here"}


# Across two server processes sharing Redis.


def _open_websocket(port: int, session: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
    sock.sendall(
        f"GET /ws/notifications/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: http://127.0.0.1:{port}\r\nCookie: sessionid={session}\r\n\r\n".encode()
    )
    handshake = b""
    while b"\r\n\r\n" not in handshake:
        handshake += sock.recv(1)
    assert handshake.startswith(b"HTTP/1.1 101"), handshake
    return sock


def _close_code(sock: socket.socket) -> int:
    """Read frames until the server's close frame; its status code."""

    def exactly(n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            assert chunk, "the connection ended without a close frame"
            data += chunk
        return data

    while True:
        first, second = exactly(2)
        length = second & 0x7F
        if length == 126:
            length = struct.unpack("!H", exactly(2))[0]
        elif length == 127:
            length = struct.unpack("!Q", exactly(8))[0]
        payload = exactly(length)
        if first & 0x0F == 0x8:
            return struct.unpack("!H", payload[:2])[0]


@pytest.fixture
def redis_url() -> Iterator[str]:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.skip("REDIS_URL is not set (CI runs this with Redis)")
    yield url


def test_signing_out_on_one_server_closes_the_persons_websocket_on_another(
    tmp_path, redis_url
) -> None:
    env = {
        "ALONGSIDE_DATA_DIR": str(tmp_path),
        "ALONGSIDE_ENV": "development",
        "REDIS_URL": redis_url,
    }
    migrated(env)
    phone_session = signed_in(env, email="robin@example.org", first_name="Robin")
    laptop_session = signed_in(env, email="robin@example.org", first_name="Robin")
    with served(env) as port_a, served(env) as port_b:
        websocket = _open_websocket(port_a, phone_session)
        # The laptop signs out through the other server, as a browser would (with its CSRF token).
        _status, headers, _page = get(port_b, "/account/profile/", session=laptop_session)
        csrf = re.search(r"csrftoken=([^;]+)", " ".join(headers.get_all("Set-Cookie", []))).group(1)
        with socket.create_connection(("127.0.0.1", port_b), timeout=20) as http:
            body = f"csrfmiddlewaretoken={csrf}".encode()
            http.sendall(
                f"POST /accounts/logout/ HTTP/1.1\r\nHost: 127.0.0.1:{port_b}\r\nConnection: close\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
                f"Cookie: sessionid={laptop_session}; csrftoken={csrf}\r\n\r\n".encode()
                + body
            )
            assert http.recv(12) == b"HTTP/1.1 302"
        with websocket:
            assert _close_code(websocket) == 4401

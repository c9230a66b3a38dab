"""Settings, headers, the worker, WebSockets and the CLI: the platform under every app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from channels.testing.websocket import WebsocketCommunicator
from cryptography.fernet import Fernet

from alongside.testing.asyncio import run_async
from alongside.testing.server import migrated

ROOT = Path(__file__).resolve().parents[2]


def _run(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ALONGSIDE_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.own_processes
def test_production_refuses_to_start_without_its_secret_key(tmp_path) -> None:
    result = _run(
        {"ALONGSIDE_ENV": "production", "ALONGSIDE_DATA_DIR": str(tmp_path)}, "manage.py", "check"
    )
    assert result.returncode != 0
    assert "ALONGSIDE_SECRET_KEY is not set" in result.stderr


@pytest.mark.own_processes
def test_production_names_a_bad_encryption_key(tmp_path) -> None:
    result = _run(
        {
            "ALONGSIDE_ENV": "production",
            "ALONGSIDE_DATA_DIR": str(tmp_path),
            "ALONGSIDE_SECRET_KEY": "x" * 64,
            "ALONGSIDE_FIELD_KEYS": "not-a-key",
            "ALONGSIDE_ALLOWED_HOSTS": "alongside.example.org",
            "ALONGSIDE_EMAIL_URL": "smtp://alongside:secret@smtp.example.org:587",
        },
        "-c",
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='alongside.settings'; django.setup();"
        "from alongside.lib import crypto; crypto.encrypt('x')",
    )
    assert "ALONGSIDE_FIELD_KEYS holds a value that is not a Fernet key" in result.stderr


@pytest.mark.own_processes
def test_check_deploy_is_clean_under_production_settings(tmp_path) -> None:
    result = _run(
        {
            "ALONGSIDE_ENV": "production",
            "ALONGSIDE_DATA_DIR": str(tmp_path),
            "ALONGSIDE_SECRET_KEY": Fernet.generate_key().decode() + Fernet.generate_key().decode(),
            "ALONGSIDE_FIELD_KEYS": Fernet.generate_key().decode(),
            "ALONGSIDE_ALLOWED_HOSTS": "alongside.example.org",
            "ALONGSIDE_EMAIL_URL": "smtp://alongside:secret@smtp.example.org:587",
        },
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_local_secrets_are_generated_once_into_the_data_folder(tmp_path) -> None:
    from alongside.lib.secrets import ensure_fernet_keys, ensure_secret_key

    first = ensure_secret_key(tmp_path)
    assert ensure_secret_key(tmp_path) == first and len(first) >= 50
    keys = ensure_fernet_keys(tmp_path)
    assert ensure_fernet_keys(tmp_path) == keys
    Fernet(keys[0].encode())
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


@pytest.mark.django_db
def test_pages_carry_security_headers_and_a_csp_without_inline_scripts(client) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "geolocation=(self)" in response["Permissions-Policy"]
    page = response.content.decode()
    assert "<script>" not in page and "onclick=" not in page
    assert '<a class="skip-link" href="#main">' in page
    assert "/static/vendor/htmx.min.js" in page


def test_no_page_or_script_loads_anything_from_another_origin() -> None:
    offenders = []
    for path in (ROOT / "alongside").rglob("*"):
        # Test tools and test data (a third-party finder the tests drive) are never served.
        if (
            path.suffix in {".html", ".css", ".js"}
            and "testing/vendor" not in str(path)
            and "tests" not in path.parts
        ):
            text = path.read_text(errors="ignore")
            for marker in ("https://", "http://", "//cdn", "fonts.googleapis"):
                if marker in text and "vendor/htmx" not in str(path):
                    offenders.append(f"{path.relative_to(ROOT)}: {marker}")
    assert not offenders


@pytest.mark.django_db(transaction=True)
def test_notifications_reach_the_persons_open_websocket(cast) -> None:
    from channels.db import database_sync_to_async

    from alongside.asgi import application
    from alongside.notifications.consumers import NotificationConsumer
    from alongside.notifications.services import push_to_user

    user = cast["member"].user

    async def scenario() -> dict:
        communicator = WebsocketCommunicator(NotificationConsumer.as_asgi(), "/ws/notifications/")
        communicator.scope["user"] = user
        connected, _ = await communicator.connect()
        assert connected
        await database_sync_to_async(push_to_user)(user_id=user.pk, payload={"kind": "hello"})
        message = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return message

    assert run_async(scenario()) == {"kind": "hello"}
    assert application is not None


def test_the_server_keeps_what_startup_made_out_of_the_garbage_collectors_walks() -> None:
    """A full collection over Django's startup objects pauses every open page of a process for
    about 100 ms (alongside/asgi.py): the ASGI application freezes them once loaded."""
    import gc

    from django.urls import get_resolver

    import alongside.asgi  # noqa: F401  # loading the server's application freezes

    assert gc.get_freeze_count() > 50_000
    assert gc.isenabled()  # the collector still runs for what requests and sockets make
    assert get_resolver().url_patterns  # the URLs were loaded before freezing


def test_anonymous_websockets_are_refused() -> None:
    from django.contrib.auth.models import AnonymousUser

    from alongside.notifications.consumers import NotificationConsumer

    async def scenario() -> bool:
        communicator = WebsocketCommunicator(NotificationConsumer.as_asgi(), "/ws/notifications/")
        communicator.scope["user"] = AnonymousUser()
        connected, _ = await communicator.connect()
        return connected

    assert run_async(scenario()) is False


@pytest.mark.own_processes
def test_cli_demo_sets_up_twice_and_prints_a_login_for_every_role(tmp_path) -> None:
    env = {"ALONGSIDE_DATA_DIR": str(tmp_path), "ALONGSIDE_ENV": "development"}
    # A fresh folder: the first run migrates from nothing, as on a newcomer's machine.
    first = _run(env, "-m", "alongside.cli", "demo", "--no-serve", timeout=300)
    second = _run(env, "-m", "alongside.cli", "demo", "--no-serve", timeout=300)
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    for role in [
        "member",
        "mentor",
        "peer_specialist",
        "counselor",
        "facilitator",
        "house_manager",
        "ally",
        "org_admin",
        "outsider",
    ]:
        assert f"\n{role} " in second.stdout
    assert (tmp_path / "alongside.sqlite3").exists()
    wal = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sqlite3; print(sqlite3.connect('{tmp_path / 'alongside.sqlite3'}').execute('pragma journal_mode').fetchone()[0])",
        ],
        capture_output=True,
        text=True,
    )
    assert wal.stdout.strip() == "wal"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _load_then_hang_up(port: int, clients: int, seconds: float) -> None:
    """Keep-alive requests from many clients for a while; then each sends one more and closes
    its connection without waiting for the answer."""
    import http.client
    import threading
    import time

    stop = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            conn.request("GET", "/healthz")
            conn.getresponse().read()
        conn.sock.sendall(f"GET /help/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        conn.sock.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.mark.own_processes
def test_alongside_serve_answers_http_and_websocket_on_one_port(tmp_path) -> None:
    import socket
    import time
    import urllib.error
    import urllib.request

    env = {"ALONGSIDE_DATA_DIR": str(tmp_path), "ALONGSIDE_ENV": "development"}
    migrated(env)
    port = _free_port()
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ALONGSIDE_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "alongside.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env={**clean, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so that a server that will not stop can be killed with its workers
    )
    try:
        for _ in range(100):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        assert body == b"ok"
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/help/", timeout=5).read().decode()  # noqa: S310
        assert "988" in page
        # A form post with a body goes through too (the CSRF check reads the body first).
        posted = urllib.request.Request(  # noqa: S310
            f"http://127.0.0.1:{port}/i18n/setlang/",
            data=b"language=es",
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            status = urllib.request.urlopen(posted, timeout=5).status  # noqa: S310
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == 403  # refused for its missing CSRF token, not a server error
        # An anonymous WebSocket handshake reaches Channels, which refuses it.
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(
                f"GET /ws/notifications/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                f"Sec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:{port}\r\n\r\n".encode()
            )
            status = sock.recv(1024).split(b"\r\n", 1)[0]
        assert status in (b"HTTP/1.1 403 Forbidden", b"HTTP/1.1 101 Switching Protocols"), status
        # Clients that hang up with a request in flight (a load generator stopping, a phone
        # losing signal), then a stop signal at once: the server still exits.
        _load_then_hang_up(port, clients=32, seconds=1.0)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            raise AssertionError("`alongside serve` did not stop within 20 s of SIGTERM") from None
    # Stopping the command stops the server itself (nothing is left serving the port).
    assert _eventually(lambda: not _serves(port)), (
        f"port {port} is still served after `alongside serve` was stopped"
    )


@pytest.mark.own_processes
def test_demo_server_stops_with_the_command(tmp_path) -> None:
    """`alongside demo` keeps its server as a child: a stop signal to the command stops it too."""
    port = _free_port()
    child = f"import socket, time; s = socket.socket(); s.bind(('127.0.0.1', {port})); s.listen(); time.sleep(60)"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sys; from alongside.cli import _in_foreground; sys.exit(_in_foreground([sys.executable, '-c', {child!r}]))",
        ],
        cwd=ROOT,
    )
    try:
        assert _eventually(lambda: _serves(port), seconds=10), "the child server never listened"
    finally:
        parent.terminate()
        parent.wait(timeout=10)
    assert _eventually(lambda: not _serves(port)), "the child server outlived the command"


def _serves(port: int) -> bool:
    """Whether something accepts connections on this local port."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def _eventually(condition, seconds: float = 5.0) -> bool:
    """Whether `condition()` comes true within `seconds`, checked every tenth of a second."""
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.mark.own_processes
def test_a_sqlite_database_url_is_used_as_given(tmp_path) -> None:
    database = tmp_path / "given.sqlite3"
    result = _run(
        {
            "ALONGSIDE_ENV": "development",
            "ALONGSIDE_DATA_DIR": str(tmp_path / "data"),
            "DATABASE_URL": f"sqlite:///{database}",
        },
        "-c",
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='alongside.settings'; django.setup();"
        "from django.db import connection; connection.cursor().execute('select 1'); print(connection.settings_dict['NAME'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(database) and database.exists()

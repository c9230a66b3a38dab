"""Slow and oversized request bodies against the real server (`alongside serve` on 127.0.0.1).

The server reads each body in its event loop before a thread takes the request; these tests
hold bodies back, or send too much, over raw sockets, and check what everyone else gets.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Iterator

import pytest

from alongside.testing.server import get, migrated, served, signed_in

pytestmark = pytest.mark.own_processes

# The body the trickling clients promise: at one byte per pass it never arrives in time.
PROMISED = 2000


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[int, str]]:
    """One served app for this module (migrating takes a while): its port and Robin's session.
    Request bodies have five seconds to arrive."""
    data = tmp_path_factory.mktemp("served")
    env = {
        "ALONGSIDE_DATA_DIR": str(data),
        "ALONGSIDE_ENV": "development",
        "ALONGSIDE_REQUEST_BODY_SECONDS": "5",
    }
    migrated(env)
    session = signed_in(env, email="robin@example.org", first_name="Robin")
    with served(env) as port:
        yield port, session


def _csrf_cookie(port: int) -> str:
    """An anonymous visitor's CSRF cookie: with it Django reads a form's body to find the token
    (without it Django refuses the post before reading, and a slow body would hold nothing)."""
    _status, headers, _page = get(port, "/accounts/login/")
    found = re.search(r"csrftoken=([^;]+)", " ".join(headers.get_all("Set-Cookie", [])))
    assert found is not None
    return found.group(1)


def _answer(sock: socket.socket) -> bytes:
    """Everything the server sends on this connection until it closes it."""
    sock.settimeout(60)
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


class TricklingClients:
    """Clients that each post a sign-in form and then send its body one byte at a time."""

    def __init__(self, port: int, count: int, csrf: str) -> None:
        self.sockets = []
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(
                f"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {PROMISED}\r\nCookie: csrftoken={csrf}\r\n\r\nlogin=".encode()
            )
            self.sockets.append(sock)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._trickle)
        self.thread.start()

    def _trickle(self) -> None:
        sent = 0
        while not self.stop.wait(0.05) and sent < PROMISED - 10:
            for sock in self.sockets:
                try:
                    sock.sendall(b"x")
                except OSError:  # answered and closed by the server
                    pass
            sent += 1

    def answers(self) -> list[bytes]:
        """What each client got back, once the server has closed every connection."""
        try:
            return [_answer(sock) for sock in self.sockets]
        finally:
            self.stop.set()
            self.thread.join()
            for sock in self.sockets:
                sock.close()


def test_twenty_slow_clients_leave_healthz_and_a_signed_in_page_answering_then_get_408(
    server,
) -> None:
    port, session = server
    slow = TricklingClients(port, 20, _csrf_cookie(port))
    try:
        # Both HTTP threads would be waiting for the slow bodies if a thread read them.
        health = get(port, "/healthz")
        profile = get(port, "/account/profile/", session=session)
        health_again = get(port, "/healthz")
    finally:
        answers = slow.answers()
    assert health[0] == 200 and health[2] == "ok"
    assert profile[0] == 200 and 'value="Robin"' in profile[2]
    assert health_again[0] == 200
    # Every slow body was cut off at the deadline, with a page saying so, and its connection closed.
    for answer in answers:
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert b"did not arrive in full within 5 seconds" in answer


def test_an_oversized_api_body_gets_the_json_error_shape_with_413(server) -> None:
    port, _session = server
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        # The length alone is refused: nothing of the body needs to be sent.
        sock.sendall(
            f"POST /api/v1/check-ins HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/json\r\nContent-Length: 30000000\r\n\r\n".encode()
        )
        answer = _answer(sock)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert b"content-type: application/json" in head.lower()
    error = json.loads(body)["error"]
    assert error["status"] == 413 and error["code"] == "too_large" and error["fields"] == []
    assert "2.5 MB" in error["message"]


def test_a_chunked_api_body_that_grows_past_the_limit_gets_413(server) -> None:
    port, _session = server
    chunk = b"x" * 65536
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            f"POST /api/v1/check-ins HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
        )
        for _ in range(2_621_440 // len(chunk) + 1):  # one chunk past the 2.5 MB limit
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        answer = _answer(sock)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert json.loads(body)["error"]["code"] == "too_large"


def test_an_oversized_form_gets_a_kind_413_page_and_changes_nothing(server) -> None:
    port, session = server
    csrf = _csrf_cookie(port)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            f"POST /account/profile/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3000000\r\n"
            f"Cookie: csrftoken={csrf}; sessionid={session}\r\n\r\n"
            f"csrfmiddlewaretoken={csrf}&first_name=Changed&bio=".encode()
        )
        answer = _answer(sock).decode()
    profile = get(port, "/account/profile/", session=session)
    assert answer.startswith("HTTP/1.1 413")
    assert "text/html" in answer.split("\r\n\r\n")[0]
    assert "That was more than we can take at once" in answer and "Nothing was saved" in answer
    assert profile[0] == 200 and 'value="Robin"' in profile[2] and "Changed" not in profile[2]

"""Real HTTP servers on loopback for the importer's tests: a feed server on 127.0.0.1 with the
routes an attacker or a broken intergroup site would offer, and an "internal" server on
127.0.0.2 standing for the server's own network (it must never be reached)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

SECRET = "INTERNAL-SECRET-7f3a"


@dataclass
class FeedServer:
    host: str
    port: int
    routes: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    hits: list[tuple[str, str]] = field(default_factory=list)  # (path, Host header)
    trickle_seconds: float = 0.2  # how long /slow waits between bytes (bounded: 100 bytes)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def serve(
        self, path: str, body: bytes, *, status: int = 200, headers: dict[str, str] | None = None
    ) -> str:
        self.routes[path] = (status, headers or {"Content-Type": "application/json"}, body)
        return self.url(path)

    def redirect(self, path: str, location: str, *, status: int = 302) -> str:
        self.routes[path] = (status, {"Location": location}, b"")
        return self.url(path)


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            server.hits.append((self.path, self.headers.get("Host", "")))
            if self.path == "/slow":
                self._trickle()
                return
            if self.path == "/no-length":
                self._close_delimited()
                return
            status, headers, body = server.routes.get(
                self.path, (404, {}, f"not here {SECRET}".encode())
            )
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _trickle(self) -> None:
            """A valid start, then one byte at a time: each read succeeds, the whole never ends
            in time (stops by itself after 100 bytes)."""
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _i in range(100):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(server.trickle_seconds)
            except OSError:
                pass  # the importer hung up, as it should

        def _close_delimited(self) -> None:
            """A big body with no Content-Length (so only counting what arrives can stop it)."""
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _i in range(64):
                    self.wfile.write(b" " * 16384)
            except OSError:
                pass
            self.close_connection = True

    return Handler


def _start(host: str) -> tuple[ThreadingHTTPServer, FeedServer]:
    httpd = ThreadingHTTPServer((host, 0), None)  # type: ignore[arg-type]
    state = FeedServer(host=host, port=httpd.server_address[1])
    httpd.RequestHandlerClass = _handler(state)
    httpd.daemon_threads = True
    httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign] # a hung-up importer is expected
    threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return httpd, state


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    httpd, state = _start("127.0.0.1")
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def internal_server() -> Iterator[FeedServer]:
    """Stands for a service on the server's own network, holding something secret."""
    httpd, state = _start("127.0.0.2")
    state.serve("/latest/meta-data/", SECRET.encode(), headers={"Content-Type": "text/plain"})
    yield state
    httpd.shutdown()
    httpd.server_close()

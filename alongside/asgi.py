"""ASGI entry point: WebSockets through Channels, HTTP through Django's WSGI handler.

HTTP requests run in a fixed pool of threads (a2wsgi) rather than Django's ASGI handler, which
starts a new thread — and so a new database connection — for every request. Every view here is
synchronous, so nothing is lost, and each thread keeps its connection (docs/decisions/0003).
A request's body is read whole in the event loop before a thread takes the request, so slow
clients cannot hold the threads (alongside/lib/request_body.py).
"""

import asyncio
import contextlib
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
django_wsgi_app = get_wsgi_application()

from a2wsgi import WSGIMiddleware  # noqa: E402
from a2wsgi.wsgi import WSGIResponder  # noqa: E402
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from alongside.lib.request_body import REFUSAL, RequestBody, max_body_bytes, read_request_body  # noqa: E402
from alongside.routing import websocket_urlpatterns  # noqa: E402

# Two threads per process: our views are mostly Python under the GIL, so more threads add no
# throughput, only GIL hand-overs (every SQLite row and database round trip releases it), while
# two keep one slow request (a feed fetched from its address) from holding up the rest. Scale
# with processes (`alongside serve --workers N`). Measured in docs/decisions/0003.
HTTP_THREADS = int(os.environ.get("ALONGSIDE_HTTP_THREADS", "2"))


class _Responder(WSGIResponder):
    """a2wsgi's responder, except that

    - Django reads the body already read in the event loop, instead of waiting for the
      client in a pool thread;
    - a thread handing a response to an event loop that has stopped gives up instead of
      waiting for it for ever: a server stopped while requests were in flight would otherwise
      never exit (its threads are joined at exit, and a thread waiting on a stopped loop never
      returns)."""

    def __init__(self, app, executor, send_queue_size: int, body: RequestBody) -> None:
        super().__init__(app, executor, send_queue_size)
        self.body = body

    def wsgi(self, environ, start_response) -> None:
        environ["wsgi.input"] = self.body.file
        # The length read, also for a chunked body (which WSGI would otherwise hand over empty).
        environ["CONTENT_LENGTH"] = str(self.body.size)
        if self.body.refusal is not None:
            environ[REFUSAL] = self.body.refusal
        return super().wsgi(environ, start_response)

    def send(self, message) -> None:
        future = asyncio.run_coroutine_threadsafe(self.send_queue.put(message), loop=self.loop)
        while True:
            try:
                return future.result(timeout=0.5)
            except TimeoutError:
                if self.loop.is_closed() or not self.loop.is_running():
                    future.cancel()
                    raise ConnectionAbortedError(
                        "the server stopped before this response was sent"
                    ) from None


class _Bridge(WSGIMiddleware):
    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        body = await read_request_body(
            scope,
            receive,
            max_bytes=max_body_bytes(scope),
            seconds=settings.REQUEST_BODY_TIMEOUT,
            spool_bytes=settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
            spool_dir=settings.FILE_UPLOAD_TEMP_DIR,
        )
        if body is None:  # the client hung up before sending it all: nobody to answer
            return None
        with body.file:
            return await _Responder(self.app, self.executor, self.send_queue_size, body)(
                scope, receive, send
            )


# Django's handler returns an HttpResponse, which is the iterable of bytes WSGI asks for.
_wsgi_bridge = _Bridge(django_wsgi_app, workers=HTTP_THREADS)  # type: ignore[arg-type]


async def http_application(scope, receive, send):
    """a2wsgi hands `receive()` and `send()` to run_coroutine_threadsafe, which needs real
    coroutines; granian's are awaitables of another kind, so wrap them."""

    async def receive_coroutine():
        return await receive()

    async def send_coroutine(message):
        return await send(message)

    await _wsgi_bridge(scope, receive_coroutine, send_coroutine)


_websocket_router = AllowedHostsOriginValidator(
    AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
)


async def websocket_application(scope, receive, send):
    """Channels' consumers, reading the client through a task that is stopped before the
    server closes the socket.

    granian (2.8) holds a close frame back while the application is waiting in `receive()`,
    and a Channels consumer always is, so a consumer's `close()` (a person signing out) would
    not reach the client until it spoke. The server's own `websocket.disconnect` follows a
    close, as the ASGI specification has it, so the consumer then cleans up as usual."""
    inbox: asyncio.Queue = asyncio.Queue(maxsize=16)

    async def read_client() -> None:
        while True:
            message = await receive()
            await inbox.put(message)
            if message["type"] == "websocket.disconnect":
                return

    reader = asyncio.create_task(read_client())

    async def send_to_client(message):
        if message["type"] != "websocket.close" or reader.done():
            return await send(message)
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reader
        await send(message)
        await inbox.put({"type": "websocket.disconnect", "code": message.get("code", 1000)})
        return None

    try:
        await _websocket_router(scope, inbox.get, send_to_client)
    finally:
        reader.cancel()


application = ProtocolTypeRouter(
    {
        "http": http_application,
        "websocket": websocket_application,
    }
)


def _freeze_what_startup_made() -> None:
    """Move everything loaded at startup (modules, URL patterns, templates' engine, the
    settings) out of the garbage collector's reach: a full collection then walks only what
    requests and open sockets made since, rather than every object of Django and its apps.
    On the benchmark machine a full collection over the 190,000 startup objects took 100 to
    130 ms, and afterwards none: each such pause held every open page of the process, and
    showed as the slowest messages (bench/bench_messages.py on PostgreSQL: p99 123 ms before,
    95 ms after)."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  # loads every app's URLs and views now
    gc.collect()
    gc.freeze()


_freeze_what_startup_made()

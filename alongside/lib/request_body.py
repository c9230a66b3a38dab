"""Reading a request's body in the event loop, whole, before a thread takes the request.

HTTP requests run in a small pool of threads (alongside/asgi.py). A thread that reads a body
waits for it, so two clients trickling a body a byte at a time would hold both threads and every
other request would wait. The server therefore reads each body first, in the event loop, where a
slow client costs a socket and a buffer but no thread: up to a size limit, within a total
deadline. Django's own ASGI handler reads bodies the same way (into a spooled temporary file)
before it runs a view.

A body that is too large or too slow is not read further; the request still goes to Django,
with an empty body and the refusal named in `environ[REFUSAL]`, so that the page or the API
answers it in its own words (`RefusedBodyMiddleware`).
"""

from __future__ import annotations

import asyncio
import enum
import io
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

REFUSAL = "alongside.body_refused"


class Refusal(enum.StrEnum):
    TOO_LARGE = "too_large"
    TOO_SLOW = "too_slow"


@dataclass
class RequestBody:
    """The whole body, ready to read from the start, or the reason it was refused."""

    file: IO[bytes]
    size: int
    refusal: Refusal | None = None

    @classmethod
    def refused(cls, refusal: Refusal) -> RequestBody:
        return cls(io.BytesIO(), 0, refusal)


def _declared_length(scope: dict[str, Any]) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def read_request_body(
    scope: dict[str, Any],
    receive: Callable[[], Awaitable[dict[str, Any]]],
    *,
    max_bytes: int,
    seconds: float,
    spool_bytes: int,
    spool_dir: str | None = None,
) -> RequestBody | None:
    """Read every `http.request` message of one request.

    Returns the body in a file positioned at its start (in memory up to `spool_bytes`, on disk
    beyond), a refused body when it is longer than `max_bytes` (by its Content-Length, before
    reading anything, or as it arrives) or has not all arrived within `seconds`, and None when
    the client went away, as then nobody is left to answer.
    """
    declared = _declared_length(scope)
    if declared is not None and declared > max_bytes:
        return RequestBody.refused(Refusal.TOO_LARGE)
    body = tempfile.SpooledTemporaryFile(max_size=spool_bytes, dir=spool_dir)  # noqa: SIM115 - handed to the caller
    size = 0
    try:
        async with asyncio.timeout(seconds):
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    body.close()
                    return None
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > max_bytes:
                    body.close()
                    return RequestBody.refused(Refusal.TOO_LARGE)
                body.write(chunk)
                if not message.get("more_body", False):
                    break
    except TimeoutError:
        body.close()
        return RequestBody.refused(Refusal.TOO_SLOW)
    body.seek(0)
    return RequestBody(body, size)


def max_body_bytes(scope: dict[str, Any]) -> int:
    """File uploads (multipart forms, such as a meeting feed) may be larger than other bodies."""
    for name, value in scope.get("headers", []):
        if name == b"content-type" and value.lower().startswith(b"multipart/form-data"):
            return settings.MAX_UPLOAD_SIZE
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RefusedBodyMiddleware:
    """Answer a request whose body the server would not read: 413 when it was too large, 408
    when it did not arrive in time. The API answers in its JSON error shape, pages with a page
    saying what to do next. Nothing else runs, so nothing is saved."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = request.META.get(REFUSAL)
        if refusal is None:
            return self.get_response(request)
        if refusal == Refusal.TOO_LARGE:
            status, code = 413, "too_large"
            limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
            message = _(
                "The request was larger than the %(limit).1f MB this server accepts "
                "(files up to %(upload).0f MB). Send less at once."
            ) % {"limit": limit_mb, "upload": settings.MAX_UPLOAD_SIZE / (1024 * 1024)}
        else:
            status, code = 408, "timeout"
            message = _(
                "The request did not arrive in full within %(seconds).0f seconds. "
                "Check the connection and send it again."
            ) % {"seconds": settings.REQUEST_BODY_TIMEOUT}
        if request.path.startswith("/api/"):
            error = {"status": status, "code": code, "message": message, "fields": []}
            response: HttpResponse = JsonResponse({"error": error}, status=status)
        else:
            response = render(request, f"{status}.html", {"message": message}, status=status)
        # The rest of the body may still be on its way: close the connection rather than read it.
        # (Only the ASGI server refuses bodies, so WSGI's ban on this header never applies.)
        response["Connection"] = "close"
        return response

"""Our directory as a Meeting Guide JSON feed, and its schema."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.http import http_date

from alongside.meetings import feeds
from alongside.meetings.views.common import site_base_url


def feed(request: HttpRequest) -> HttpResponse:
    """Our directory as a Meeting Guide JSON feed (CORS-open, ETag and Last-Modified, gzip when
    asked), served from a cache keyed by the directory's version."""
    signed_in = request.user.is_authenticated
    version = feeds.feed_version()
    etag = f'"{version.tag}-{int(signed_in)}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified()
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(
        feeds.cached_feed(
            version=version,
            base_url=site_base_url(request),
            show_protected=signed_in,
            gzipped=gzipped,
        ),
        content_type="application/json",
    )
    if gzipped:
        response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    if version.last_modified is not None:
        response["Last-Modified"] = http_date(version.last_modified.timestamp())
    response["Vary"] = "Accept-Encoding, Cookie"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "private, max-age=300" if signed_in else "public, max-age=300"
    return response


def feed_schema(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(feeds.FEED_SCHEMA, json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response

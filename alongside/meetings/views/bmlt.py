"""BMLT's read-only `client_interface/json/`: the directory for NA service bodies' tools
(the switchers and parameters we answer are in meetings/bmlt.py and docs/meetings.md)."""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from alongside.meetings import bmlt, feeds

INVALID_SWITCHER = (
    "Invalid data format or endpoint name. Valid endpoint names for the json data format are: "
    + ", ".join(bmlt.SWITCHERS)
    + "."
)


@require_GET
def client_interface(request: HttpRequest) -> HttpResponse:
    """Public, like the directory; answers as a BMLT root server does, errors included (422).
    Answers are kept per directory version and query: BMLT clients (list printers, area
    finders) ask the same few questions over and over."""
    params = {key: request.GET.get(key, "") for key in request.GET}
    key = f"meetings:bmlt:{feeds.feed_version().tag}:{hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:24]}"
    body = cache.get(key)
    if body is None:
        try:
            answer = _answer(params, base_url=request.build_absolute_uri("/").rstrip("/"))
        except bmlt.BmltError as exc:
            return _error(exc.message)
        if answer is None:
            return _error(INVALID_SWITCHER)
        body = json.dumps(answer, ensure_ascii=False).encode()
        cache.set(key, body, timeout=CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


CACHE_SECONDS = 300


def _answer(params: dict[str, str], *, base_url: str) -> object | None:
    switcher = params.get("switcher", "")
    if switcher == "GetSearchResults":
        search = bmlt.Search.read(params)
        meetings = bmlt.search_results(search)
        if search.used_formats:
            used = {code for m in meetings for code in m.get("formats", "").split(",") if code}
            return {"meetings": meetings, "formats": bmlt.formats(used)}
        return meetings
    if switcher == "GetFormats":
        return bmlt.formats()
    if switcher == "GetServiceBodies":
        return bmlt.service_bodies()
    if switcher == "GetServerInfo":
        return bmlt.server_info(base_url=base_url)
    return None


def _error(message: str) -> JsonResponse:
    response = JsonResponse({"message": message}, status=422)
    response["Access-Control-Allow-Origin"] = "*"
    return response

"""BMLT's read-only `client_interface/json/`: the directory for NA service bodies' tools
(the switchers and parameters we answer are in meetings/bmlt.py and docs/meetings.md)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from alongside.meetings import bmlt

INVALID_SWITCHER = (
    "Invalid data format or endpoint name. Valid endpoint names for the json data format are: "
    + ", ".join(bmlt.SWITCHERS) + "."
)


@require_GET
def client_interface(request: HttpRequest) -> JsonResponse:
    """Public, like the directory; answers as a BMLT root server does, errors included (422)."""
    params = {key: request.GET.get(key, "") for key in request.GET}
    switcher = params.get("switcher", "")
    try:
        if switcher == "GetSearchResults":
            search = bmlt.Search.read(params)
            meetings = bmlt.search_results(search)
            if search.used_formats:
                used = {code for m in meetings for code in m.get("formats", "").split(",") if code}
                body: object = {"meetings": meetings, "formats": bmlt.formats(used)}
            else:
                body = meetings
        elif switcher == "GetFormats":
            body = bmlt.formats()
        elif switcher == "GetServiceBodies":
            body = bmlt.service_bodies()
        elif switcher == "GetServerInfo":
            body = bmlt.server_info(base_url=request.build_absolute_uri("/").rstrip("/"))
        else:
            return _error(INVALID_SWITCHER)
    except bmlt.BmltError as exc:
        return _error(exc.message)
    response = JsonResponse(body, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


def _error(message: str) -> JsonResponse:
    response = JsonResponse({"message": message}, status=422)
    response["Access-Control-Allow-Origin"] = "*"
    return response

"""Per-request activation of the viewer's time zone and language.

A signed-in person's zone is their profile's. A visitor's is the one their browser names: the
`tz` query parameter (the directory's search form sends it) or the `tz` cookie that
`static/js/alongside.js` sets from the browser's own setting, so every page a visitor opens
(a meeting, a proof check) prints times in their zone. Without either, times are in UTC, and
pages say so. `request.viewer_time_zone` holds the zone in use.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from alongside.lib.schedule import is_time_zone

VISITOR_ZONE_COOKIE = "tz"


def visitor_time_zone(request: HttpRequest) -> str:
    for sent in (request.GET.get("tz", ""), request.COOKIES.get(VISITOR_ZONE_COOKIE, "")):
        if sent and len(sent) < 64 and is_time_zone(sent):
            return sent
    return "UTC"


class UserTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            zone = user.time_zone if is_time_zone(user.time_zone) else "UTC"
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
        else:
            zone = visitor_time_zone(request)
        request.viewer_time_zone = zone  # type: ignore[attr-defined]
        timezone.activate(zoneinfo.ZoneInfo(zone))
        return self.get_response(request)

"""The test site's URLs plus a page embedding TSML UI's vendored bundle, pointed at our feed the
way a service body embeds it (`<div id="tsml-ui" data-src=…>`), served by the live server."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.views.static import serve

BUNDLE = Path(__file__).resolve().parent / "data" / "tsml-ui"
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Meetings</title></head>
<body><main><h1>Meetings</h1><div id="tsml-ui" data-src="/meetings/feed.json"></div></main>
<script src="/tsml-ui/app.js"></script></body></html>"""


def finder(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE)


urlpatterns = [
    path("tsml-ui/", finder),
    re_path(r"^tsml-ui/(?P<path>app\.js)$", serve, {"document_root": BUNDLE}),
    path("", include("alongside.urls")),
]

"""The app's URLs plus bench-only routes (the baseline, and the home page with its member cache
emptied first). Used by benchmarks, never by the app."""

import functools
import os

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from alongside.accounts.views import home


def bare(request: HttpRequest) -> HttpResponse:
    """The floor every other benchmark is compared with: the full middleware stack, exactly
    one database query and a tiny response. With ``?bytes=N`` the response is N bytes held in
    memory: the floor for a route whose answer is large (the full meeting feed), where moving
    the bytes, not the work behind them, is most of any server's time."""
    found = get_user_model().objects.filter(pk=1).exists()
    size = int(request.GET.get("bytes", 0))
    if size:
        return HttpResponse(_filler(size), content_type="application/octet-stream")
    return HttpResponse(b"1" if found else b"0", content_type="text/plain")


@functools.cache
def _filler(size: int) -> bytes:
    return os.urandom(size)  # random, so nothing on the way could shrink it


def home_cold(request: HttpRequest) -> HttpResponse:
    """The member's home with every card rendered afresh, as on the first visit after a change
    to the member's data (the app's own /home/ serves unchanged cards from the member cache)."""
    caches["member"].clear()
    return home(request)


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("bench/home-cold/", home_cold, name="bench-home-cold"),
    path("", include("alongside.urls")),
]

"""The app's URLs plus bench-only routes (the baseline, and the home page with its member cache
emptied first). Used by benchmarks, never by the app."""

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from alongside.accounts.views import home


def bare(request: HttpRequest) -> HttpResponse:
    """The floor every other benchmark is compared with: the full middleware stack, exactly
    one database query and a tiny response."""
    found = get_user_model().objects.filter(pk=1).exists()
    return HttpResponse(b"1" if found else b"0", content_type="text/plain")


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

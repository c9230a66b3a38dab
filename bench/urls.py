"""The app's URLs plus the bench-only baseline route. Used by benchmarks, never by the app."""

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    """The floor every other benchmark is compared with: the full middleware stack, exactly
    one database query and a tiny response."""
    found = get_user_model().objects.filter(pk=1).exists()
    return HttpResponse(b"1" if found else b"0", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("", include("alongside.urls")),
]

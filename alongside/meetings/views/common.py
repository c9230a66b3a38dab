"""Helpers the meeting pages share: the viewer's time zone, the site's address, a safe next URL."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def viewer_time_zone(request: HttpRequest) -> str:
    """The signed-in member's zone, or the one the visitor's browser sent (accounts.middleware)."""
    return getattr(request, "viewer_time_zone", "UTC")


def site_base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or ""
    return (
        target
        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        else default
    )

"""Request types for annotations: what the middleware and login have made sure of.

Django types `request.user` as `User | AnonymousUser`; behind login it is always a `User`, and
annotating the view with `AuthenticatedHttpRequest` says so (the pattern django-stubs
documents). `request.htmx` is set by django-htmx's middleware on every request.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from alongside.accounts.models import User


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    user: User

from __future__ import annotations

from django.http import HttpRequest

from alongside.accounts.roles import roles_of


def navigation(request: HttpRequest) -> dict:
    """The person's roles, for templates (the links themselves: the `nav_links` tag)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": None}
    return {"roles": roles_of(user)}

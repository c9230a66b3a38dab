from __future__ import annotations

from django.http import HttpRequest

from alongside.accounts.roles import navigation_for, roles_of


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "roles": None}
    return {"nav_items": navigation_for(user), "roles": roles_of(user)}

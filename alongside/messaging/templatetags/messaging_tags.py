"""The Messages link with its unread count, and the home card: both read the cached total, so
they add no query to the pages that show them."""

from __future__ import annotations

from django import template

from alongside.accounts.models import User
from alongside.messaging import services

register = template.Library()


@register.inclusion_tag("messaging/_nav_link.html", takes_context=True)
def messages_nav_link(context: template.Context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {
        "show": True,
        "unread": services.unread_total(user),
        "current": request.path.startswith("/messages/"),  # type: ignore[union-attr]  # a request is in the context
    }


@register.inclusion_tag("messaging/_home_card.html")
def messages_home_card(user: User) -> dict:
    return {"unread": services.unread_total(user) if user.is_authenticated else 0}

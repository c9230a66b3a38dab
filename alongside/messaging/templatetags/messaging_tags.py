"""The messages home card: it reads the cached unread total, so it adds no query to the page
(the navigation's Messages link and its count are registered in messaging/shell.py)."""

from __future__ import annotations

from django import template

from alongside.accounts.models import User
from alongside.messaging import services

register = template.Library()


@register.inclusion_tag("messaging/_home_card.html")
def messages_home_card(user: User) -> dict:
    return {"unread": services.unread_total(user) if user.is_authenticated else 0}

"""The home page's card of unread notifications, urgent ones first."""

from __future__ import annotations

from django import template

from alongside.accounts.models import User
from alongside.notifications.models import InAppNotification

register = template.Library()


@register.inclusion_tag("notifications/_card.html")
def notifications_card(user: User) -> dict:
    if not user.is_authenticated:
        return {"unread": []}
    unread = list(
        InAppNotification.objects.for_user(user).unread().order_by("-is_urgent", "-created_at")[:5]
    )
    return {"unread": unread}

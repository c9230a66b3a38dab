"""The home page's support card: the SOS button, an open SOS, and SOS alerts waiting for the
person's answer. One query, read for each page (an alert must never be served stale)."""

from __future__ import annotations

import datetime

from django import template
from django.db.models import Q
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.accounts.roles import roles_of
from alongside.support.models import AlertStatus, SosAlert

register = template.Library()

# An SOS nobody closed stops showing on home pages after a day; it stays in the history.
SHOWN_FOR = datetime.timedelta(days=1)


@register.inclusion_tag("support/_home_card.html", takes_context=True)
def support_card(context: template.Context, user) -> dict:
    if not user.is_authenticated:
        return {}
    since = timezone.now() - SHOWN_FOR
    alerts = list(
        SosAlert.objects.filter(started_at__gte=since)
        .exclude(status=AlertStatus.CANCELLED)
        .filter(Q(member=user, status=AlertStatus.OPEN) | Q(recipients__person=user))
        .select_related("member")
        .distinct()[:5]
    )
    return {
        "csrf_token": context.get("csrf_token"),
        "is_member": roles_of(user).has(Role.MEMBER) or bool(user.pathways),
        "open_alert": next((a for a in alerts if a.member_id == user.pk), None),
        "received": [a for a in alerts if a.member_id != user.pk and a.member.is_active],
    }

"""Meetings' part of the shell: the directory and the person's meetings for everyone, and the
groups a facilitator leads (alongside/shell.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from alongside import shell
from alongside.accounts.models import Role

LEADERS = {Role.FACILITATOR, Role.ORG_ADMIN}

shell.link("meetings:facilitating", _("Groups I lead"), order=12, show_to=LEADERS)
shell.link("meetings:directory", _("Meetings"), order=40)
shell.link("meetings:mine", _("My meetings"), order=42)

GROUPS_ON_HOME = 4


def _groups(home: shell.Home) -> dict[str, Any]:
    from alongside.meetings import access

    groups = list(
        access.groups_led_by(home.user)
        .annotate(meeting_count=Count("meetings"))
        .order_by("name")[: GROUPS_ON_HOME + 1]
    )
    return {
        "groups": groups[:GROUPS_ON_HOME],
        "more": len(groups) > GROUPS_ON_HOME,
        "waiting": access.confirmation_requests_waiting(home.user),
    }


shell.card("meetings/_groups_card.html", order=12, show_to={Role.FACILITATOR}, context=_groups)

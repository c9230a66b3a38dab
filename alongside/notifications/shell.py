"""Notifications' part of the shell: the list in the account menu, and what is new on the home
page, urgent first (alongside/shell.py). Read afresh for every page, never cached: an urgent
notice carries a safety flag's details."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from alongside import shell

shell.link("notifications:list", _("Notifications"), order=5, group=shell.ACCOUNT)


def _unread(home: shell.Home) -> dict[str, Any]:
    from alongside.notifications.templatetags.notification_tags import notifications_card

    return notifications_card(home.user)


shell.card("notifications/_card.html", order=5, context=_unread)

"""Messaging's part of the shell: the Messages link with its unread count, for the people who
have someone to message (alongside/shell.py)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from alongside import shell
from alongside.accounts.models import Role

# Who has a tie that lets them message (messaging/services.py, `ties_between`): people in
# recovery (partners, groups, their mentor), mentors, and the care team by a member's consent;
# organization admins read the reports made from their organization (reached from the inbox).
# An ally or a facilitator not in recovery has nobody to message.
PEOPLE_WHO_MESSAGE = {
    shell.IN_RECOVERY,
    Role.MENTOR,
    Role.COUNSELOR,
    Role.PEER_SPECIALIST,
    Role.HOUSE_MANAGER,
    Role.ORG_ADMIN,
}


def _unread(request: HttpRequest) -> int:
    from alongside.messaging.services import unread_total

    # Kept in the shared cache and dropped on every send and read: no query on most pages.
    return unread_total(request.user)  # type: ignore[arg-type]  # only signed-in people see the navigation


shell.link("messaging:inbox", _("Messages"), order=44, show_to=PEOPLE_WHO_MESSAGE, badge=_unread)

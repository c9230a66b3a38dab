"""Family's part of the shell: the "Family and friends" link, and a home card for allies.

No role is needed to be someone's ally: roles are held in an organization, and an ally's link
is to one person. The link shows to people in recovery (to invite their allies) and to allies
by role, and so to someone who signed up to accept an invitation (with no role, they count as in
recovery); the card, to allies by role who are someone's ally or have an invitation waiting."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from alongside import shell
from alongside.accounts.models import Role

shell.link("family:home", _("Family and friends"), order=29, show_to={shell.IN_RECOVERY, Role.ALLY})


def _card(home: shell.Home) -> dict[str, Any]:
    from alongside.family import services

    received = services.invitations_received(home.user)
    supporting = services.supporting(home.user)
    if not received and not supporting:
        return {}
    return {"received": received, "supporting": supporting}


# For allies by role only: the member's home keeps its fixed number of queries.
shell.card("family/_home_card.html", order=15, show_to={Role.ALLY}, context=_card)

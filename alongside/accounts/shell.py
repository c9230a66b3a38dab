"""Accounts' part of the shell: home, the organization an admin runs, the account menu, and the
cards about the person themselves (alongside/shell.py says how the registry works)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from alongside import shell
from alongside.accounts.models import Membership, Role

shell.link("home", _("Home"), order=0)
shell.link("accounts:organizations", _("Organization"), order=14, show_to={Role.ORG_ADMIN})

shell.link("accounts:profile", _("Profile"), order=10, group=shell.ACCOUNT)
shell.link("mfa_index", _("Security"), order=20, group=shell.ACCOUNT)
shell.link("accounts:invitations", _("Role invitations"), order=30, group=shell.ACCOUNT)
shell.link("accounts:tokens", _("API tokens"), order=40, group=shell.ACCOUNT)


def _organizations(home: shell.Home) -> dict[str, Any]:
    managed = home.roles.organizations_where(Role.ORG_ADMIN)
    counts = dict(
        Membership.objects.active()
        .filter(organization__in=managed)
        .values_list("organization")
        .annotate(people=Count("user", distinct=True))
    )
    return {"managed": [(org, counts.get(org.pk, 0)) for org in managed]}


def _belonging(home: shell.Home) -> dict[str, Any]:
    return {"memberships": home.roles.memberships, "in_recovery": home.in_recovery}


shell.card(
    "accounts/_organization_card.html",
    order=10,
    show_to={Role.ORG_ADMIN},
    context=_organizations,
)
shell.card("accounts/_pathways_card.html", order=150, show_to={shell.IN_RECOVERY})
shell.card("accounts/_belonging_card.html", order=300, context=_belonging)

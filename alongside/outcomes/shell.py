"""Outcomes' part of the shell: "How support is going", for the people who support others
and the admins of their organizations (supervisors without either role reach it from their
training team page)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside import shell
from alongside.accounts.models import Role

shell.link(
    "outcomes:support",
    _("How support is going"),
    order=49,
    show_to={Role.MENTOR, Role.PEER_SPECIALIST, Role.ORG_ADMIN},
)

"""Assignments' part of the shell: the "Assignments" link for the staff who start and approve
runs (admins, and the peer specialists and counselors who supervise) or set their caseload
capacity, and the "Mentoring program" link for members, who join their organization's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside import shell
from alongside.accounts.models import Role

shell.link(
    "matching:home",
    _("Assignments"),
    order=18,
    show_to={Role.ORG_ADMIN, Role.PEER_SPECIALIST, Role.COUNSELOR},
)
shell.link("matching:program", _("Mentoring program"), order=47, show_to={Role.MEMBER})

"""Peer support's part of the shell: the "Sponsors and mentors" link, for people in recovery
(to find one) and mentors (to answer requests and see the people they support)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside import shell
from alongside.accounts.models import Role

shell.link(
    "peers:home", _("Sponsors and mentors"), order=46, show_to={shell.IN_RECOVERY, Role.MENTOR}
)

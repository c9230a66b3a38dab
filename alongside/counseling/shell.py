"""Counseling's part of the shell: the links for counselors and for members."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside import shell
from alongside.accounts.models import Role

shell.link("counseling:clients", _("Clients"), order=18, show_to={Role.COUNSELOR})
shell.link("counseling:calendar", _("Calendar"), order=19, show_to={Role.COUNSELOR})
shell.link("counseling:alerts", _("Safety alerts"), order=20, show_to={Role.COUNSELOR})
shell.link("counseling:appointments", _("Appointments"), order=26, show_to={shell.IN_RECOVERY})
shell.link(
    "counseling:plans",
    _("Treatment plans"),
    order=27,
    show_to={Role.COUNSELOR, shell.IN_RECOVERY},
)
shell.link(
    "counseling:notes",
    _("Session notes"),
    order=28,
    show_to={Role.COUNSELOR, shell.IN_RECOVERY},
)

"""Counseling's part of the shell: the links for counselors and for members."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside import shell
from alongside.accounts.models import Role

shell.link(
    "counseling:plans",
    _("Treatment plans"),
    order=26,
    show_to={Role.COUNSELOR, shell.IN_RECOVERY},
)

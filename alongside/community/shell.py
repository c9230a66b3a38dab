"""The forums' part of the shell: the "Forums" link for people in recovery, and for those who
moderate a space (facilitators, organization admins)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside import shell
from alongside.accounts.models import Role

shell.link(
    "community:spaces",
    _("Forums"),
    order=27,
    show_to={shell.IN_RECOVERY, Role.FACILITATOR, Role.ORG_ADMIN},
)

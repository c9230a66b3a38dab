"""Sober living's part of the shell: the links for house managers and residents."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside import shell
from alongside.accounts.models import Role

shell.link("housing:houses", _("Houses"), order=18, show_to={Role.HOUSE_MANAGER})
# Residents arrive from the notice of an offer; the account menu keeps the way back.
shell.link(
    "housing:my-stay", _("My house"), order=25, show_to={shell.IN_RECOVERY}, group=shell.ACCOUNT
)

"""The caseload's part of the shell: the "Caseload" link for peer specialists."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside import shell
from alongside.accounts.models import Role

shell.link("caseload:table", _("Caseload"), order=17, show_to={Role.PEER_SPECIALIST})

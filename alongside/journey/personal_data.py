from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.journey.models import CheckIn
from alongside.privacy.registry import Erase, register

register(
    CheckIn, "member", section="check_ins", label=_("daily check-ins"),
    erase=Erase.DELETE, explain=_("Every check-in is deleted."), exclude=("member",),
)

"""When a peer specialist's role ends, their people are flagged for reassignment."""

from __future__ import annotations

from django.dispatch import receiver

from alongside.accounts.events import role_ended
from alongside.accounts.models import Role
from alongside.caseload import services


@receiver(role_ended)
def _flag_people_for_reassignment(sender, membership, **kwargs) -> None:
    if membership.role == Role.PEER_SPECIALIST:
        services.flag_for_reassignment(staff=membership.user, organization=membership.organization)

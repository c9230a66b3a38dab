"""The only way from (user, id) to family objects. Missing and not-yours both raise Http404
(through `policy.refuse`, which writes the refusal to the security log).

- an invitation: the member who sent it, or the person it is addressed to (an address they
  have verified, or they answered it) — any other account, staff included, gets 404;
- an ally: the member's own, while it is in force (to change what they see, or end it);
- a CRAFT worksheet or a well-being check-in: its owner only. Nobody else ever reaches these,
  not the member the ally supports, not staff, whatever they share;
- a member's check-in summary: the member, or someone they share it with now (a grant of
  "check-in summary"); each look is written to the member's access log.
"""

from __future__ import annotations

from django.db.models import QuerySet

from alongside.accounts.models import User
from alongside.family import services
from alongside.family.models import Ally, AllyInvitation, CraftWorksheet, WellbeingCheckIn
from alongside.journey.models import CheckIn
from alongside.privacy import policy
from alongside.privacy.models import Interface, Scope


def access_invitation(user: User, invitation_id: int) -> AllyInvitation:
    """An invitation the user sent, or one addressed to them (to answer, or to read why it can
    no longer be answered)."""
    found = (
        AllyInvitation.objects.filter(pk=invitation_id, member__is_active=True)
        .select_related("member", "invitee")
        .first()
        if user.is_authenticated
        else None
    )
    # The sender reads their own; anyone else only one addressed to them.
    if found is None or (found.member_id != user.pk and not services.is_addressed_to(found, user)):
        raise policy.refuse(user, record_type="family.allyinvitation", record_id=invitation_id)
    return found


def access_sent_invitation(user: User, invitation_id: int) -> AllyInvitation:
    """An invitation the user sent (to withdraw)."""
    found = (
        AllyInvitation.objects.filter(pk=invitation_id, member=user).first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="family.allyinvitation", record_id=invitation_id)
    return found


def access_own_ally(user: User, ally_id: int) -> Ally:
    """One of the member's allies in force (ended ones are history, not to change)."""
    found = (
        Ally.objects.active()
        .filter(pk=ally_id, member=user)
        .select_related("person", "grant")
        .first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="family.ally", record_id=ally_id)
    return found


def access_craft_worksheet(user: User, worksheet_id: int) -> CraftWorksheet:
    """One of the user's own CRAFT worksheets."""
    found = (
        CraftWorksheet.objects.filter(pk=worksheet_id, person=user).first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="family.craftworksheet", record_id=worksheet_id)
    return found


def access_wellbeing(user: User, check_in_id: int) -> WellbeingCheckIn:
    """One of the user's own well-being check-ins."""
    found = (
        WellbeingCheckIn.objects.filter(pk=check_in_id, person=user).first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="family.wellbeingcheckin", record_id=check_in_id)
    return found


def access_member_check_in_summary(
    user: User, member_id: int, *, interface: str = Interface.PAGE
) -> tuple[User, QuerySet[CheckIn]]:
    """A member's check-ins, for the member or someone they share a check-in summary with now,
    who reads only the day and mood of each (family/shared.py). One access-log row per call;
    Http404 when the member does not exist or does not share it with the user."""
    member = User.objects.filter(pk=member_id).first()
    if member is None:
        raise policy.refuse(user, record_type="accounts.user", record_id=member_id)
    policy.require(
        user, member, Scope.CHECK_IN_SUMMARY, interface=interface, record_type="journey.checkin"
    )
    return member, CheckIn.objects.for_member(member)

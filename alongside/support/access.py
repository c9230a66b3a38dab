"""The only way from (user, id) to support objects. Missing and not-yours both raise Http404
(through `policy.refuse`, which writes the refusal to the security log).

- a circle entry: the member who chose (their own circle), or the person chosen (to answer);
- an SOS: the member's own, or one that reached the person (they were alerted);
- a hard day: the member's own, or one sent to the person;
- an organization's on-call rota: its admins (to change) and peer specialists (to read), once
  they have turned on two-step verification (hand-over notes may speak of members).
"""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied

from alongside.accounts.models import Organization, Role, User
from alongside.accounts.roles import roles_of
from alongside.privacy import policy
from alongside.privacy.models import SUPPORT_CIRCLE, Interface
from alongside.support.models import CircleMember, HardDay, OnCallShift, SosAlert


def access_own_circle_entry(user: User, entry_id: int) -> CircleMember:
    found = (
        CircleMember.objects.filter(pk=entry_id, member=user).select_related("person").first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="support.circlemember", record_id=entry_id)
    return found


def access_chosen_entry(user: User, entry_id: int) -> CircleMember:
    """An entry naming the user as chosen: theirs to agree to or decline."""
    found = (
        CircleMember.objects.filter(pk=entry_id, person=user, member__is_active=True)
        .select_related("member")
        .first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="support.circlemember", record_id=entry_id)
    return found


def access_own_alert(user: User, alert_id: int) -> SosAlert:
    found = (
        SosAlert.objects.filter(pk=alert_id, member=user).first() if user.is_authenticated else None
    )
    if found is None:
        raise policy.refuse(user, record_type="support.sosalert", record_id=alert_id)
    return found


def access_received_alert(
    user: User, alert_id: int, *, interface: str = Interface.PAGE
) -> SosAlert:
    """An SOS that reached the user: only people it was sent to, never the rest of the circle.
    Each look is written to the member's access log."""
    found = (
        SosAlert.objects.filter(pk=alert_id, recipients__person=user, member__is_active=True)
        .select_related("member", "acknowledged_by")
        .first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="support.sosalert", record_id=alert_id)
    policy.log_access(
        actor=user, member=found.member, scope=SUPPORT_CIRCLE, interface=interface, record=found
    )
    return found


def access_hard_day(user: User, hard_day_id: int, *, interface: str = Interface.PAGE) -> HardDay:
    """The member's own hard day, or one sent to the user (each such look is written to the
    member's access log)."""
    if not user.is_authenticated:
        raise policy.refuse(user, record_type="support.hardday", record_id=hard_day_id)
    # The member's own, or one whose recipients include the user.
    found = (
        HardDay.objects.filter(pk=hard_day_id, member=user).first()
        or HardDay.objects.filter(pk=hard_day_id, recipients=user, member__is_active=True)
        .select_related("member")
        .first()
    )
    if found is None:
        raise policy.refuse(user, record_type="support.hardday", record_id=hard_day_id)
    if found.member_id != user.pk:
        policy.log_access(
            actor=user, member=found.member, scope=SUPPORT_CIRCLE, interface=interface, record=found
        )
    return found


def access_rota(user: User, organization_id: int, *, write: bool = False) -> Organization:
    """Read: the organization's peer specialists and admins. Write: its admins only
    (PermissionDenied for a peer specialist who may read)."""
    roles = roles_of(user)
    # Staff without two-step verification open no member data; notes may speak of members.
    held = (
        {
            m.role
            for m in roles.memberships
            if m.organization_id == organization_id and not roles.mfa_blocks_member_data
        }
        if user.is_authenticated
        else set()
    )
    readers = {Role.ORG_ADMIN, Role.PEER_SPECIALIST}
    if not held & readers:
        raise policy.refuse(user, record_type="accounts.organization", record_id=organization_id)
    if write and Role.ORG_ADMIN not in held:
        raise PermissionDenied("Only the organization's admins change the on-call rota.")
    return next(m.organization for m in roles.memberships if m.organization_id == organization_id)


def access_shift(
    user: User, shift_id: int, *, write: bool | Literal["note"] = False
) -> OnCallShift:
    """A shift of a rota the user may read. Write: the org's admins, or for the hand-over note
    the person on that shift (`write="note"`)."""
    shift = (
        OnCallShift.objects.filter(pk=shift_id).select_related("person").first()
        if user.is_authenticated
        else None
    )
    if shift is None:
        raise policy.refuse(user, record_type="support.oncallshift", record_id=shift_id)
    access_rota(user, shift.organization_id)
    if write is True:
        access_rota(user, shift.organization_id, write=True)
    elif write == "note" and shift.person_id != user.pk:
        access_rota(user, shift.organization_id, write=True)
    return shift


def organizations_with_rota(user: User) -> list[Organization]:
    """Organizations whose rota the user may open (for links)."""
    roles = roles_of(user)
    if not user.is_authenticated or roles.mfa_blocks_member_data:
        return []
    found = {
        m.organization_id: m.organization
        for m in roles.memberships
        if m.role in (Role.ORG_ADMIN, Role.PEER_SPECIALIST)
    }
    return list(found.values())


def can_edit_rota(user: User, organization: Organization) -> bool:
    """Whether the rota page offers the forms that change it (the API asks access_rota)."""
    roles = roles_of(user)
    return Role.ORG_ADMIN in roles.in_org(organization) and not roles.mfa_blocks_member_data

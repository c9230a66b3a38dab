"""The only way from (user, id) to training objects. Missing and not-yours both raise Http404
(through `policy.refuse`, which writes the refusal to the security log).

- a practice entry: its person (to read) and their current supervisor (to read and attest);
  the person who may read but not attest gets PermissionDenied;
- an organization's supervision and requirement sets: its admins, once they have turned on
  two-step verification (as for the on-call rota: staff open nothing about others before).
- a supervision: the admins of its organization, likewise.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from alongside.accounts.models import Organization, Role, User
from alongside.accounts.roles import roles_of
from alongside.privacy import policy
from alongside.training.models import PracticeEntry, Supervision
from alongside.training.services import supervises


def access_practice_entry(user: User, entry_id: int, *, write: bool = False) -> PracticeEntry:
    """Read: the entry's person or their current supervisor. Write (attest): the supervisor
    only; PermissionDenied for the person themself."""
    found = (
        PracticeEntry.objects.filter(pk=entry_id, person__is_active=True)
        .select_related("person", "attested_by")
        .first()
        if user.is_authenticated
        else None
    )
    is_own = found is not None and found.person_id == user.pk
    # A supervisor without two-step verification opens nothing of their team's.
    is_supervisor = (
        found is not None
        and not roles_of(user).mfa_blocks_member_data
        and supervises(user, found.person)
    )
    if found is None or not (is_own or is_supervisor):
        raise policy.refuse(user, record_type="training.practiceentry", record_id=entry_id)
    if write and not is_supervisor:
        raise PermissionDenied(_("Only your supervisor can attest your hours."))
    return found


def access_training_admin(user: User, organization_id: int) -> Organization:
    """The organization's admins (active membership, two-step verification on)."""
    roles = roles_of(user)
    found = next(
        (
            m.organization
            for m in roles.memberships
            if m.organization_id == organization_id
            and m.role == Role.ORG_ADMIN
            and not roles.mfa_blocks_member_data  # staff without MFA change nothing here
        ),
        None,
    )
    if found is None:
        raise policy.refuse(user, record_type="accounts.organization", record_id=organization_id)
    return found


def access_supervision(user: User, supervision_id: int) -> Supervision:
    found = (
        Supervision.objects.filter(pk=supervision_id).select_related("organization").first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="training.supervision", record_id=supervision_id)
    access_training_admin(user, found.organization_id)
    return found


def organizations_administered(user: User) -> list[Organization]:
    """Organizations whose supervision the user sets (for links)."""
    roles = roles_of(user)
    if roles.mfa_blocks_member_data:
        return []
    return roles.organizations_where(Role.ORG_ADMIN)


def may_open_team(user: User) -> bool:
    """Supervisors open their team's hours only with two-step verification on (if staff)."""
    return user.is_authenticated and not roles_of(user).mfa_blocks_member_data

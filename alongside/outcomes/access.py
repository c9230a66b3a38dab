"""Who sees which support figures. Everyone else gets 404 (through `policy.refuse`, which
writes the refusal to the security log), exactly as for a supporter or program that does not
exist.

- A supporter sees their own figures: whoever holds a peer specialist or mentor role, or
  supports (or has supported) someone as a sponsor, mentor or peer specialist.
- A supervisor (training.Supervision, in force) sees each supervisee's figures in the
  organization where they supervise them.
- An organization's admin sees its program's figures, and each of its supporters' part.
- Staff without two-step verification see none (as for every view of members' data).

The figures are counts, shares and medians of at least 11 people (outcomes/support.py), so
reading them reads no one person's data: nothing is written to members' access logs.
"""

from __future__ import annotations

from dataclasses import dataclass

from alongside.accounts.models import Membership, Organization, Role, User
from alongside.accounts.roles import roles_of
from alongside.caseload.models import CaseRecord
from alongside.outcomes.support import SUPPORTER_ROLES, Group
from alongside.peers.models import SupportRelationship
from alongside.privacy import policy
from alongside.training.models import Supervision


@dataclass(frozen=True)
class Reach:
    """What one person may see: their own figures (when they support people), their team's,
    and the programs they administer."""

    own: User | None
    team: list[Group]
    programs: list[Organization]


def _may_see_any(user: User) -> bool:
    # Staff without two-step verification open nothing made from members' data.
    return user.is_authenticated and not roles_of(user).mfa_blocks_member_data


def _is_supporter(user: User) -> bool:
    roles = roles_of(user)
    if any(roles.has(role) for role in SUPPORTER_ROLES):
        return True
    if SupportRelationship.objects.filter(supporter=user).exists():
        return True  # a sponsor who holds no role
    return CaseRecord.objects.filter(peer_specialist=user).exists()


def _team(user: User) -> list[Group]:
    supervisions = (
        Supervision.objects.active()
        .filter(supervisor=user, supervisee__is_active=True)
        .select_related("supervisee", "organization")
    )
    groups = [Group(s.supervisee, s.organization) for s in supervisions]
    return sorted(groups, key=_by_name)


def _by_name(group: Group) -> tuple[str, str]:
    person = str(group.supporter.display_name).lower() if group.supporter else ""
    place = group.organization.name.lower() if group.organization else ""
    return person, place


def _administered(user: User) -> list[Organization]:
    found = {o.pk: o for o in roles_of(user).organizations_where(Role.ORG_ADMIN)}
    return sorted(found.values(), key=lambda o: o.name.lower())


def access_support_outcomes(user: User) -> Reach:
    """Everything the person may see here; Http404 when that is nothing."""
    if _may_see_any(user):
        reach = Reach(
            own=user if _is_supporter(user) else None,
            team=_team(user),
            programs=_administered(user),
        )
        if reach.own is not None or reach.team or reach.programs:
            return reach
    raise policy.refuse(user, record_type="outcomes.support")


def access_supporter(user: User, supporter_id: int) -> list[Group]:
    """One supporter's figures: their own, everywhere, for themself; for their supervisor and
    their organization's admins, their part of that organization's program (a row for each
    organization where the user may see them, by name)."""
    if _may_see_any(user):
        if supporter_id == user.pk and _is_supporter(user):
            return [Group(user, None)]
        found = {
            s.organization_id: Group(s.supervisee, s.organization)
            for s in Supervision.objects.active()
            .filter(supervisor=user, supervisee_id=supporter_id, supervisee__is_active=True)
            .select_related("supervisee", "organization")
        }
        administered = [o.pk for o in _administered(user)]
        for membership in (
            Membership.objects.active()
            .filter(
                user_id=supporter_id,
                user__is_active=True,
                organization_id__in=administered,
                role__in=SUPPORTER_ROLES,
            )
            .select_related("user", "organization")
        ):
            found.setdefault(
                membership.organization_id, Group(membership.user, membership.organization)
            )
        if found:
            return sorted(found.values(), key=_by_name)
    raise policy.refuse(user, record_type="accounts.user", record_id=supporter_id)


def access_program(user: User, organization_id: int) -> Organization:
    """An organization's program, for its admins."""
    if _may_see_any(user):
        found = next((o for o in _administered(user) if o.pk == organization_id), None)
        if found is not None:
            return found
    raise policy.refuse(user, record_type="accounts.organization", record_id=organization_id)

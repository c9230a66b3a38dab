"""Who may assign at an organization: its active admins, and its supervisors (someone who
supervises at least one active person there and still holds a role there), with two-step
verification on."""

from __future__ import annotations

from alongside.accounts.models import Membership, Organization, Role, User
from alongside.accounts.roles import roles_of
from alongside.training.models import Supervision


def organizations_assigned_by(user: User) -> list[Organization]:
    """Organizations where the person may start, read and decide assignment runs: where they
    are an active admin, or supervise someone active now while holding a role there. None for
    staff without two-step verification (a run names the people waiting)."""
    if not user.is_authenticated:
        return []
    roles = roles_of(user)
    if roles.mfa_blocks_member_data:
        return []
    held = {m.organization_id: m.organization for m in roles.memberships}
    found = {o.pk: o for o in roles.organizations_where(Role.ORG_ADMIN)}
    supervising = Supervision.objects.active().filter(
        supervisor=user, supervisee__is_active=True, organization_id__in=held
    )
    for organization_id in supervising.values_list("organization_id", flat=True):
        found[organization_id] = held[organization_id]
    return sorted(found.values(), key=lambda o: (o.name, o.pk))


def may_assign(user: User, organization: Organization) -> bool:
    return any(o.pk == organization.pk for o in organizations_assigned_by(user))


def holders(organization: Organization, role: Role) -> list[User]:
    """Active people actively holding the role in the organization, by id."""
    held = Membership.objects.active().filter(organization=organization, role=role)
    return list(User.objects.filter(is_active=True, pk__in=held.values("user_id")).order_by("pk"))

"""Role logic, computed in one place: which roles a person holds, which are staff, and who needs
MFA before any member data. What each person's navigation and home show: alongside/shell.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.functional import cached_property

from alongside.accounts.models import Membership, Organization, Role, User

if TYPE_CHECKING:
    from alongside.shell import Link


# Staff act for an organization on members' records; they must use MFA (issue: staff roles).
STAFF_ROLES = frozenset({Role.PEER_SPECIALIST, Role.COUNSELOR, Role.HOUSE_MANAGER, Role.ORG_ADMIN})
# Roles that support a person one-to-one or in groups, but are not organization staff.
SUPPORT_ROLES = frozenset({Role.MENTOR, Role.FACILITATOR, Role.ALLY})
# Roles whose work is reading members' records, once a member shares them (issue: nobody reads
# records by office). An admin never hands one of these to themselves.
RECORD_READING_ROLES = frozenset(
    {Role.COUNSELOR, Role.PEER_SPECIALIST, Role.HOUSE_MANAGER, Role.MENTOR}
)
# Roles offered only to people already in the organization. A consent grant can name every role
# but "member" ("every ally at Riverbend"), so each of them reads records by grant; an org admin
# decides who holds them. Only "member" is offered to someone from outside.
IN_ORGANIZATION_ONLY_ROLES = frozenset(set(Role) - {Role.MEMBER})


class RoleSet:
    """The roles one user holds, loaded once per request."""

    def __init__(self, user: User) -> None:
        self.user = user

    @cached_property
    def memberships(self) -> list[Membership]:
        if not self.user.is_authenticated:
            return []
        return list(
            Membership.objects.active().filter(user=self.user).select_related("organization")
        )

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.memberships)

    def has(self, role: Role) -> bool:
        return role in self.roles

    def in_org(self, organization: Organization) -> frozenset[str]:
        return frozenset(m.role for m in self.memberships if m.organization_id == organization.pk)

    def organizations_where(self, role: Role) -> list[Organization]:
        return [m.organization for m in self.memberships if m.role == role]

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    @cached_property
    def has_mfa(self) -> bool:
        return user_has_mfa(self.user)

    @property
    def mfa_blocks_member_data(self) -> bool:
        """Staff without MFA may not open any member data until they turn it on."""
        return self.is_staff and not self.has_mfa

    @property
    def primary_role(self) -> str:
        """The role whose home page a person lands on: staff first, then support, then member."""
        for role in ROLE_ORDER:
            if role in self.roles:
                return role
        return Role.MEMBER


ROLE_ORDER = [
    Role.ORG_ADMIN,
    Role.COUNSELOR,
    Role.PEER_SPECIALIST,
    Role.HOUSE_MANAGER,
    Role.FACILITATOR,
    Role.MENTOR,
    Role.ALLY,
    Role.MEMBER,
]


def user_has_mfa(user: User) -> bool:
    if not user.is_authenticated:
        return False
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def roles_of(user: User) -> RoleSet:
    """The cached RoleSet for a user (the request's user carries one)."""
    cached = getattr(user, "_alongside_roles", None)
    if cached is None:
        cached = RoleSet(user)
        if user.is_authenticated:
            user._alongside_roles = cached  # type: ignore[attr-defined]
    return cached


def is_org_admin(user: User, organization: Organization) -> bool:
    return Role.ORG_ADMIN in roles_of(user).in_org(organization)


# People whose work is what members share with them (the home's "people who share with you").
SUPPORTERS = frozenset(STAFF_ROLES | SUPPORT_ROLES) - {Role.ORG_ADMIN}


def navigation_for(user: User, group: str = "main") -> list[Link]:
    """The navigation a person sees: what their roles can use, nothing else (alongside/shell.py)."""
    from alongside import shell

    return shell.links_for(shell.audience_of(user), group)

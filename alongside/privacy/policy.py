"""The one access policy: may this user see this scope of this member's data, and why?

Every app's access.py asks `require()` (or `decide()` for a yes/no without logging); nothing
else decides. Rules, in order:

1. A member always sees their own data.
2. The private journal is never shared.
3. An erased member's data is gone; only retained counseling records remain, and only for
   the organization that keeps them (see docs/privacy.md, "Retention").
4. Staff (peer specialist, counselor, house manager, org admin) see nothing until they have
   turned on MFA.
5. Otherwise an active grant from the member must name the viewer, or a role the viewer
   holds in the grant's organization, for this scope. An org admin gets nothing by office.

Not allowed answers 404 (through `require`), exactly as a record that does not exist. Every
access function denies through `refuse()`, which also writes the refusal to the security log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from alongside.accounts.models import Membership, Role, User
from alongside.accounts.roles import roles_of
from alongside.privacy.models import (
    JOURNAL,
    AccessLogEntry,
    Action,
    ConsentGrant,
    Interface,
    RetentionHold,
    Scope,
)
from alongside.privacy.security import record_refusal

# Who in the record-keeping organization may open retained counseling records.
RECORD_KEEPER_ROLES = frozenset({Role.COUNSELOR, Role.ORG_ADMIN})


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    grant: ConsentGrant | None = None

    def __bool__(self) -> bool:
        return self.allowed


def _grantee_filter(viewer: User) -> Q:
    """Grants naming the viewer, or a role the viewer actively holds in the grant's org."""
    roles = roles_of(viewer).memberships
    q = Q(grantee_user=viewer)
    for membership in roles:
        q |= Q(grantee_organization_id=membership.organization_id, grantee_role=membership.role)
    return q


def grant_names(
    *,
    grantee_user_id: int | None,
    grantee_organization_id: int | None,
    grantee_role: str,
    person_id: int,
    roles_held: Iterable[tuple[int, str]],
) -> bool:
    """The rule of `_grantee_filter` for a grant already read, for callers that check many
    people against many grants at once (aggregate figures): the grant names the person, or a
    role they actively hold (`roles_held`: their (organization id, role) pairs) in the grant's
    organization."""
    if grantee_user_id is not None:
        return grantee_user_id == person_id
    return (grantee_organization_id, grantee_role) in set(roles_held)


def _scope_in(grant: ConsentGrant, scope: str) -> bool:
    return scope in grant.scopes


def decide(viewer: User, member: User, scope: str, *, at=None) -> Decision:
    """Answer without side effects. `scope` is a Scope value (or JOURNAL)."""
    if not viewer.is_authenticated:
        return Decision(False, "signed_out")
    if viewer.pk == member.pk:
        return Decision(True, "self")
    if scope == JOURNAL:
        return Decision(False, "journal_is_private")
    if not member.is_active:
        return _decide_for_erased(viewer, member, scope, at)
    if roles_of(viewer).mfa_blocks_member_data:
        return Decision(False, "mfa_required")
    # JSON containment is not portable across SQLite and PostgreSQL, so filter scopes in Python;
    # a member holds a handful of grants at most.
    candidates = (
        ConsentGrant.objects.active(at)
        .filter(member=member)
        .filter(_grantee_filter(viewer))
        .order_by("created_at")
    )
    for grant in candidates:
        if _scope_in(grant, scope):
            return Decision(True, "grant", grant)
    return Decision(False, "no_grant")


def _grants_of_scope(viewer: User, member: User, scope: str, at=None) -> list[ConsentGrant]:
    """The member's grants in force that name the viewer (or a role of theirs) for `scope`."""
    grants = ConsentGrant.objects.active(at).filter(member=member).filter(_grantee_filter(viewer))
    return [grant for grant in grants if _scope_in(grant, scope)]


def milestone_tracks(viewer: User, member: User, *, at=None) -> frozenset[int] | None:
    """The member's track ids the viewer's "milestones" grants cover, together: None when one
    of them covers every track. Only meaningful once `decide` allowed milestones; the member
    sees every track of their own."""
    if not viewer.is_authenticated:
        return frozenset()
    if viewer.pk == member.pk:
        return None
    covered: set[int] = set()
    for grant in _grants_of_scope(viewer, member, Scope.MILESTONES, at):
        if grant.milestone_tracks is None:
            return None
        covered.update(grant.milestone_tracks)
    return frozenset(covered)


def shared_worksheets(viewer: User, member: User, *, at=None) -> frozenset[int] | None:
    """The member's worksheet ids the viewer's "worksheets" grants name, together (empty when
    none does). None for the member: they see every worksheet of their own. Only meaningful
    once `decide` allowed worksheets."""
    if not viewer.is_authenticated:
        return frozenset()
    if viewer.pk == member.pk:
        return None
    grants = _grants_of_scope(viewer, member, Scope.WORKSHEETS, at)
    return frozenset(pk for grant in grants for pk in grant.worksheets)


def grants_sharing_worksheet(member: User, worksheet_id: int, *, at=None) -> list[ConsentGrant]:
    """The member's grants in force that share this worksheet, for the member's own page
    ("Shared with: …"), oldest first."""
    grants = (
        ConsentGrant.objects.active(at)
        .filter(member=member)
        .select_related("grantee_user", "grantee_organization")
        .order_by("created_at")
    )
    return [g for g in grants if g.covers_worksheet(worksheet_id)]


def _decide_for_erased(viewer: User, member: User, scope: str, at=None) -> Decision:
    """After erasure only retained counseling records exist, for the organization keeping them."""
    if scope != Scope.COUNSELING:
        return Decision(False, "erased")
    holds = RetentionHold.objects.filter(member=member, retain_until__gt=at or timezone.now())
    held_orgs = set(holds.values_list("organization_id", flat=True))
    keepers = {
        m.organization_id for m in roles_of(viewer).memberships if m.role in RECORD_KEEPER_ROLES
    }
    if held_orgs & keepers and not roles_of(viewer).mfa_blocks_member_data:
        return Decision(True, "retention")
    return Decision(False, "erased")


def log_access(
    *,
    actor: User | None,
    member: User,
    scope: str,
    interface: str,
    action: str = Action.READ,
    grant: ConsentGrant | None = None,
    record: object | None = None,
    record_type: str = "",
) -> AccessLogEntry:
    """Append one row to the member's access log."""
    if record is not None:
        record_type = record_type or record._meta.label_lower  # type: ignore[attr-defined]
    return AccessLogEntry.objects.create(
        actor=actor,
        member=member,
        scope=scope,
        action=action,
        interface=interface,
        grant=grant,
        record_type=record_type,
        record_id=str(getattr(record, "pk", "") or ""),
    )


def refuse(
    actor: User | None,
    *,
    record_type: str,
    record_id: object = "",
    scope: str = "",
    interface: str | None = None,
) -> Http404:
    """The 404 an access function raises for a lookup that is missing or not the actor's, after
    writing it to the security log (missing and not-yours look alike here too).

    Use as `raise policy.refuse(user, record_type="journey.checkin", record_id=pk)`.
    """
    record_refusal(
        actor=actor, record_type=record_type, record_id=record_id, scope=scope, interface=interface
    )
    return Http404("Not found.")


def require(
    viewer: User,
    member: User,
    scope: str,
    *,
    interface: str = Interface.PAGE,
    record: object | None = None,
    record_type: str = "",
    action: str = Action.READ,
) -> Decision:
    """Allow or raise Http404; log every look at another person's data (one row per call)."""
    decision = decide(viewer, member, scope)
    if not decision.allowed:
        # A look at one record names it; a look at a member's whole scope names the member.
        asked = (
            (record._meta.label_lower, record.pk)  # type: ignore[attr-defined]
            if record is not None
            else ("accounts.user", member.pk)
        )
        # PAGE is also the default callers leave as it is; then the request says which it was.
        raise refuse(
            viewer,
            record_type=asked[0],
            record_id=asked[1],
            scope=scope,
            interface=None if interface == Interface.PAGE else interface,
        )
    if decision.reason != "self":
        log_access(
            actor=viewer,
            member=member,
            scope=scope,
            interface=interface,
            action=action,
            grant=decision.grant,
            record=record,
            record_type=record_type,
        )
    return decision


def scopes_shared_with(viewer: User) -> dict[int, list[str]]:
    """{member id: the scopes they share with the viewer now}: the people of
    `members_sharing_with`, without loading them (a caseload reads hundreds)."""
    if not viewer.is_authenticated or roles_of(viewer).mfa_blocks_member_data:
        return {}
    shared: dict[int, set[str]] = {}
    grants = (
        ConsentGrant.objects.active()
        .filter(_grantee_filter(viewer), member__is_active=True)
        .exclude(member=viewer)
        .values_list("member_id", "scopes")
    )
    for member_id, scopes in grants:
        shared.setdefault(member_id, set()).update(scopes)
    order = [s.value for s in Scope]
    return {pk: sorted(scopes, key=order.index) for pk, scopes in shared.items() if scopes}


def members_sharing_with(viewer: User, scope: str | None = None) -> list[tuple[User, list[str]]]:
    """People who currently share something with the viewer, with the scopes they share."""
    if not viewer.is_authenticated or roles_of(viewer).mfa_blocks_member_data:
        return []
    shared: dict[int, tuple[User, set[str]]] = {}
    grants = (
        ConsentGrant.objects.active()
        .filter(_grantee_filter(viewer), member__is_active=True)
        .exclude(member=viewer)
        .select_related("member")
        # Only who shares and what: a caseload lists hundreds of grants, and decrypting each
        # one's purpose was most of the time it took.
        .only("member", "scopes")
    )
    for grant in grants:
        scopes = {s for s in grant.scopes if scope is None or s == scope}
        if scopes:
            entry = shared.setdefault(grant.member_id, (grant.member, set()))
            entry[1].update(scopes)
    order = [s.value for s in Scope]
    return [
        (user, sorted(scopes, key=order.index))
        for user, scopes in sorted(shared.values(), key=lambda e: e[0].display_name)
    ]


def people_member_shares_with(member: User) -> list[User]:
    """Everyone the member shares something with now: a grant naming them, or a role grant
    reaching them. The mirror of `members_sharing_with`, by display name."""
    grants = list(
        ConsentGrant.objects.active()
        .filter(member=member, member__is_active=True)
        .select_related("grantee_user", "grantee_organization")
    )
    people: dict[int, User] = {}
    for grant in grants:
        if grant.grantee_user is not None and grant.grantee_user.is_active:
            people[grant.grantee_user.pk] = grant.grantee_user
    for readers in role_grant_readers(grants).values():
        for reader in readers:
            people[reader.pk] = reader
    people.pop(member.pk, None)
    return sorted(people.values(), key=lambda p: str(p.display_name))


def role_grant_readers(grants: list[ConsentGrant]) -> dict[int, list[User]]:
    """For each grant to a role ("every counselor at Riverbend"), the people it reaches now:
    active accounts actively holding that role in that organization, other than the member.

    One query for all the grants, so "Who can see my data" costs the same however many role
    grants a member has. Grants to a person are not in the answer.
    """
    role_grants = [g for g in grants if g.grantee_organization_id is not None]
    if not role_grants:
        return {}
    wanted = Q()
    for grant in role_grants:
        wanted |= Q(organization_id=grant.grantee_organization_id, role=grant.grantee_role)
    holders: dict[tuple[int | None, str], list[User]] = {}
    memberships = (
        Membership.objects.active().filter(wanted, user__is_active=True).select_related("user")
    )
    for membership in memberships:
        holders.setdefault((membership.organization_id, membership.role), []).append(
            membership.user
        )
    return {
        grant.pk: sorted(
            (
                u
                for u in holders.get((grant.grantee_organization_id, grant.grantee_role), [])
                if u.pk != grant.member_id
            ),
            key=lambda u: str(u.display_name),
        )
        for grant in role_grants
    }

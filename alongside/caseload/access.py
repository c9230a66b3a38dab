"""The only way from (user, id) to caseload objects. Missing and not-yours both raise Http404
(through `policy.refuse`, which writes the refusal to the security log).

A case record is reached by an active peer specialist of its organization while the member
shares something with them (a grant to them or to their role there, in force, their two-step
verification on): the member's sharing is the consent, and revoking it closes the record to
them on the next request. Each look is written to the member's access log.

What else the record shows follows the member's scopes with the specialist, each look logged
by the policy: their recovery goals (to read and change together) only while they share
"plans", their last BARC-10 only while they share "assessments".

A supervisor (training: the person an organization's admin named to supervise a peer
specialist) sees counts of each supervisee's caseload, and names only of the members who also
share with the supervisor: a grant to the supervisor, or to a role they hold, or to the peer
specialists of the organization where they supervise. Each name shown is logged.
"""

from __future__ import annotations

from django.core.paginator import Page

from alongside.accounts.models import Role, User
from alongside.accounts.roles import roles_of
from alongside.assessments.models import Administration
from alongside.caseload import services
from alongside.caseload.models import CaseRecord, FollowUp
from alongside.journey.models import GoalStep, RecoveryGoal
from alongside.privacy import policy
from alongside.privacy.models import CASELOAD, Action, ConsentGrant, Interface, Scope
from alongside.training.models import Supervision


def _sharing_member(user: User, member_id: int) -> User | None:
    if not user.is_authenticated or not services.organizations_of(user):
        return None  # only peer specialists keep case records
    if member_id not in policy.scopes_shared_with(user):
        return None  # the member shares nothing with them (now)
    return User.objects.filter(pk=member_id).first()


def access_member_record(
    user: User, member_id: int, *, interface: str = Interface.PAGE
) -> CaseRecord:
    """The member's case record in the peer specialist's organization (opened on first
    access), for a peer specialist the member shares with."""
    member = _sharing_member(user, member_id)
    if member is None:
        raise policy.refuse(user, record_type="caseload.caserecord", record_id=member_id)
    record = services.record_for(staff=user, member=member)
    policy.log_access(actor=user, member=member, scope=CASELOAD, interface=interface, record=record)
    return record


def access_caseload_member(user: User, member_id: int) -> User:
    """A member on the peer specialist's caseload (sharing anything with them), for a call
    that then asks for the scope it needs (require_plans); nothing of theirs is read here."""
    member = _sharing_member(user, member_id)
    if member is None:
        raise policy.refuse(user, record_type="accounts.user", record_id=member_id)
    return member


def access_follow_up(user: User, follow_up_id: int) -> FollowUp:
    found = FollowUp.objects.filter(pk=follow_up_id).select_related("record").first()
    if found is None or _sharing_member(user, found.record.member_id) is None:
        raise policy.refuse(user, record_type="caseload.followup", record_id=follow_up_id)
    return found


# ---------------------------------------------------------------- goals, by "plans"


def member_goals(
    user: User, member: User, *, interface: str = Interface.PAGE
) -> list[RecoveryGoal] | None:
    """The member's recovery goals for the record page, or None when they do not share their
    plans with the user (the page says so). A look is logged under "plans"."""
    if not policy.decide(user, member, Scope.PLANS):
        return None
    policy.require(
        user, member, Scope.PLANS, interface=interface, record_type="journey.recoverygoal"
    )
    return services.member_goals(member)


def require_plans(
    user: User, member: User, *, interface: str = Interface.PAGE, action: str = Action.WRITE
) -> None:
    """Http404 unless the member shares their plans with the user; logs the change (or look)."""
    policy.require(
        user,
        member,
        Scope.PLANS,
        interface=interface,
        action=action,
        record_type="journey.recoverygoal",
    )


def access_member_goal(
    user: User,
    member_id: int,
    goal_id: int,
    *,
    interface: str = Interface.PAGE,
    action: str = Action.READ,
) -> RecoveryGoal:
    """One of the member's goals, for a peer specialist the member shares their plans with
    (a look, or with `action` WRITE a change, logged with the goal's id)."""
    member = _sharing_member(user, member_id)
    goal = (
        RecoveryGoal.objects.filter(pk=goal_id, member=member).select_related("member").first()
        if member is not None
        else None
    )
    if goal is None:
        raise policy.refuse(user, record_type="journey.recoverygoal", record_id=goal_id)
    # The caseload reaches a member sharing anything; their goals need "plans" too.
    policy.require(user, goal.member, Scope.PLANS, interface=interface, record=goal, action=action)
    return goal


def access_member_goal_step(
    user: User, member_id: int, goal_id: int, step_id: int, *, interface: str = Interface.PAGE
) -> GoalStep:
    """A step of one of the member's goals, to mark done or not (logged as a change)."""
    goal = access_member_goal(user, member_id, goal_id, interface=interface, action=Action.WRITE)
    step = goal.steps.filter(pk=step_id).first()
    if step is None:
        raise policy.refuse(user, record_type="journey.goalstep", record_id=step_id)
    step.goal = goal
    return step


# ---------------------------------------------------------------- BARC-10, by "assessments"


def last_barc10_for(
    user: User, member: User, *, interface: str = Interface.PAGE
) -> tuple[bool, Administration | None]:
    """Whether the member shares their assessments with the user, and if so their latest
    BARC-10 (None before the first); a look at one is logged with its id."""
    if not policy.decide(user, member, Scope.ASSESSMENTS):
        return False, None
    latest = services.last_barc10(member)
    if latest is not None:
        policy.require(user, member, Scope.ASSESSMENTS, interface=interface, record=latest)
    return True, latest


# ---------------------------------------------------------------- supervisors


def access_supervision(user: User, supervisee_id: int) -> Supervision:
    """The user's supervision of an active peer specialist (training), to open that person's
    caseload read-only; Http404 for anyone the user does not supervise now."""
    supervision = (
        Supervision.objects.active()
        .filter(supervisor_id=user.pk, supervisee_id=supervisee_id, supervisee__is_active=True)
        .select_related("supervisee", "organization")
        .first()
        if user.is_authenticated
        else None
    )
    if supervision is None or not services.organizations_of(supervision.supervisee):
        raise policy.refuse(user, record_type="accounts.user", record_id=supervisee_id)
    supervision.supervisor = user  # the request's user, with its roles already read
    return supervision


def _shared_with_supervisor(supervision: Supervision) -> dict[int, set[str]]:
    """{member id: scopes} of everyone who shares with the supervisor: through the policy (a
    grant to them or a role of theirs), or by a grant to the peer specialists of the
    organization where they supervise (sharing with a team includes the one who oversees it)."""
    supervisor = supervision.supervisor
    # As the policy has it: staff see nothing before they turn on two-step verification.
    if roles_of(supervisor).mfa_blocks_member_data:
        return {}
    shared = {pk: set(scopes) for pk, scopes in policy.scopes_shared_with(supervisor).items()}
    team_grants = ConsentGrant.objects.active().filter(
        grantee_organization=supervision.organization,
        grantee_role=Role.PEER_SPECIALIST,
        member__is_active=True,
    )
    for grant in team_grants.exclude(member_id=supervisor.pk):
        shared.setdefault(grant.member_id, set()).update(grant.scopes)
    return shared


def supervisee_caseload(
    user: User,
    supervision: Supervision,
    *,
    interface: str = Interface.PAGE,
    show: str = "",
    sort: str = "name",
    number: int | str | None = 1,
    size: int | None = None,
) -> tuple[Page, services.Counts]:
    """The supervisee's caseload as the supervisor may read it: a page (`size` rows, or all)
    of a view of the members who also share with the supervisor, each showing only what the
    member shares with both (each row shown is logged), and the counts of the whole caseload,
    which name nobody."""
    supervisee = supervision.supervisee
    everyone = services.people_sharing_with(supervisee)
    with_supervisor = _shared_with_supervisor(supervision)
    both = [
        (member, [s for s in scopes if s in with_supervisor[member.pk]])
        for member, scopes in everyone
        if member.pk in with_supervisor
    ]
    page = services.table_page(
        supervisee, show=show, sort=sort, number=number, size=size or len(both) or 1, sharing=both
    )
    for row in page.object_list:
        policy.log_access(
            actor=user,
            member=row.member,
            scope=CASELOAD,
            interface=interface,
            record=row.record or row.member,
        )
    return page, services.counts_of(services.caseload(supervisee, sharing=everyone))

"""The only way from (user, id) to assignment runs, program places and caseload settings.
Missing and not-yours both raise Http404 (through `policy.refuse`, which writes the refusal to
the security log).

- an organization to assign in, and a run: its active admins and its supervisors, with two-step
  verification on (`services.may_assign`). Reading a run names everyone in it with what the
  match used (languages, pathways, time zones): each such read is written to every one of those
  people's access log.
- an organization's mentoring program, to join: its members.
- a place in a program: its member alone.
- a peer specialist's caseload capacity: the specialist, and their organization's admins.
"""

from __future__ import annotations

from alongside.accounts.models import Membership, Organization, Role, User
from alongside.accounts.roles import roles_of
from alongside.matching import services
from alongside.matching.models import AssignmentRun, ProgramEnrolment, RunKind
from alongside.privacy import policy
from alongside.privacy.models import CASELOAD, AccessLogEntry, Interface

# Not a grant scope: what a mentee gave the mentoring program when joining it (their choice to
# join is the consent). Written in the access log like a scope.
PROGRAM = "mentoring_program"


def access_assigning_organization(user: User, organization_id: int) -> Organization:
    """An organization where the user starts runs: its admins and supervisors."""
    found = next(
        (o for o in services.organizations_assigned_by(user) if o.pk == organization_id), None
    )
    if found is None:
        raise policy.refuse(user, record_type="accounts.organization", record_id=organization_id)
    return found


def access_run(
    user: User, run_id: int, *, interface: str = Interface.PAGE, reading: bool = True
) -> AssignmentRun:
    """A run, for its organization's admins and supervisors. `reading` (the run is shown) logs
    the look in the access log of each person it names as waiting; deciding shows nobody."""
    found = (
        AssignmentRun.objects.filter(pk=run_id)
        .select_related("organization", "started_by", "decided_by")
        .first()
        if user.is_authenticated
        else None
    )
    if found is None or not services.may_assign(user, found.organization):
        raise policy.refuse(user, record_type="matching.assignmentrun", record_id=run_id)
    if reading:
        _log_reads(user, found, interface)
    return found


def _log_reads(user: User, run: AssignmentRun, interface: str) -> None:
    """One access-log row for each person the run lists, in one insert however many (a run
    can hold a whole organization's waiting list); the person's own look is not logged."""
    people = set(run.pairs.values_list("seeker_id", flat=True)) | set(
        run.unmatched.values_list("seeker_id", flat=True)
    )
    people.discard(user.pk)
    scope = CASELOAD if run.kind == RunKind.CASELOAD else PROGRAM
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            actor=user,
            member_id=member_id,
            scope=scope,
            interface=interface,
            record_type="matching.assignmentrun",
            record_id=str(run.pk),
        )
        for member_id in sorted(people)
    )


def access_program(user: User, organization_id: int) -> Organization:
    """An organization whose mentoring program the user may join: they are a member there."""
    found = (
        next((o for o in services.programs_open_to(user) if o.pk == organization_id), None)
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="accounts.organization", record_id=organization_id)
    return found


def access_own_enrolment(user: User, enrolment_id: int) -> ProgramEnrolment:
    """The user's own place in a mentoring program."""
    found = (
        ProgramEnrolment.objects.filter(pk=enrolment_id, member=user)
        .select_related("organization")
        .first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="matching.programenrolment", record_id=enrolment_id)
    return found


def access_specialist_membership(user: User, membership_id: int) -> Membership:
    """An active peer-specialist role whose caseload capacity the user sets: their own, or one
    at an organization they administer (two-step verification on)."""
    found = (
        Membership.objects.active()
        .filter(pk=membership_id, role=Role.PEER_SPECIALIST, user__is_active=True)
        .select_related("user", "organization")
        .first()
        if user.is_authenticated
        else None
    )
    is_own = found is not None and found.user_id == user.pk
    roles = roles_of(user)
    is_admin = (
        found is not None
        and not roles.mfa_blocks_member_data  # staff without MFA change nothing of others'
        and Role.ORG_ADMIN in roles.in_org(found.organization)
    )
    if found is None or not (is_own or is_admin):
        raise policy.refuse(user, record_type="accounts.membership", record_id=membership_id)
    return found

"""The only way from (user, id) to meetings objects. Missing and not-yours both raise Http404.

The directory (programs, groups, meetings, feeds) is public, as meeting lists are; who holds a
group's service positions is for the group's own leaders and servants. Attendance is a member's
sensitive data: anyone but the member reaches it through the consent policy (scope
"attendance"), a request the member sent to a group's facilitators, or a proof sheet the member
handed out; every look is logged. Refusals go through `policy.refuse` (the security log).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from alongside.accounts.models import Role, User
from alongside.accounts.roles import roles_of
from alongside.meetings.models import (
    AttendanceRecord,
    CalendarFeed,
    Group,
    ImportRun,
    ImportSource,
    Meeting,
    PositionRole,
    ProofSheet,
    ServiceTerm,
)
from alongside.privacy import policy
from alongside.privacy.models import Interface, Scope

IMPORT_ROLES = frozenset({Role.FACILITATOR, Role.ORG_ADMIN})


def access_meeting(user: User | AnonymousUser, meeting_id: int) -> Meeting:
    """Any listed or inactive meeting (the directory is public); not one its feed dropped."""
    meeting = (
        Meeting.objects.present()
        .select_related("program", "group", "source")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def access_group(user: User | AnonymousUser, slug: str) -> Group:
    group = Group.objects.select_related("program", "organization").filter(slug=slug).first()
    if group is None:
        raise Http404("No such group.")
    return group


def leads_group(user: User | AnonymousUser, group: Group) -> bool:
    """Facilitators of the group, and admins of the organization it belongs to."""
    if not user.is_authenticated:
        return False
    if group.facilitators.filter(user=user).exists():
        return True
    return group.organization is not None and Role.ORG_ADMIN in roles_of(user).in_org(
        group.organization
    )


def serves_group(user: User | AnonymousUser, group: Group) -> bool:
    """Those who lead it, and members holding one of its service positions now."""
    if leads_group(user, group):
        return True
    return (
        user.is_authenticated
        and group.service_terms.filter(holder=user, ends_on__isnull=True).exists()
    )


def access_led_group(user: User, slug: str) -> Group:
    """A group the user facilitates or administers (for service positions)."""
    group = access_group(user, slug)
    # Others learn nothing about who serves or what was decided.
    if not leads_group(user, group):
        raise policy.refuse(user, record_type="meetings.group", record_id=group.pk)
    return group


def access_served_group(user: User, slug: str) -> Group:
    """A group whose business meeting notes the user may read: leaders and trusted servants."""
    group = access_group(user, slug)
    if not serves_group(user, group):
        raise policy.refuse(user, record_type="meetings.group", record_id=group.pk)
    return group


def service_positions(
    user: User | AnonymousUser, group: Group
) -> list[tuple[str, bool, str | None]]:
    """The group's current positions as (position, filled, holder's name), for its public page.

    Names are for the group's own leaders and servants (its facilitators, its organization's
    admins, and members holding one of its positions now); everyone else, signed in or not,
    reads only whether each position is filled (the name is None).
    """
    terms = ServiceTerm.objects.filter(group=group, ends_on__isnull=True).select_related("holder")
    names = serves_group(user, group)
    labels = dict(PositionRole.choices)
    return [
        (
            str(labels.get(t.role, t.role)),
            t.holder_id is not None,
            t.holder.display_name if names and t.holder is not None else None,
        )
        for t in terms
    ]


def access_facilitated_meeting(user: User, meeting_id: int) -> Meeting:
    """A meeting of a group the user leads (to show its attendance code)."""
    meeting = access_meeting(user, meeting_id)
    # Imported meetings have no group here: nobody shows a code for them.
    if meeting.group is None or not leads_group(user, meeting.group):
        raise policy.refuse(user, record_type="meetings.meeting", record_id=meeting.pk)
    return meeting


def group_attendance(
    user: User, slug: str, *, since: dt.datetime, interface: str = Interface.PAGE
) -> tuple[Group, list[tuple[AttendanceRecord, bool]]]:
    """A group the user leads, with its meetings' attendance records since `since`, newest first,
    each with whether the user may see who it is. Every record is counted; a member is named only
    as the existing rules allow a leader to see their attendance: a record the member asked this
    group to confirm, or a member who granted the user "attendance". Each named record writes a
    row to that member's access log. Raises Http404 for a group the user does not lead."""
    group = access_led_group(user, slug)
    records = list(
        AttendanceRecord.objects.filter(meeting__group=group, occurred_at__gte=since)
        .select_related("member", "meeting")
        .order_by("-occurred_at", "meeting_id", "pk")
    )
    decisions: dict[int, policy.Decision] = {}
    shown = []
    for record in records:
        if record.member_id not in decisions:
            decisions[record.member_id] = policy.decide(user, record.member, Scope.ATTENDANCE)
        shares = decisions[record.member_id]
        # The member asked this group's leaders to confirm it, or shares their attendance.
        named = record.confirmation_requested or shares.allowed
        if named:
            grant = shares.grant if shares.allowed else None
            policy.log_access(
                actor=user,
                member=record.member,
                scope=Scope.ATTENDANCE,
                interface=interface,
                grant=grant,
                record=record,
            )
        shown.append((record, named))
    return group, shown


def groups_led_by(user: User) -> QuerySet[Group]:
    if not user.is_authenticated:
        return Group.objects.none()
    admin_orgs = [o.pk for o in roles_of(user).organizations_where(Role.ORG_ADMIN)]
    return (
        Group.objects.filter(Q(facilitators__user=user) | Q(organization_id__in=admin_orgs))
        .distinct()
        .select_related("program")
    )


def access_confirmation_request(user: User, record_id: int) -> AttendanceRecord:
    """A hand-added record whose member asked the user's group to confirm it. Not logged here:
    confirming writes the access-log row (`services.confirm_attendance`)."""
    record = (
        AttendanceRecord.objects.select_related("meeting__group", "member")
        .filter(pk=record_id, confirmation_requested=True)
        .first()
    )
    # The member asked this group for confirmation; no one else sees the request.
    if (
        record is None
        or record.meeting is None
        or record.meeting.group is None
        or not leads_group(user, record.meeting.group)
    ):
        raise policy.refuse(user, record_type="meetings.attendancerecord", record_id=record_id)
    return record


def confirmation_requests_waiting(user: User) -> int:
    """How many requests wait for the user's groups to confirm: a number, naming nobody, so
    nothing of any member is shown and nothing is logged (the list: confirmation_requests_for)."""
    return AttendanceRecord.objects.filter(
        confirmation_requested=True,
        confirmed_at__isnull=True,
        meeting__group__in=groups_led_by(user),
    ).count()


def confirmation_requests_for(
    user: User, *, interface: str = Interface.PAGE
) -> list[AttendanceRecord]:
    """Requests waiting for the user's groups to confirm. Showing one shows a member's attendance
    to someone other than the member, so each shown request writes a row to that member's log."""
    requests = list(
        AttendanceRecord.objects.filter(
            confirmation_requested=True,
            confirmed_at__isnull=True,
            meeting__group__in=groups_led_by(user),
        ).select_related("member", "meeting")
    )
    for record in requests:
        policy.log_access(
            actor=user,
            member=record.member,
            scope=Scope.ATTENDANCE,
            interface=interface,
            record=record,
        )
    return requests


def access_own_attendance(user: User, record_id: int) -> AttendanceRecord:
    record = (
        AttendanceRecord.objects.filter(pk=record_id, member=user).first()
        if user.is_authenticated
        else None
    )
    if record is None:
        raise policy.refuse(user, record_type="meetings.attendancerecord", record_id=record_id)
    return record


def access_member_attendance(
    viewer: User, member_id: int, *, interface: str = Interface.PAGE
) -> tuple[User, QuerySet[AttendanceRecord]]:
    """A member's attendance, for the member or someone they granted "attendance" to.

    Writes one access-log row per call when the viewer is not the member; raises Http404 when
    the member does not exist or has not shared attendance with the viewer.
    """
    member = User.objects.filter(pk=member_id).first()
    if member is None:
        raise policy.refuse(
            viewer, record_type="accounts.user", record_id=member_id, scope=Scope.ATTENDANCE
        )
    policy.require(
        viewer,
        member,
        Scope.ATTENDANCE,
        interface=interface,
        record_type="meetings.attendancerecord",
    )
    return member, AttendanceRecord.objects.for_member(member).select_related(
        "meeting__program", "confirmed_by"
    )


def access_proof_sheet(
    viewer: User | AnonymousUser, code: str
) -> tuple[ProofSheet, list[AttendanceRecord]]:
    """The sheet behind a check address, for whoever holds it (signed in or not), with its records.

    Every look writes a row to the member's access log (interface "proof", the viewer when signed
    in). An unknown code, including the signed codes of earlier versions, is a refused lookup.
    """
    sheet = (
        ProofSheet.objects.select_related("member")
        .filter(code=code, member__is_active=True)
        .first()
    )
    actor = viewer if viewer.is_authenticated else None
    if sheet is None:
        raise policy.refuse(actor, record_type="meetings.proofsheet", interface=Interface.PROOF)
    policy.log_access(
        actor=actor,
        member=sheet.member,
        scope=Scope.ATTENDANCE,
        interface=Interface.PROOF,
        record=sheet,
    )
    records = list(
        sheet.records.select_related("meeting__program", "confirmed_by").order_by("occurred_at")
    )
    return sheet, records


def access_calendar(key: str) -> CalendarFeed:
    """The "my meetings" calendar behind a secret address (calendar apps cannot sign in)."""
    feed = (
        CalendarFeed.objects.select_related("member")
        .filter(key=key, member__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404("No such calendar.")
    return feed


STEWARD_PERMISSION = "meetings.steward_directory"


def is_directory_steward(user: User) -> bool:
    """Holds the site-wide directory's permission (given in the admin, or to superusers)."""
    return user.is_authenticated and user.is_active and user.has_perm(STEWARD_PERMISSION)


def source_owner_organizations(user: User) -> list[int]:
    """Organizations whose sources the user owns: where they are an org admin or facilitator."""
    if not user.is_authenticated:
        return []
    return [m.organization_id for m in roles_of(user).memberships if m.role in IMPORT_ROLES]


def owns_source(user: User, source: ImportSource) -> bool:
    """The one rule for importing into a source, for pages, the API and the worker alike."""
    # A source of no organization is the site-wide directory's: its stewards own it.
    if source.organization_id is None:
        return is_directory_steward(user)
    return source.organization_id in source_owner_organizations(user)


def may_lead_groups(user: User) -> bool:
    """Facilitators and org admins start groups (for their organizations, or independent ones)."""
    return bool(source_owner_organizations(user))


def can_import(user: User) -> bool:
    """Owns some source, or could start one (an org admin or facilitator, or a steward)."""
    return bool(source_owner_organizations(user)) or is_directory_steward(user)


def importable_sources(user: User) -> QuerySet[ImportSource]:
    """The sources the user owns (see owns_source)."""
    if not can_import(user):
        return ImportSource.objects.none()
    owned = Q(organization_id__in=source_owner_organizations(user))
    if is_directory_steward(user):
        owned |= Q(organization__isnull=True)
    return ImportSource.objects.filter(owned).select_related("program", "organization")


def access_import_source(user: User, slug: str) -> ImportSource:
    """A source the user owns; Http404 for one that is missing or not theirs."""
    source = importable_sources(user).filter(slug=slug).first()
    if source is None:
        raise Http404("No such source.")
    return source


def access_import_run(user: User, run_id: int) -> ImportRun:
    """An import into a source the user owns; Http404 otherwise."""
    run = (
        ImportRun.objects.select_related("source__program", "started_by")
        .filter(pk=run_id, source__in=importable_sources(user))
        .first()
    )
    if run is None:
        raise Http404("No such import.")
    return run


def access_review_meeting(user: User, meeting_id: int) -> Meeting:
    """A meeting whose conference link waits for review, for a directory steward only."""
    # Others learn nothing of what waits for review.
    if not is_directory_steward(user):
        raise Http404("Not found.")
    meeting = Meeting.objects.present().filter(pk=meeting_id, conference_needs_review=True).first()
    if meeting is None:
        raise Http404("Not found.")
    return meeting

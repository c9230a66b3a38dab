"""The only way from (user, id) to counseling objects. Missing and not-yours both raise Http404
(through `policy.refuse`, which writes the refusal to the security log).

A counselor (an active counselor of an organization) reaches a member's counseling records
only while the member shares "counseling" with them: a grant to them or to the counselors of
their organization, in force, their two-step verification on. Revoking closes everything on
the next request. Every look at another person's record writes the member's access log under
"counseling" (policy.require).

A member reaches their own appointments, plans and notes (never another attendee's: a group's
members do not see each other's records). Nobody else reaches any of it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from alongside.accounts.models import Organization, Role, User
from alongside.accounts.roles import roles_of
from alongside.assessments.access import access_member_assessments
from alongside.assessments.models import SafetyAlert
from alongside.counseling.models import (
    Appointment,
    Attendee,
    GroupMember,
    PlanStatus,
    PlanVersion,
    SessionNote,
    TherapyGroup,
    TreatmentPlan,
)
from alongside.journey.access import access_member_medication
from alongside.journey.models import CheckIn
from alongside.privacy import policy
from alongside.privacy.models import AccessLogEntry, Action, ConsentGrant, Interface, Scope


def counselor_organizations(user: User) -> list[Organization]:
    """Organizations where the person is an active counselor."""
    if not user.is_authenticated:
        return []
    return roles_of(user).organizations_where(Role.COUNSELOR)


def is_counselor(user: User) -> bool:
    return bool(counselor_organizations(user))


def shares_counseling(counselor: User, member: User) -> bool:
    """Whether the member shares their counseling records with this counselor now (no log:
    for choices such as who may be booked; reads go through `require_counseling`)."""
    return (
        is_counselor(counselor)
        and counselor.pk != member.pk
        and bool(policy.decide(counselor, member, Scope.COUNSELING).allowed)
    )


def clients_of(user: User) -> list[User]:
    """The people who share counseling with the counselor now, by name: whom a plan can be
    started with. Names only, nothing of their records, so nothing is logged."""
    if not is_counselor(user):
        return []
    return [member for member, _scopes in policy.members_sharing_with(user, Scope.COUNSELING)]


def require_counseling(
    user: User,
    member: User,
    *,
    interface: str = Interface.PAGE,
    record: object | None = None,
    record_type: str = "",
    action: str = Action.READ,
) -> None:
    """Http404 unless `user` is the member or a counselor they share counseling with; logs
    every look (or, with `action`, change) by someone else."""
    if user.is_authenticated and user.pk == member.pk:
        return
    if not is_counselor(user):
        asked = record._meta.label_lower if record is not None else "accounts.user"  # type: ignore[attr-defined]
        raise policy.refuse(user, record_type=asked, record_id=getattr(record, "pk", member.pk))
    policy.require(
        user,
        member,
        Scope.COUNSELING,
        interface=interface,
        record=record,
        record_type=record_type,
        action=action,
    )


def access_client(
    user: User,
    member_id: int,
    *,
    interface: str = Interface.PAGE,
    record_type: str = "",
    action: str = Action.READ,
) -> User:
    """A member who shares counseling with the counselor (the look, or with `action` the
    change, is logged under "counseling", naming `record_type` when given)."""
    member = (
        User.objects.filter(pk=member_id, is_active=True).first() if is_counselor(user) else None
    )
    if member is None or member.pk == user.pk or not shares_counseling(user, member):
        raise policy.refuse(user, record_type="accounts.user", record_id=member_id)
    require_counseling(
        user,
        member,
        interface=interface,
        record_type=record_type or "accounts.user",
        action=action,
    )
    return member


def access_counselor(user: User, counselor_id: int) -> User:
    """A counselor the member shares counseling with (whom they may ask for a time)."""
    found = User.objects.filter(pk=counselor_id, is_active=True).first()
    if found is None or not shares_counseling(found, user):
        raise policy.refuse(user, record_type="accounts.user", record_id=counselor_id)
    return found


def access_appointment(
    user: User, appointment_id: int, *, interface: str = Interface.PAGE, action: str = Action.READ
) -> Appointment:
    """An appointment, for its counselor or one of its attendees.

    The counselor reaches it while at least one attendee shares counseling with them (a group
    session whose members all stopped sharing closes); each attendee reaches their own place
    in it, and sees nothing of the others'."""
    found = (
        Appointment.objects.filter(pk=appointment_id)
        .select_related("group", "counselor", "organization")
        .first()
    )
    if found is not None and user.is_authenticated:
        if found.counselor_id == user.pk and is_counselor(user):
            members = [a.member for a in found.attendees.select_related("member")]
            sharing = [m for m in members if shares_counseling(user, m)]
            if sharing or not members:
                for member in sharing:
                    policy.log_access(
                        actor=user,
                        member=member,
                        scope=Scope.COUNSELING,
                        interface=interface,
                        action=action,
                        record=found,
                    )
                return found
        elif found.attendees.filter(member=user).exists():
            return found
    raise policy.refuse(user, record_type="counseling.appointment", record_id=appointment_id)


def access_held_appointment(
    user: User, appointment_id: int, *, interface: str = Interface.PAGE
) -> Appointment:
    """An appointment to change, for the counselor who holds it (the change is logged as a
    write). An attendee may see it but not change it: PermissionDenied; anyone else 404."""
    found = access_appointment(user, appointment_id, interface=interface, action=Action.WRITE)
    if found.counselor_id != user.pk:
        raise PermissionDenied(_("Only the counselor who holds this appointment can change it."))
    return found


def access_appointment_feed(token: str) -> User:
    """The person behind a secret appointments-feed address ("<calendar id>-<secret>", see
    services.appointment_calendars.feed_token): calendar applications cannot sign in."""
    from alongside.counseling.services.appointment_calendars import feed_digest
    from alongside.meetings.models import CalendarFeed

    calendar_id, _dash, digest = token.partition("-")
    found = (
        CalendarFeed.objects.filter(pk=int(calendar_id), member__is_active=True)
        .select_related("member")
        .first()
        if calendar_id.isascii() and calendar_id.isdigit() and len(calendar_id) < 19
        else None
    )
    # Compared in constant time: the secret is the only thing that protects the address.
    if found is None or not constant_time_compare(feed_digest(found.key), digest):
        raise policy.refuse(None, record_type="counseling.feed", record_id=calendar_id[:20])
    return found.member


def access_group(user: User, group_id: int) -> TherapyGroup:
    """A therapy group, for the counselor who runs it (its roster is theirs to keep)."""
    found = (
        TherapyGroup.objects.filter(pk=group_id, counselor=user).first()
        if is_counselor(user)
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="counseling.therapygroup", record_id=group_id)
    return found


def access_roster_place(user: User, group_id: int, member_id: int) -> GroupMember:
    """A member's current place on the roster of a group the user runs (to take them off it,
    whether or not they still share: nothing of theirs is read)."""
    group = access_group(user, group_id)
    place = group.roster.filter(member_id=member_id, left_on__isnull=True).first()
    if place is None:
        raise policy.refuse(user, record_type="counseling.groupmember", record_id=member_id)
    place.group = group
    return place


def access_plan(
    user: User, plan_id: int, *, interface: str = Interface.PAGE, action: str = Action.READ
) -> TreatmentPlan:
    """A treatment plan, for its member or a counselor the member shares counseling with."""
    found = TreatmentPlan.objects.filter(pk=plan_id).select_related("member").first()
    if found is None or not user.is_authenticated:
        raise policy.refuse(user, record_type="counseling.treatmentplan", record_id=plan_id)
    require_counseling(user, found.member, interface=interface, record=found, action=action)
    return found


def access_plan_to_change(
    user: User, plan_id: int, *, interface: str = Interface.PAGE, action: str = Action.WRITE
) -> TreatmentPlan:
    """A plan to write, sign, review or close as a counselor (the change logged, or with
    `action` READ the look at its editor). Http404 as `access_plan`; PermissionDenied for the
    member, who reads and co-signs their plan but does not write it."""
    found = access_plan(user, plan_id, interface=interface, action=action)
    if found.member_id == user.pk:
        raise PermissionDenied(_("Your counselor writes and signs the plan; you co-sign it."))
    return found


def access_plan_to_cosign(
    user: User, plan_id: int, *, interface: str = Interface.PAGE
) -> TreatmentPlan:
    """The member's own plan, to co-sign. Http404 as `access_plan`; PermissionDenied for a
    counselor who may read it (only the member co-signs)."""
    found = access_plan(user, plan_id, interface=interface)
    if found.member_id != user.pk:
        raise PermissionDenied(_("Only the person whose plan this is co-signs it."))
    return found


def access_plan_version(
    user: User, plan_id: int, number: int, *, interface: str = Interface.PAGE
) -> PlanVersion:
    """One version of a plan (the read logged as a read of the plan, as `access_plan`)."""
    plan = access_plan(user, plan_id, interface=interface)
    found = plan.versions.filter(number=number).select_related("written_by").first()
    if found is None:
        raise policy.refuse(user, record_type="counseling.planversion", record_id=number)
    found.plan = plan
    return found


def access_member_plans(user: User, member_id: int, *, interface: str = Interface.PAGE) -> User:
    """The person whose plans are listed: the user themselves, or a client who shares
    counseling with the counselor (the look logged once, as a look at their plans)."""
    if user.is_authenticated and user.pk == member_id:
        return user
    return access_client(
        user, member_id, interface=interface, record_type="counseling.treatmentplan"
    )


def plans_shared_with(
    user: User,
    *,
    interface: str = Interface.PAGE,
    due_by: datetime.date | None = None,
) -> list[TreatmentPlan]:
    """The plans of everyone who shares counseling with the counselor now (not closed ones;
    with `due_by`, only plans in effect whose review falls on or before that day), soonest
    review first. Each plan listed is a look at it, logged: one row each, in one insert
    however many (the list's query count stays the same as a caseload grows)."""
    if not is_counselor(user):
        return []
    sharing = [
        pk for pk, scopes in policy.scopes_shared_with(user).items() if Scope.COUNSELING in scopes
    ]
    found = TreatmentPlan.objects.filter(member_id__in=sharing).exclude(status=PlanStatus.CLOSED)
    if due_by is not None:
        found = found.filter(status=PlanStatus.ACTIVE, next_review_on__lte=due_by)
    plans = sorted(
        found.select_related("member", "counselor"),
        key=lambda p: (p.next_review_on is None, p.next_review_on or datetime.date.min, p.pk),
    )
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            actor=user,
            member_id=plan.member_id,
            scope=Scope.COUNSELING,
            interface=interface,
            record_type="counseling.treatmentplan",
            record_id=str(plan.pk),
        )
        for plan in plans
    )
    return plans


def access_note(
    user: User, note_id: int, *, interface: str = Interface.PAGE, action: str = Action.READ
) -> SessionNote:
    """A session note, for its member or a counselor the member shares counseling with (every
    read logged). Only its author changes it, and only until it is signed (services)."""
    found = SessionNote.objects.filter(pk=note_id).select_related("member", "author").first()
    if found is None or not user.is_authenticated:
        raise policy.refuse(user, record_type="counseling.sessionnote", record_id=note_id)
    require_counseling(user, found.member, interface=interface, record=found, action=action)
    return found


# ---------------------------------------------------------------- the client page and alerts


def access_client_record(user: User, member_id: int, *, interface: str = Interface.PAGE) -> User:
    """A member's counseling record as their care team reads it (the client page): for the
    member themself (who sees what their counselors see), or a counselor they share counseling
    with (the look logged under "counseling"). Http404 for everyone else."""
    if user.is_authenticated and user.pk == member_id:
        return user
    return access_client(user, member_id, interface=interface)


@dataclass(frozen=True)
class ClientShares:
    """What else a member shares with the person reading their client page."""

    # Their medication answers (check-ins), or None when they do not share medication.
    medication: QuerySet[CheckIn] | None
    # Whether they share assessments: schedules kept, and their safety alerts for a counselor.
    assessments: bool
    # Whether the reader works the member's safety alerts (a counselor, not the member).
    works_alerts: bool


def access_client_shares(
    user: User, member: User, *, interface: str = Interface.PAGE
) -> ClientShares:
    """The rest of what the client page shows, each by its own scope: medication answers through
    the journey's access (logged under "medication"), assessment schedules and safety alerts
    through the assessments' (logged under "assessments"). The caller has reached `member`
    through `access_client_record`; a scope not shared is simply not shown (nothing logged)."""
    medication = None
    if policy.decide(user, member, Scope.MEDICATION):
        medication = access_member_medication(user, member.pk, interface=interface)[1]
    assessments = bool(policy.decide(user, member, Scope.ASSESSMENTS))
    if assessments:
        access_member_assessments(
            user, member.pk, interface=interface, record_type="assessments.assessmentschedule"
        )
    return ClientShares(
        medication=medication,
        assessments=assessments,
        works_alerts=assessments and user.pk != member.pk and is_counselor(user),
    )


def access_alert(user: User, alert_id: int) -> SafetyAlert:
    """A safety alert for a counselor to acknowledge or close: the member shares their
    assessments with them (policy: a grant in force, MFA on). Http404 for anyone else, the
    member included (the care team works an alert). The services log what is done with it."""
    found = (
        SafetyAlert.objects.filter(pk=alert_id)
        .select_related("member", "administration", "acknowledged_by", "closed_by")
        .first()
        if is_counselor(user)
        else None
    )
    if (
        found is None
        or found.member_id == user.pk
        or not found.member.is_active
        or not policy.decide(user, found.member, Scope.ASSESSMENTS)
    ):
        raise policy.refuse(user, record_type="assessments.safetyalert", record_id=alert_id)
    return found


# ---------------------------------------------------------------- session notes


def note_clients(user: User) -> list[User]:
    """The members a counselor may write a note for: those who share counseling with them now
    (names only, for a choice; nothing of their records is read, so nothing is logged)."""
    if not is_counselor(user):
        return []
    return [member for member, _scopes in policy.members_sharing_with(user, Scope.COUNSELING)]


# How far back a note's appointment is offered: a note is written soon after its session.
NOTE_APPOINTMENTS_DAYS = 30


def note_appointments(user: User) -> QuerySet[Appointment]:
    """The counselor's own sessions of the last weeks that have started, to tie a note to
    (the service checks that the note's member attended)."""
    now = timezone.now()
    return (
        Appointment.objects.live()
        .filter(
            counselor=user,
            starts_at__lte=now,
            starts_at__gte=now - datetime.timedelta(days=NOTE_APPOINTMENTS_DAYS),
        )
        .select_related("group")
        .prefetch_related("attendees__member")
        .order_by("-starts_at", "-id")
    )


def require_counselor(user: User) -> None:
    """Http404 unless the person is an active counselor (pages only counselors have)."""
    if not is_counselor(user):
        raise policy.refuse(user, record_type="counseling.sessionnote", record_id="")


def access_note_client(
    user: User, member_id: int, *, interface: str = Interface.PAGE, action: str = Action.WRITE
) -> User:
    """A member a counselor writes a note for: one who shares counseling with them (the
    writing logged in the member's access log)."""
    member = (
        User.objects.filter(pk=member_id, is_active=True).first() if is_counselor(user) else None
    )
    if member is None or member.pk == user.pk or not shares_counseling(user, member):
        raise policy.refuse(user, record_type="accounts.user", record_id=member_id)
    require_counseling(
        user, member, interface=interface, record_type="counseling.sessionnote", action=action
    )
    return member


def note_appointment(user: User, appointment_id: int) -> Appointment | None:
    """One of `note_appointments`, or None (a session of someone else's, too old, or not yet
    started: the caller says which choice was wrong)."""
    return note_appointments(user).filter(pk=appointment_id).first()


def access_client_notes(user: User, member_id: int, *, interface: str = Interface.PAGE) -> User:
    """A member whose session notes are listed: the member themselves, or a counselor they
    share counseling with (one access-log row for the list)."""
    member = User.objects.filter(pk=member_id, is_active=True).first()
    if member is None or not user.is_authenticated:
        raise policy.refuse(user, record_type="accounts.user", record_id=member_id)
    # The member's own list; anyone else is a counselor they share counseling with (or a 404).
    require_counseling(user, member, interface=interface, record_type="counseling.sessionnote")
    return member


@dataclass
class GroupSession:
    """A group session as its counselor documents it: the appointment, its roster (places with
    their members), and who on it shares counseling with the counselor now."""

    appointment: Appointment
    places: list[Attendee]
    sharing: frozenset[int]


def access_group_session(
    user: User,
    appointment_id: int,
    *,
    interface: str = Interface.PAGE,
    action: str = Action.READ,
) -> GroupSession:
    """A group session, for the counselor who holds it: the one who writes its notes. Its
    attendees' records are read (or, with `action`, written) only for those who share
    counseling with them, each look logged in their access log.

    A fixed number of queries however large the group (a 20-person session is documented in
    one action): consent is read for the whole roster at once with the policy's own rule
    (`policy.grant_names`), and the log rows are written together."""
    found = (
        Appointment.objects.filter(pk=appointment_id, group__isnull=False)
        .select_related("group", "organization")
        .first()
        if is_counselor(user)
        else None
    )
    # Only the counselor who holds the session documents it; attendees and anyone else: 404.
    if found is None or found.counselor_id != user.pk:
        raise policy.refuse(user, record_type="counseling.appointment", record_id=appointment_id)
    places = list(found.attendees.select_related("member").order_by("id"))
    grants = _counseling_grants(user, [p.member for p in places])
    now = timezone.now()
    AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                at=now,
                actor=user,
                member_id=member_id,
                scope=Scope.COUNSELING,
                action=action,
                interface=interface,
                grant=grant,
                record_type="counseling.appointment",
                record_id=str(found.pk),
            )
            for member_id, grant in grants.items()
        ]
    )
    return GroupSession(appointment=found, places=places, sharing=frozenset(grants))


def _counseling_grants(viewer: User, members: list[User]) -> dict[int, ConsentGrant]:
    """{member id: the grant under which they share counseling with the viewer}, for members
    who do (the oldest such grant, as `policy.decide` picks), in one query."""
    roles = roles_of(viewer)
    active = [m for m in members if m.is_active and m.pk != viewer.pk]
    if roles.mfa_blocks_member_data or not active:
        return {}
    held = [(m.organization_id, m.role) for m in roles.memberships]
    found: dict[int, ConsentGrant] = {}
    grants = (
        ConsentGrant.objects.active()
        .filter(member_id__in=[m.pk for m in active])
        .only(
            "member_id",
            "grantee_user_id",
            "grantee_organization_id",
            "grantee_role",
            "scopes",
            "created_at",
        )
        .order_by("created_at", "id")
    )
    for grant in grants:
        if grant.member_id in found or Scope.COUNSELING not in grant.scopes:
            continue
        if policy.grant_names(
            grantee_user_id=grant.grantee_user_id,
            grantee_organization_id=grant.grantee_organization_id,
            grantee_role=grant.grantee_role,
            person_id=viewer.pk,
            roles_held=held,
        ):
            found[grant.member_id] = grant
    return found

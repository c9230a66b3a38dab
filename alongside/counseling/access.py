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

from django.db.models import QuerySet
from django.utils import timezone

from alongside.accounts.models import Organization, Role, User
from alongside.accounts.roles import roles_of
from alongside.counseling.models import (
    Appointment,
    Attendee,
    SessionNote,
    TherapyGroup,
    TreatmentPlan,
)
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
    user: User, member_id: int, *, interface: str = Interface.PAGE, record_type: str = ""
) -> User:
    """A member who shares counseling with the counselor (the look is logged under
    "counseling", naming `record_type` when given)."""
    member = (
        User.objects.filter(pk=member_id, is_active=True).first() if is_counselor(user) else None
    )
    if member is None or member.pk == user.pk or not shares_counseling(user, member):
        raise policy.refuse(user, record_type="accounts.user", record_id=member_id)
    require_counseling(
        user, member, interface=interface, record_type=record_type or "accounts.user"
    )
    return member


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


def access_plan(
    user: User, plan_id: int, *, interface: str = Interface.PAGE, action: str = Action.READ
) -> TreatmentPlan:
    """A treatment plan, for its member or a counselor the member shares counseling with."""
    found = TreatmentPlan.objects.filter(pk=plan_id).select_related("member").first()
    if found is None or not user.is_authenticated:
        raise policy.refuse(user, record_type="counseling.treatmentplan", record_id=plan_id)
    require_counseling(user, found.member, interface=interface, record=found, action=action)
    return found


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

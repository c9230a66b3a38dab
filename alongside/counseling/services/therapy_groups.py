"""Therapy groups: a counselor's groups, their rosters (members who share counseling with the
counselor), and booking the group's sessions, whose attendees are the roster at booking time.
Members of a group never see each other: nothing here is shown to a member but their own
place. Rules and errors as in appointments.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.counseling.access import counselor_organizations, shares_counseling
from alongside.counseling.models import (
    Appointment,
    AppointmentStatus,
    AttendanceStatus,
    Attendee,
    GroupKind,
    GroupMember,
    TherapyGroup,
)
from alongside.counseling.services.appointments import (
    AppointmentConflict,
    Booking,
    check_clashes,
    checked,
    create_sessions,
    lock_people,
    occurrences,
    raise_errors,
    series_words,
    tell,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_GROUP_NAME = 120
MAX_DESCRIPTION = 2000


def roster(group: TherapyGroup) -> list[User]:
    """Who is on the group's roster now, by name."""
    places = group.roster.filter(left_on__isnull=True, member__is_active=True).select_related(
        "member"
    )
    return sorted((p.member for p in places), key=lambda m: str(m.display_name))


def groups_of(counselor: User) -> list[TherapyGroup]:
    """The groups the counselor runs, each with `roster_size` (people on it now)."""
    return list(
        TherapyGroup.objects.filter(counselor=counselor).annotate(
            roster_size=Count("roster", filter=Q(roster__left_on__isnull=True))
        )
    )


def upcoming_sessions(group: TherapyGroup) -> list[Appointment]:
    """The group's sessions still to come (cancelled ones too, marked), each with `booked`:
    how many places are still expected."""
    return list(
        Appointment.objects.filter(group=group, ends_at__gt=timezone.now())
        .exclude(status__in=[AppointmentStatus.REQUESTED, AppointmentStatus.DECLINED])
        .annotate(booked=Count("attendees", filter=Q(attendees__status=AttendanceStatus.EXPECTED)))
        .order_by("starts_at", "pk")[:100]
    )


@transaction.atomic
def create_group(
    *, counselor: User, name: str, kind: str = GroupKind.CLOSED, description: str = ""
) -> TherapyGroup:
    """A new therapy group the counselor runs, in their (first) organization.

    Raises ValidationError on "name" (empty, too long, or one of theirs already), "kind" or
    "description"; on the whole form for someone who is not a counselor."""
    organizations = counselor_organizations(counselor)
    if not organizations:
        raise ValidationError(_("Only a counselor runs therapy groups."))
    name, description = name.strip(), description.strip()
    errors: dict[str, StrOrPromise] = {}
    if not name:
        errors["name"] = _("Give the group a name.")
    elif len(name) > MAX_GROUP_NAME:
        errors["name"] = _("Keep the name to %(n)s characters.") % {"n": MAX_GROUP_NAME}
    elif TherapyGroup.objects.filter(
        counselor=counselor, name__iexact=name, ended_on__isnull=True
    ).exists():
        errors["name"] = _("You run a group called “%(name)s” already.") % {"name": name}
    if kind not in GroupKind.values:
        errors["kind"] = _("Choose a closed or an open group.")
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = _("Keep it to %(n)s characters.") % {"n": MAX_DESCRIPTION}
    raise_errors(errors)
    return TherapyGroup.objects.create(
        organization=organizations[0],
        counselor=counselor,
        name=name,
        kind=kind,
        description=description,
    )


@transaction.atomic
def add_to_group(*, group: TherapyGroup, member: User) -> GroupMember:
    """Put a member who shares counseling with the group's counselor on its roster. They are
    booked for sessions booked from now on, not for those booked already.

    Raises ValidationError on "member" (not sharing, or on the roster already);
    AppointmentConflict for a group that has ended."""
    if group.ended_on is not None:
        raise AppointmentConflict(_("This group has ended."))
    if not shares_counseling(group.counselor, member):
        raise ValidationError(
            {
                "member": _(
                    "%(name)s does not share their counseling records with you, so they cannot "
                    "join a group of yours."
                )
                % {"name": member.display_name}
            }
        )
    if group.roster.filter(member=member, left_on__isnull=True).exists():
        raise AppointmentConflict(
            {"member": _("%(name)s is on the roster already.") % {"name": member.display_name}}
        )
    return GroupMember.objects.create(
        group=group, member=member, joined_on=group.counselor.local_today()
    )


@transaction.atomic
def remove_from_group(*, place: GroupMember) -> GroupMember:
    """Take a member off the roster (their place is kept, with the day they left) and give up
    their places in the group's sessions still to come, which is not held against them."""
    group = place.group
    now = timezone.now()
    place.left_on = group.counselor.local_today()
    place.save(update_fields=["left_on"])
    Attendee.objects.filter(
        member_id=place.member_id,
        appointment__group=group,
        appointment__starts_at__gt=now,
        status=AttendanceStatus.EXPECTED,
    ).update(status=AttendanceStatus.CANCELLED, recorded_at=now)
    return place


@transaction.atomic
def book_group_session(*, group: TherapyGroup, booking: Booking) -> list[Appointment]:
    """Book a session of a therapy group, or a series: its attendees are the people on the
    roster now who share counseling with its counselor (later changes to the roster leave
    booked sessions as they are). Each attendee is told, of their own place only.

    Raises ValidationError as `book_appointment` does, and on the whole form when the group
    has ended or nobody on its roster shares; AppointmentClash when the counselor or anyone
    on the roster is booked already."""
    counselor = group.counselor
    if group.ended_on is not None:
        raise ValidationError(_("This group has ended: start a new one to book sessions."))
    members = [m for m in roster(group) if shares_counseling(counselor, m)]
    if not members:
        raise ValidationError(
            _("Nobody on the roster shares their counseling records with you: add people first.")
        )
    booking = checked(booking)
    slots = occurrences(
        booking.starts_at,
        booking.ends_at,
        interval_weeks=booking.interval_weeks,
        count=booking.count,
        zone=counselor.zone,
    )
    lock_people([counselor, *members])
    check_clashes(counselor=counselor, members=members, slots=slots, viewer=counselor)
    made = create_sessions(
        counselor=counselor,
        organization=group.organization,
        members=members,
        booking=booking,
        slots=slots,
        group=group,
    )
    for member in members:
        if not member.is_active:
            continue
        with translation.override(member.language):
            tell(
                member,
                kind="appointment_booked",
                title=_("An appointment was booked for you"),
                body=_("%(name)s booked you a place in the group session “%(group)s”: %(when)s.")
                % {
                    "name": counselor.display_name,
                    "group": group.name,
                    "when": series_words(made, booking, member),
                },
                appointment=made[0],
                about=member,
            )
    return made

"""Times members ask for: a member asks a counselor they share counseling with for a time; the
counselor accepts it (clash-checked, then on both calendars) or declines it. Rules and errors
as in appointments.py."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from alongside.accounts.models import User
from alongside.counseling.access import shares_counseling
from alongside.counseling.models import (
    Appointment,
    AppointmentStatus,
    AttendanceStatus,
    Attendee,
    Modality,
)
from alongside.counseling.services.appointments import (
    MAX_NOTE,
    MAX_REASON,
    AppointmentConflict,
    Booking,
    check_clashes,
    hold,
    lock_people,
    only_counselor,
    organization_for,
    raise_errors,
    schedule_reminders,
    tell_attendees,
    tell_counselor,
    tidy_place,
    time_errors,
)
from alongside.privacy import policy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A member may have this many times waiting for one counselor's answer: enough to offer a few
# choices, not enough to fill a calendar with requests.
MAX_OPEN_REQUESTS = 5


def counselors_for(member: User) -> list[User]:
    """The counselors the member shares counseling with now, by name: whom they may ask."""
    return [
        person
        for person in policy.people_member_shares_with(member)
        if shares_counseling(person, member)
    ]


@transaction.atomic
def request_appointment(
    *,
    member: User,
    counselor: User,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    modality: str = Modality.IN_PERSON,
    note: str = "",
) -> Appointment:
    """A member asks a counselor they share counseling with for a time; the counselor is told
    and accepts or declines it. The note is kept encrypted.

    Raises ValidationError on "counselor" (not sharing with them), "starts_at", "ends_at",
    "modality", "note", or on the whole form for too many requests waiting;
    AppointmentClash when the member or the counselor is booked at that time."""
    if not shares_counseling(counselor, member):
        raise ValidationError(
            {"counselor": _("Ask a counselor you share your counseling records with.")}
        )
    note = note.strip()
    errors = time_errors(starts_at, ends_at, now=timezone.now())
    if modality not in Modality.values:
        errors["modality"] = _("Choose in person, video or phone.")
    if len(note) > MAX_NOTE:
        errors["note"] = _("Keep the note to %(n)s characters.") % {"n": MAX_NOTE}
    raise_errors(errors)
    waiting = Appointment.objects.filter(
        counselor=counselor, requested_by=member, status=AppointmentStatus.REQUESTED
    )
    if waiting.count() >= MAX_OPEN_REQUESTS:
        raise ValidationError(
            _(
                "You have %(n)s times waiting for an answer from %(name)s: wait for one, or "
                "withdraw one, before asking for another."
            )
            % {"n": MAX_OPEN_REQUESTS, "name": counselor.display_name}
        )
    lock_people([counselor, member])
    check_clashes(
        counselor=counselor, members=[member], slots=[(starts_at, ends_at)], viewer=member
    )
    asked = Appointment.objects.create(
        organization=organization_for(counselor, member),
        counselor=counselor,
        starts_at=starts_at,
        ends_at=ends_at,
        modality=modality,
        status=AppointmentStatus.REQUESTED,
        requested_by=member,
        request_note=note,
    )
    Attendee.objects.create(appointment=asked, member=member)
    tell_counselor(
        asked,
        member,
        kind="appointment_requested",
        title=gettext_noop("Someone asked you for a time"),
        body=gettext_noop("%(name)s asked for a session on %(when)s."),
    )
    return asked


def _member_of_request(appointment: Appointment) -> Attendee:
    place = appointment.attendees.select_related("member").first()
    if place is None:  # a request is made with its one place
        raise AppointmentConflict(_("Nobody asked for this time."))
    return place


@transaction.atomic
def accept_request(*, appointment: Appointment, by: User, booking: Booking) -> Appointment:
    """Accept a time a member asked for, saying where it is held (`booking` keeps the time
    asked for); they are told and it is on both calendars.

    Raises AppointmentConflict unless `by` is the counselor asked and it is still asked for,
    in the future, by someone who still shares; ValidationError on the place; AppointmentClash
    when the time is no longer free."""
    only_counselor(appointment, by)
    hold(appointment)
    if appointment.status != AppointmentStatus.REQUESTED:
        raise AppointmentConflict(_("This time has been answered or withdrawn already."))
    if appointment.starts_at <= timezone.now():
        raise AppointmentConflict(_("The time they asked for has passed: decline it."))
    place = _member_of_request(appointment)
    member = place.member
    if not shares_counseling(by, member):
        raise AppointmentConflict(
            _("%(name)s no longer shares their counseling records with you.")
            % {"name": member.display_name}
        )
    errors: dict[str, StrOrPromise] = {}
    location, video_url = tidy_place(booking.modality, booking.location, booking.video_url, errors)
    raise_errors(errors)
    lock_people([by, member])
    slots = [(appointment.starts_at, appointment.ends_at)]
    check_clashes(counselor=by, members=[member], slots=slots, viewer=by, exclude=[appointment.pk])
    appointment.status = AppointmentStatus.SCHEDULED
    appointment.modality, appointment.location, appointment.video_url = (
        booking.modality,
        location,
        video_url,
    )
    appointment.save(update_fields=["status", "modality", "location", "video_url"])
    tell_attendees(
        [place],
        appointment,
        kind="appointment_answered",
        title=gettext_noop("Your request for a time was answered"),
        body=gettext_noop("Accepted: %(session)s on %(when)s."),
    )
    schedule_reminders()
    return appointment


@transaction.atomic
def decline_request(*, appointment: Appointment, by: User, reason: str = "") -> Appointment:
    """Decline a time a member asked for, with an optional reason they are told.

    Raises ValidationError on "reason" (too long); AppointmentConflict unless `by` is the
    counselor asked and it is still asked for."""
    only_counselor(appointment, by)
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": _("Keep it to %(n)s characters.") % {"n": MAX_REASON}})
    hold(appointment)
    if appointment.status != AppointmentStatus.REQUESTED:
        raise AppointmentConflict(_("This time has been answered or withdrawn already."))
    place = _member_of_request(appointment)
    now = timezone.now()
    appointment.status = AppointmentStatus.DECLINED
    appointment.cancelled_at, appointment.cancelled_by, appointment.cancel_reason = now, by, reason
    appointment.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    place.status, place.recorded_at = AttendanceStatus.CANCELLED, now
    place.save(update_fields=["status", "recorded_at"])
    tell_attendees(
        [place],
        appointment,
        kind="appointment_answered",
        title=gettext_noop("Your request for a time was answered"),
        body=(
            gettext_noop("Declined: %(session)s on %(when)s, the time you asked for. “%(reason)s”")
            if reason
            else gettext_noop("Declined: %(session)s on %(when)s, the time you asked for.")
        ),
        reason=reason,
    )
    return appointment

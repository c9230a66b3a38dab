"""Appointments: individual and group therapy sessions on the counselor's calendar and on each
attendee's, single or recurring; times members ask for; cancellations, attendance and
reminders; therapy groups and their rosters. Pages, the API, the reminder task and the demo all
call these: this module books, changes, cancels and records attendance; times members ask for
are in appointment_requests.py, groups and their sessions in therapy_groups.py, and what is
read (calendars, lists, reminders, the iCalendar feeds) in appointment_calendars.py.

Rules that hold whichever way in:
- A member is booked, put on a roster or asked for a time only while they share "counseling"
  with the counselor (access.shares_counseling); otherwise a ValidationError on "member" (or
  "counselor") and nothing is saved.
- Nobody is double-booked. A live appointment of the counselor (scheduled or completed), or a
  live place of a member, that overlaps the new one refuses it with AppointmentClash, whose
  message names the clash in the booker's time zone. Back-to-back is fine.
- A recurring series keeps its wall-clock time in the counselor's time zone: a weekly 18:00 in
  New York is 18:00 before and after the clocks change. Each occurrence is its own Appointment.
- A member who cancels less than 24 hours before cancels late (LATE_CANCEL on their place);
  a counselor who cancels never puts that on the member.
- What a member is told, and what a member reads anywhere, is only their own place: members of
  a group never learn who else is booked.

Errors: ValidationError naming the field (the API's 422), AppointmentConflict for a state that
does not allow the change now and AppointmentClash for a double booking (the API's 409).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from alongside.accounts.models import Organization, User
from alongside.counseling.access import counselor_organizations, is_counselor, shares_counseling
from alongside.counseling.models import (
    Appointment,
    AppointmentSeries,
    AppointmentStatus,
    AttendanceStatus,
    Attendee,
    Modality,
    TherapyGroup,
)
from alongside.notifications.services import notify
from alongside.privacy import policy
from alongside.privacy.models import Scope

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MIN_LENGTH = datetime.timedelta(minutes=10)
MAX_LENGTH = datetime.timedelta(hours=8)
BOOK_AHEAD = datetime.timedelta(days=2 * 366)
MAX_COUNT = 52
MAX_INTERVAL_WEEKS = 8
MAX_PLACE = 200
MAX_REASON = 200
MAX_NOTE = 1000
# Less than this before the start, a member's cancellation is a late one.
LATE_CANCEL_WITHIN = datetime.timedelta(hours=24)

LIVE = (AppointmentStatus.SCHEDULED, AppointmentStatus.COMPLETED)
# Places that no longer hold a person's time.
GIVEN_UP = (AttendanceStatus.CANCELLED, AttendanceStatus.LATE_CANCEL)
ATTENDANCE_CHOICES = (AttendanceStatus.ATTENDED, AttendanceStatus.NO_SHOW)


class AppointmentConflict(ValidationError):
    """A change the appointment's state (or the clock) does not allow now: the API's 409."""


class AppointmentClash(AppointmentConflict):
    """A double booking; the message names what it clashes with, in the booker's zone."""


# ---------------------------------------------------------------- words


def when_words(starts_at: datetime.datetime, ends_at: datetime.datetime, viewer: User) -> str:
    """'Tue 3 Mar 2026 from 18:00 to 18:50 EST', in the viewer's zone and language."""
    start, end = starts_at.astimezone(viewer.zone), ends_at.astimezone(viewer.zone)
    return _("%(day)s from %(start)s to %(end)s %(zone)s") % {
        "day": date_format(start, "D j M Y"),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "zone": end.tzname() or viewer.time_zone,
    }


def session_words(appointment: Appointment) -> str:
    """What a session is, as its attendee is told: their counselor's name; a group by name."""
    if appointment.group is not None:
        return _("the group session “%(group)s” with %(name)s") % {
            "group": appointment.group.name,
            "name": appointment.counselor.display_name,
        }
    return _("your counseling session with %(name)s") % {"name": appointment.counselor.display_name}


# ---------------------------------------------------------------- checks


def occurrences(
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    *,
    interval_weeks: int,
    count: int,
    zone: datetime.tzinfo,
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The (start, end) of each session of a series: the first one's wall-clock time in `zone`
    every `interval_weeks` weeks, `count` times, each as long as the first. Adding weeks to the
    local time, not to the UTC instant, keeps 18:00 at 18:00 across a change of the clocks."""
    wall = starts_at.astimezone(zone).replace(tzinfo=None)
    length = ends_at - starts_at
    slots = []
    for n in range(count):
        start = (wall + datetime.timedelta(weeks=n * interval_weeks)).replace(tzinfo=zone)
        start = start.astimezone(datetime.UTC)
        slots.append((start, start + length))
    return slots


def time_errors(
    starts_at: datetime.datetime, ends_at: datetime.datetime, *, now: datetime.datetime
) -> dict[str, StrOrPromise]:
    """Nothing is formatted from the times given here: a far-off year could not be shown in
    every zone. The bounds come first, so everything after them can be."""
    errors: dict[str, StrOrPromise] = {}
    if starts_at <= now:
        errors["starts_at"] = _("Choose a time in the future.")
    elif starts_at > now + BOOK_AHEAD:
        errors["starts_at"] = _("Choose a time within the next two years.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("The session must end after it starts.")
    elif ends_at - starts_at < MIN_LENGTH:
        errors["ends_at"] = _("A session lasts at least 10 minutes.")
    elif ends_at - starts_at > MAX_LENGTH:
        errors["ends_at"] = _("A session lasts at most 8 hours.")
    return errors


def repeat_errors(interval_weeks: int, count: int) -> dict[str, StrOrPromise]:
    errors: dict[str, StrOrPromise] = {}
    if not 1 <= count <= MAX_COUNT:
        errors["count"] = _("Book from 1 to %(n)s sessions at a time.") % {"n": MAX_COUNT}
    if not 1 <= interval_weeks <= MAX_INTERVAL_WEEKS:
        errors["interval_weeks"] = _("Repeat every 1 to %(n)s weeks.") % {"n": MAX_INTERVAL_WEEKS}
    return errors


def tidy_place(
    modality: str, location: str, video_url: str, errors: dict[str, StrOrPromise]
) -> tuple[str, str]:
    """The place and link kept for the modality (a link only for video), or errors."""
    location, video_url = location.strip(), video_url.strip()
    if modality not in Modality.values:
        errors["modality"] = _("Choose in person, video or phone.")
    if len(location) > MAX_PLACE:
        errors["location"] = _("Keep the place to %(n)s characters.") % {"n": MAX_PLACE}
    if modality == Modality.IN_PERSON and not location:
        errors["location"] = _("Say where you will meet.")
    if modality != Modality.VIDEO:
        return location, ""
    if not video_url:
        errors["video_url"] = _("Give the link to your video room.")
    elif len(video_url) > MAX_PLACE:
        errors["video_url"] = _("Keep the link to %(n)s characters.") % {"n": MAX_PLACE}
    else:
        try:
            URLValidator(schemes=["https"])(video_url)
        except ValidationError:
            errors["video_url"] = _("Give a link that starts with https://.")
    return location, video_url


def raise_errors(errors: dict[str, StrOrPromise]) -> None:
    if errors:
        raise ValidationError({name: str(message) for name, message in errors.items()})


def overlapping(
    slots: Sequence[tuple[datetime.datetime, datetime.datetime]], prefix: str = ""
) -> Q:
    wanted = Q()
    for start, end in slots:
        wanted |= Q(**{f"{prefix}starts_at__lt": end, f"{prefix}ends_at__gt": start})
    return wanted


def lock_people(users: Iterable[User]) -> None:
    """Hold the people being booked until the booking commits, in one order: two bookings for
    the same counselor or member at once cannot both pass the clash check."""
    ids = sorted({u.pk for u in users})
    list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


def check_clashes(
    *,
    counselor: User,
    members: Sequence[User],
    slots: Sequence[tuple[datetime.datetime, datetime.datetime]],
    viewer: User,
    exclude: Sequence[int] = (),
) -> None:
    """Raise AppointmentClash on the first live appointment of the counselor, or live place of
    a member, overlapping one of `slots` (the appointments in `exclude` aside)."""
    held = (
        Appointment.objects.live()
        .filter(counselor=counselor)
        .filter(overlapping(slots))
        .exclude(pk__in=exclude)
        .select_related("group", "counselor")
        .order_by("starts_at", "pk")
        .first()
    )
    if held is not None:
        raise AppointmentClash({"starts_at": counselor_clash(held, viewer)})
    place = (
        Attendee.objects.filter(member__in=members, appointment__status__in=LIVE)
        .exclude(status__in=GIVEN_UP)
        .filter(overlapping(slots, "appointment__"))
        .exclude(appointment_id__in=exclude)
        .select_related("appointment", "member")
        .order_by("appointment__starts_at", "pk")
        .first()
    )
    if place is not None:
        when = when_words(place.appointment.starts_at, place.appointment.ends_at, viewer)
        if place.member_id == viewer.pk:
            message = _("You already have an appointment on %(when)s.") % {"when": when}
        else:
            message = _("%(name)s already has another appointment on %(when)s.") % {
                "name": place.member.display_name,
                "when": when,
            }
        raise AppointmentClash({"starts_at": message})


def counselor_clash(held: Appointment, viewer: User) -> str:
    when = when_words(held.starts_at, held.ends_at, viewer)
    if viewer.pk != held.counselor_id:
        # A member asking for a time learns the counselor is busy, never with whom.
        return _("%(name)s is not free on %(when)s. Choose another time.") % {
            "name": held.counselor.display_name,
            "when": when,
        }
    if held.group is not None:
        return _("You already have the group session “%(group)s” on %(when)s.") % {
            "group": held.group.name,
            "when": when,
        }
    sharing = [
        place.member
        for place in held.attendees.select_related("member")
        if shares_counseling(viewer, place.member)
    ]
    if sharing:
        return _("You already have a session with %(name)s on %(when)s.") % {
            "name": sharing[0].display_name,
            "when": when,
        }
    return _("You already have an appointment on %(when)s.") % {"when": when}


def organization_for(counselor: User, member: User) -> Organization:
    """Where the session is held: the organization whose counselors the member shares with,
    when that is how they share; else the counselor's first."""
    organizations = counselor_organizations(counselor)
    grant = policy.decide(counselor, member, Scope.COUNSELING).grant
    for organization in organizations:
        if grant is not None and grant.grantee_organization_id == organization.pk:
            return organization
    return organizations[0]


def only_counselor(appointment: Appointment, by: User) -> None:
    if appointment.counselor_id != by.pk:
        raise AppointmentConflict(_("Only the counselor who holds this appointment can do that."))


def hold(appointment: Appointment) -> Appointment:
    """The appointment as it is now, held until the change commits (two people cancelling or
    answering at once: one of them sees what the other did)."""
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    for name in ("status", "starts_at", "ends_at", "reminded_at", "cancelled_at"):
        setattr(appointment, name, getattr(locked, name))
    return appointment


def expected_places(appointment: Appointment) -> list[Attendee]:
    return list(
        appointment.attendees.filter(status=AttendanceStatus.EXPECTED).select_related("member")
    )


# ---------------------------------------------------------------- notices


def tell(
    person: User,
    *,
    kind: str,
    title: str,
    body: str,
    appointment: Appointment,
    about: User | None = None,
) -> None:
    notify(
        user=person,
        kind=kind,
        title=title,
        body=body,
        url=reverse("counseling:appointment", args=[appointment.pk]),
        about=about,
    )


def tell_attendees(
    places: Iterable[Attendee],
    appointment: Appointment,
    *,
    kind: str,
    title: str,
    body: str,
    reason: str = "",
) -> None:
    """Each attendee, in their own language and zone, of their own place only. `title` and
    `body` are marked with gettext_noop and translated here; `body` may hold %(session)s,
    %(when)s and %(reason)s. A title names no one: it reaches lock screens."""
    for place in places:
        member = place.member
        if not member.is_active:
            continue
        with translation.override(member.language):
            tell(
                member,
                kind=kind,
                title=_(title),
                body=_(body)
                % {
                    "session": session_words(appointment),
                    "when": when_words(appointment.starts_at, appointment.ends_at, member),
                    "reason": reason,
                },
                appointment=appointment,
                about=member,
            )


def tell_counselor(
    appointment: Appointment, member: User, *, kind: str, title: str, body: str, reason: str = ""
) -> None:
    """The counselor, in their language and zone (`title` and `body` as for attendees; `body`
    may hold %(name)s, the member, %(when)s, %(group)s and %(reason)s)."""
    counselor = appointment.counselor
    with translation.override(counselor.language):
        tell(
            counselor,
            kind=kind,
            title=_(title),
            body=_(body)
            % {
                "name": member.display_name,
                "when": when_words(appointment.starts_at, appointment.ends_at, counselor),
                "group": appointment.group.name if appointment.group else "",
                "reason": reason,
            },
            appointment=appointment,
            about=member,
        )


def schedule_reminders() -> None:
    from alongside.counseling.tasks import schedule_reminder_run

    transaction.on_commit(schedule_reminder_run, robust=True)


# ---------------------------------------------------------------- booking


@dataclass
class Booking:
    """What the counselor chose: the first session, how often, where."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    modality: str = Modality.IN_PERSON
    location: str = ""
    video_url: str = ""
    interval_weeks: int = 1
    count: int = 1


def checked(booking: Booking) -> Booking:
    """The booking with its place tidied, or ValidationError naming every field wrong."""
    errors = time_errors(booking.starts_at, booking.ends_at, now=timezone.now())
    errors.update(repeat_errors(booking.interval_weeks, booking.count))
    location, video_url = tidy_place(booking.modality, booking.location, booking.video_url, errors)
    raise_errors(errors)
    booking.location, booking.video_url = location, video_url
    return booking


def create_sessions(
    *,
    counselor: User,
    organization: Organization,
    members: Sequence[User],
    booking: Booking,
    slots: Sequence[tuple[datetime.datetime, datetime.datetime]],
    group: TherapyGroup | None = None,
) -> list[Appointment]:
    series = None
    if len(slots) > 1:
        series = AppointmentSeries.objects.create(
            counselor=counselor, interval_weeks=booking.interval_weeks, count=len(slots)
        )
    made = Appointment.objects.bulk_create(
        [
            Appointment(
                organization=organization,
                counselor=counselor,
                group=group,
                series=series,
                starts_at=start,
                ends_at=end,
                modality=booking.modality,
                location=booking.location,
                video_url=booking.video_url,
            )
            for start, end in slots
        ]
    )
    Attendee.objects.bulk_create([Attendee(appointment=a, member=m) for a in made for m in members])
    schedule_reminders()
    return made


def series_words(made: Sequence[Appointment], booking: Booking, member: User) -> str:
    first = when_words(made[0].starts_at, made[0].ends_at, member)
    if len(made) == 1:
        return first
    return _("%(when)s, then every %(weeks)s week(s), %(count)s sessions in all") % {
        "when": first,
        "weeks": booking.interval_weeks,
        "count": len(made),
    }


@transaction.atomic
def book_appointment(*, counselor: User, member: User, booking: Booking) -> list[Appointment]:
    """Book an individual session, or a series of them, with a member who shares counseling
    with the counselor; the member is told. Returns the appointments made, first first.

    Raises ValidationError on "member" (not sharing), "starts_at", "ends_at", "modality",
    "location", "video_url", "interval_weeks" or "count"; AppointmentClash when the
    counselor or the member is booked already at any of the times. Nothing is saved then."""
    if not is_counselor(counselor):
        raise ValidationError(_("Only a counselor books counseling appointments."))
    if not shares_counseling(counselor, member):
        raise ValidationError(
            {
                "member": _(
                    "%(name)s does not share their counseling records with you, so you cannot "
                    "book them. They can share them under My data."
                )
                % {"name": member.display_name}
            }
        )
    booking = checked(booking)
    slots = occurrences(
        booking.starts_at,
        booking.ends_at,
        interval_weeks=booking.interval_weeks,
        count=booking.count,
        zone=counselor.zone,
    )
    lock_people([counselor, member])
    check_clashes(counselor=counselor, members=[member], slots=slots, viewer=counselor)
    made = create_sessions(
        counselor=counselor,
        organization=organization_for(counselor, member),
        members=[member],
        booking=booking,
        slots=slots,
    )
    with translation.override(member.language):
        tell(
            member,
            kind="appointment_booked",
            title=_("An appointment was booked for you"),
            body=_("%(name)s booked your counseling session: %(when)s.")
            % {
                "name": counselor.display_name,
                "when": series_words(made, booking, member),
            },
            appointment=made[0],
            about=member,
        )
    return made


@transaction.atomic
def change_appointment(*, appointment: Appointment, by: User, booking: Booking) -> Appointment:
    """Move a scheduled appointment that has not started, or change where it is held (this one
    occurrence only); everyone still expected is told. A new time is reminded of again.

    Raises AppointmentConflict unless `by` holds it and it is scheduled and in the future;
    ValidationError on the times and place as booking does; AppointmentClash for a new time
    that is taken."""
    only_counselor(appointment, by)
    hold(appointment)
    if appointment.status != AppointmentStatus.SCHEDULED:
        raise AppointmentConflict(_("Only a scheduled appointment can be changed."))
    if appointment.starts_at <= timezone.now():
        raise AppointmentConflict(_("It has started already, so its time cannot change."))
    booking.interval_weeks, booking.count = 1, 1
    booking = checked(booking)
    places = expected_places(appointment)
    slots = [(booking.starts_at, booking.ends_at)]
    lock_people([by, *(p.member for p in places)])
    check_clashes(
        counselor=by,
        members=[p.member for p in places],
        slots=slots,
        viewer=by,
        exclude=[appointment.pk],
    )
    moved = (appointment.starts_at, appointment.ends_at) != slots[0]
    appointment.starts_at, appointment.ends_at = slots[0]
    appointment.modality = booking.modality
    appointment.location, appointment.video_url = booking.location, booking.video_url
    if moved:
        appointment.reminded_at = None
    appointment.save(
        update_fields=["starts_at", "ends_at", "modality", "location", "video_url", "reminded_at"]
    )
    tell_attendees(
        places,
        appointment,
        kind="appointment_changed",
        title=gettext_noop("An appointment was changed"),
        body=gettext_noop("Changed: %(session)s is now on %(when)s."),
    )
    if moved:
        schedule_reminders()
    return appointment


# ---------------------------------------------------------------- cancelling, attendance


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, in a few words: the other side is told.")})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": _("Keep it to %(n)s characters.") % {"n": MAX_REASON}})
    return reason


@transaction.atomic
def cancel_appointment(*, appointment: Appointment, by: User, reason: str) -> Appointment:
    """Call off a scheduled appointment that has not started, with a reason the other side is
    told.

    The counselor cancels the whole appointment; everyone still expected is told. A member
    cancels their own place: for an individual session that cancels the appointment, for a
    group session only their place; less than 24 hours before, their place is a late
    cancellation. A member withdraws a time they asked for the same way.

    Raises ValidationError on "reason" (empty or too long); AppointmentConflict when it is not
    scheduled (or asked for), has started, or the member's place is given up already."""
    reason = _reason(reason)
    hold(appointment)
    now = timezone.now()
    if appointment.counselor_id == by.pk:
        return _cancel_by_counselor(appointment, by, reason, now)
    place = appointment.attendees.select_for_update().filter(member=by).first()
    if place is None:
        raise AppointmentConflict(_("You have no place at this appointment."))
    place.member = by
    if appointment.status == AppointmentStatus.REQUESTED:
        return _withdraw(appointment, place, reason, now)
    if appointment.status != AppointmentStatus.SCHEDULED:
        raise AppointmentConflict(_("Only a scheduled appointment can be cancelled."))
    if appointment.starts_at <= now:
        raise AppointmentConflict(_("It has started already, so it cannot be cancelled."))
    if place.status != AttendanceStatus.EXPECTED:
        raise AppointmentConflict(_("You have cancelled your place already."))
    late = appointment.starts_at - now < LATE_CANCEL_WITHIN
    place.status = AttendanceStatus.LATE_CANCEL if late else AttendanceStatus.CANCELLED
    place.recorded_at = now
    place.save(update_fields=["status", "recorded_at"])
    if appointment.group is None:
        _mark_cancelled(appointment, by, reason, now)
        title = gettext_noop("An appointment was cancelled")
        body = gettext_noop("%(name)s cancelled: %(when)s. “%(reason)s”")
    else:  # the session goes ahead without them
        title = gettext_noop("A place in a group session was cancelled")
        body = gettext_noop(
            "%(name)s cancelled their place in the group session “%(group)s”: %(when)s. "
            "“%(reason)s”"
        )
    tell_counselor(
        appointment, by, kind="appointment_cancelled", title=title, body=body, reason=reason
    )
    return appointment


def _mark_cancelled(
    appointment: Appointment, by: User, reason: str, now: datetime.datetime
) -> None:
    appointment.status = AppointmentStatus.CANCELLED
    appointment.cancelled_at, appointment.cancelled_by, appointment.cancel_reason = now, by, reason
    appointment.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])


def _cancel_by_counselor(
    appointment: Appointment, by: User, reason: str, now: datetime.datetime
) -> Appointment:
    if appointment.status == AppointmentStatus.REQUESTED:
        raise AppointmentConflict(_("This is a time they asked for: decline it instead."))
    if appointment.status != AppointmentStatus.SCHEDULED:
        raise AppointmentConflict(_("Only a scheduled appointment can be cancelled."))
    if appointment.starts_at <= now:
        raise AppointmentConflict(
            _("It has started already: record who came instead of cancelling.")
        )
    places = expected_places(appointment)
    _mark_cancelled(appointment, by, reason, now)
    # Called off by the counselor: not held against anyone's attendance.
    appointment.attendees.filter(status=AttendanceStatus.EXPECTED).update(
        status=AttendanceStatus.CANCELLED, recorded_at=now
    )
    tell_attendees(
        places,
        appointment,
        kind="appointment_cancelled",
        title=gettext_noop("An appointment was cancelled"),
        body=gettext_noop("Cancelled: %(session)s on %(when)s. “%(reason)s”"),
        reason=reason,
    )
    return appointment


def _withdraw(
    appointment: Appointment, place: Attendee, reason: str, now: datetime.datetime
) -> Appointment:
    _mark_cancelled(appointment, place.member, reason, now)
    place.status, place.recorded_at = AttendanceStatus.CANCELLED, now
    place.save(update_fields=["status", "recorded_at"])
    tell_counselor(
        appointment,
        place.member,
        kind="appointment_cancelled",
        title=gettext_noop("A time you were asked for was withdrawn"),
        body=gettext_noop("%(name)s withdrew the time they asked for: %(when)s. “%(reason)s”"),
        reason=reason,
    )
    return appointment


@transaction.atomic
def record_attendance(
    *, appointment: Appointment, by: User, member_id: int, status: str
) -> Attendee:
    """Record whether an attendee came (attended or no-show), once the session has started;
    it can be corrected later.

    Raises ValidationError on "status" or on "member" (not booked for it);
    AppointmentConflict unless `by` holds it, it is live and it has started, or when the
    person cancelled their place."""
    only_counselor(appointment, by)
    if status not in ATTENDANCE_CHOICES:
        raise ValidationError({"status": _("Choose attended or no-show.")})
    hold(appointment)
    if appointment.status not in LIVE:
        raise AppointmentConflict(_("Attendance is recorded for scheduled appointments only."))
    now = timezone.now()
    if appointment.starts_at > now:
        raise AppointmentConflict(
            _("Record attendance once it has started (%(when)s).")
            % {"when": when_words(appointment.starts_at, appointment.ends_at, by)}
        )
    place = appointment.attendees.filter(member_id=member_id).select_related("member").first()
    if place is None:
        raise ValidationError({"member": _("They are not booked for this appointment.")})
    if place.status in GIVEN_UP:
        raise AppointmentConflict(
            _("%(name)s cancelled their place, so it stays cancelled.")
            % {"name": place.member.display_name}
        )
    place.status, place.recorded_at = status, now
    place.save(update_fields=["status", "recorded_at"])
    return place


@transaction.atomic
def complete_appointment(*, appointment: Appointment, by: User) -> Appointment:
    """Mark a scheduled appointment that has started as completed.

    Raises AppointmentConflict unless `by` holds it, it is scheduled and it has started."""
    only_counselor(appointment, by)
    hold(appointment)
    if appointment.status == AppointmentStatus.COMPLETED:
        raise AppointmentConflict(_("It is marked completed already."))
    if appointment.status != AppointmentStatus.SCHEDULED:
        raise AppointmentConflict(_("Only a scheduled appointment can be completed."))
    if appointment.starts_at > timezone.now():
        raise AppointmentConflict(_("It has not started yet."))
    appointment.status = AppointmentStatus.COMPLETED
    appointment.save(update_fields=["status"])
    return appointment

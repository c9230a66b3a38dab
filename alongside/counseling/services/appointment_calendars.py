"""Reading appointments: the counselor's calendar by day, times waiting for an answer, a member's
own appointments, the API's list, and the reminders sent 24 hours before. A member's lists hold
only their own places; a counselor's rows name only the attendees who share counseling with
them now. And the iCalendar feeds of both sides, behind a secret address each."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

import icalendar
from django.db import connection, transaction
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.counseling.access import is_counselor
from alongside.counseling.models import (
    Appointment,
    AppointmentStatus,
    AttendanceStatus,
    Attendee,
    Modality,
)
from alongside.counseling.services.adherence import Summary, summary
from alongside.counseling.services.appointments import LIVE, session_words, when_words
from alongside.meetings import services as meetings
from alongside.notifications.services import NewNotice, notify_many
from alongside.privacy import policy
from alongside.privacy.models import Scope

# Calendars and lists are read for days in these years (a week past 9999 is no date at all).
FIRST_YEAR, LAST_YEAR = 1900, 2999
REMIND_BEFORE = datetime.timedelta(hours=24)
REMINDER_CHUNK = 200


@dataclass
class CalendarRow:
    """One appointment on the counselor's calendar: the attendees who share counseling with
    them now (the others are counted, never named)."""

    appointment: Appointment
    attendees: list[Attendee]
    unshared: int = 0
    # Each named attendee's adherence in a line, for a one-to-one session (`with_adherence`).
    adherence: list[Summary] = field(default_factory=list)

    @property
    def member_ids(self) -> list[int]:
        return [place.member_id for place in self.attendees]


@dataclass
class CalendarDay:
    day: datetime.date
    rows: list[CalendarRow] = field(default_factory=list)


def _with_places(appointments: QuerySet[Appointment]) -> QuerySet[Appointment]:
    return appointments.select_related("group", "counselor").prefetch_related(
        Prefetch(
            "attendees",
            queryset=Attendee.objects.select_related("member").order_by("member__first_name", "pk"),
        )
    )


def sharing_with(counselor: User) -> set[int]:
    """Ids of the members who share counseling with the counselor now (one query), for the
    rows of a page that shows several lists."""
    return {
        pk
        for pk, scopes in policy.scopes_shared_with(counselor).items()
        if Scope.COUNSELING in scopes
    }


def rows_for(
    counselor: User, appointments: Iterable[Appointment], sharing: set[int] | None = None
) -> list[CalendarRow]:
    """Rows the counselor may see: an appointment with nobody sharing any more is left off,
    as its page is closed to them (access.access_appointment). `sharing` as `sharing_with`
    gives it, when the caller has it already."""
    if sharing is None:
        sharing = sharing_with(counselor)
    rows = []
    for appointment in appointments:
        places = list(appointment.attendees.all())
        shown = [p for p in places if p.member_id in sharing]
        if places and not shown:
            continue
        rows.append(CalendarRow(appointment, shown, len(places) - len(shown)))
    return rows


def counselor_calendar(
    counselor: User, *, first_day: datetime.date, days: int, sharing: set[int] | None = None
) -> list[CalendarDay]:
    """The counselor's appointments (scheduled, completed and cancelled) from `first_day` for
    `days` days of their own zone, by day. A fixed number of queries however many there are."""
    zone = counselor.zone
    start = datetime.datetime.combine(first_day, datetime.time(0), tzinfo=zone)
    end = datetime.datetime.combine(
        first_day + datetime.timedelta(days=days), datetime.time(0), tzinfo=zone
    )
    appointments = _with_places(
        Appointment.objects.filter(
            counselor=counselor,
            starts_at__gte=start,
            starts_at__lt=end,
            status__in=[*LIVE, AppointmentStatus.CANCELLED],
        ).order_by("starts_at", "pk")
    )
    calendar = [CalendarDay(first_day + datetime.timedelta(days=n)) for n in range(days)]
    for row in rows_for(counselor, appointments, sharing):
        local = row.appointment.starts_at.astimezone(zone).date()
        calendar[(local - first_day).days].rows.append(row)
    return calendar


def with_adherence(counselor: User, calendar: list[CalendarDay]) -> list[CalendarDay]:
    """The calendar with each one-to-one session's member adherence summary (attendance,
    medication and assessments where shared, objectives met), read for every member of the
    calendar at once: a fixed number of queries however many sessions."""
    rows = [r for d in calendar for r in d.rows if not r.appointment.group_id]
    members = {p.member_id: p.member for r in rows for p in r.attendees}
    found = summary(counselor, members.values())
    for row in rows:
        row.adherence = [found[p.member_id] for p in row.attendees if p.member_id in found]
    return calendar


def waiting_requests(counselor: User, sharing: set[int] | None = None) -> list[CalendarRow]:
    """Times members asked the counselor for that are still to come and unanswered."""
    asked = _with_places(
        Appointment.objects.filter(
            counselor=counselor,
            status=AppointmentStatus.REQUESTED,
            starts_at__gt=timezone.now(),
        ).order_by("starts_at", "pk")
    )
    return rows_for(counselor, asked, sharing)


@dataclass
class MemberAppointments:
    """A member's own places: to come, asked for, and past (most recent first)."""

    upcoming: list[Attendee]
    requested: list[Attendee]
    past: list[Attendee]


PAST_SHOWN = 50


def member_appointments(member: User) -> MemberAppointments:
    """The member's own places at appointments, in three lists, in three queries."""
    now = timezone.now()
    mine = Attendee.objects.filter(member=member).select_related(
        "appointment__counselor", "appointment__group"
    )
    upcoming = mine.filter(
        appointment__ends_at__gt=now,
        appointment__status__in=[*LIVE, AppointmentStatus.CANCELLED],
    ).order_by("appointment__starts_at", "pk")
    requested = mine.filter(
        appointment__status__in=[AppointmentStatus.REQUESTED, AppointmentStatus.DECLINED],
        appointment__ends_at__gt=now,
    ).order_by("appointment__starts_at", "pk")
    past = mine.filter(
        appointment__ends_at__lte=now,
        appointment__status__in=[*LIVE, AppointmentStatus.CANCELLED],
    ).order_by("-appointment__starts_at", "-pk")[:PAST_SHOWN]
    return MemberAppointments(list(upcoming), list(requested), list(past))


def appointments_of(
    user: User, *, start: datetime.datetime, end: datetime.datetime
) -> tuple[list[CalendarRow], list[Attendee]]:
    """For the API: the appointments the user holds as counselor (as rows they may see) and
    their own places as an attendee, starting between `start` and `end`."""
    held: list[CalendarRow] = []
    if is_counselor(user):
        held = rows_for(
            user,
            _with_places(
                Appointment.objects.filter(
                    counselor=user, starts_at__gte=start, starts_at__lt=end
                ).order_by("starts_at", "pk")
            ),
        )
    places = list(
        Attendee.objects.filter(
            member=user, appointment__starts_at__gte=start, appointment__starts_at__lt=end
        )
        .select_related("appointment__counselor", "appointment__group")
        .order_by("appointment__starts_at", "pk")
    )
    return held, places


def has_started(appointment: Appointment) -> bool:
    return appointment.starts_at <= timezone.now()


def place_of(appointment: Appointment, member: User) -> Attendee | None:
    """The member's own place at the appointment (None when they have none)."""
    return appointment.attendees.filter(member=member).select_related("member").first()


def last_video_url(counselor: User) -> str:
    """The link the counselor gave for their last video session, to offer it again."""
    return (
        Appointment.objects.filter(counselor=counselor, modality=Modality.VIDEO)
        .exclude(video_url="")
        .order_by("-created_at", "-pk")
        .values_list("video_url", flat=True)
        .first()
        or ""
    )


# ---------------------------------------------------------------- reminders


def _reminder(place: Attendee) -> NewNotice:
    appointment, member = place.appointment, place.member
    with translation.override(member.language):
        return NewNotice(
            user=member,
            kind="appointment_reminder",
            title=str(_("Reminder: an appointment tomorrow")),
            body=_("Reminder: %(session)s, %(when)s.")
            % {
                "session": session_words(appointment),
                "when": when_words(appointment.starts_at, appointment.ends_at, member),
            },
            url=reverse("counseling:appointment", args=[appointment.pk]),
            # A moved appointment is reminded of its new time.
            dedupe_key=f"appointment-reminder:{appointment.pk}:{appointment.starts_at.timestamp():.0f}",
            about=member,
        )


def send_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind everyone still expected at a scheduled appointment starting within 24 hours, once
    (`reminded_at` is set in the transaction that stores the notices, and each notice's key is
    unique, so a run repeated after a worker died sends nothing twice). Returns how many
    notices were sent."""
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            due = Appointment.objects.filter(
                status=AppointmentStatus.SCHEDULED,
                reminded_at__isnull=True,
                starts_at__gt=now,
                starts_at__lte=now + REMIND_BEFORE,
            )
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True, of=("self",))
            batch = list(due.order_by("starts_at", "pk")[:REMINDER_CHUNK])
            if not batch:
                return sent
            places = Attendee.objects.filter(
                appointment__in=batch,
                status=AttendanceStatus.EXPECTED,
                member__is_active=True,
            ).select_related("member", "appointment__counselor", "appointment__group")
            sent += len(notify_many([_reminder(place) for place in places]))
            Appointment.objects.filter(pk__in=[a.pk for a in batch]).update(reminded_at=now)


# ---------------------------------------------------------------- iCalendar feeds

FEED_SALT = "alongside.counseling.appointments-feed"
FEED_PAST = datetime.timedelta(days=90)
FEED_AHEAD = datetime.timedelta(days=400)
SHOWN_IN_FEEDS = (*LIVE, AppointmentStatus.CANCELLED)


def feed_digest(key: str) -> str:
    """The secret of the appointments feed, derived from the person's calendar key (the one
    their "my meetings" feed uses, meetings.CalendarFeed). Derived, not the key itself: someone
    given the meetings address cannot read counseling appointments with it, and a new address
    for one is a new address for both."""
    return salted_hmac(FEED_SALT, key, algorithm="sha256").hexdigest()[:40]


def feed_token(user: User) -> str:
    """The path part of the person's own appointments feed: "<calendar id>-<secret>"."""
    calendar = meetings.calendar_feed(member=user)
    return f"{calendar.pk}-{feed_digest(calendar.key)}"


def new_feed_address(user: User) -> str:
    """A new secret address (the meetings calendar's too); the old ones stop working at once."""
    meetings.rotate_calendar_key(member=user)
    return feed_token(user)


def _event(
    appointment: Appointment, *, summary: str, cancelled: bool, base_url: str
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"counseling-appointment-{appointment.pk}@alongside")
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC).replace(microsecond=0))
    event.add("dtstart", appointment.starts_at.astimezone(datetime.UTC))
    event.add("dtend", appointment.ends_at.astimezone(datetime.UTC))
    event.add("summary", summary)
    event.add("url", base_url + reverse("counseling:appointment", args=[appointment.pk]))
    # Where and how, never why: a subscribed calendar is read by the calendar's provider too.
    if appointment.modality == Modality.VIDEO:
        event.add("location", appointment.video_url or str(_("Video")))
    elif appointment.modality == Modality.PHONE:
        event.add("location", str(_("By phone")))
    elif appointment.location:
        event.add("location", appointment.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # Calendar applications take a later SEQUENCE as the news that an event changed.
    event.add("sequence", 1 if cancelled else 0)
    return event


def appointments_calendar(user: User, *, base_url: str) -> bytes:
    """The person's appointments as an iCalendar file, from 90 days back to 400 ahead: those
    they hold as counselor ("Counseling session", a group session by the group's name) and
    their own places ("Counseling session with <counselor>", or just "Group session").
    Summaries never say more; a cancelled one (or a place given up) is STATUS:CANCELLED."""
    now = timezone.now()
    window = {"starts_at__gte": now - FEED_PAST, "starts_at__lt": now + FEED_AHEAD}
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Alongside//Counseling//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    with translation.override(user.language):
        cal.add("x-wr-calname", str(_("Counseling appointments")))
        if is_counselor(user):
            held = Appointment.objects.filter(
                counselor=user, status__in=SHOWN_IN_FEEDS, **window
            ).select_related("group")
            for appointment in held:
                summary = (
                    appointment.group.name
                    if appointment.group is not None
                    else str(_("Counseling session"))
                )
                cancelled = appointment.status == AppointmentStatus.CANCELLED
                cal.add_component(
                    _event(appointment, summary=summary, cancelled=cancelled, base_url=base_url)
                )
        places = Attendee.objects.filter(
            member=user,
            appointment__status__in=SHOWN_IN_FEEDS,
            **{f"appointment__{name}": value for name, value in window.items()},
        ).select_related("appointment__counselor", "appointment__group")
        for place in places:
            appointment = place.appointment
            summary = (
                str(_("Group session"))
                if appointment.group is not None
                else str(_("Counseling session with %(name)s"))
                % {"name": appointment.counselor.display_name}
            )
            cancelled = appointment.status == AppointmentStatus.CANCELLED or place.status in (
                AttendanceStatus.CANCELLED,
                AttendanceStatus.LATE_CANCEL,
            )
            cal.add_component(
                _event(appointment, summary=summary, cancelled=cancelled, base_url=base_url)
            )
    return cal.to_ical()

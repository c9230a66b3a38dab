"""Appointments as the services keep them: Dr. Chen (New York) books Maya (Chicago), who shares
counseling with her, once or weekly; nobody is double-booked; a weekly evening session stays at
18:00 across the November change of the clocks; cancellations (late ones against the member
only when she cancels), attendance after the start, times Maya asks for, therapy groups whose
members never learn of each other, reminders sent once, and the calendar feeds."""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
import pytest
import time_machine
from django.core.exceptions import ValidationError

from alongside.accounts.sensitive import Credential
from alongside.counseling.models import (
    Appointment,
    AppointmentSeries,
    AppointmentStatus,
    AttendanceStatus,
    Attendee,
    GroupMember,
    Modality,
)
from alongside.counseling.services import (
    appointment_calendars,
    appointment_requests,
    appointments,
    therapy_groups,
)
from alongside.counseling.services.appointments import (
    AppointmentClash,
    AppointmentConflict,
    Booking,
)
from alongside.counseling.services.clients import clients_of
from alongside.notifications.models import InAppNotification
from alongside.privacy.models import ConsentGrant
from alongside.privacy.services import grant_access, revoke_grant

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
# A Tuesday in October 2026; the clocks go back in the United States on Sunday 1 November.
NOW = datetime.datetime(2026, 10, 20, 14, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def share(member, counselor):
    return grant_access(
        member=member,
        grantee_user=counselor,
        scopes=["counseling"],
        purpose="counseling",
        credential=Credential.for_setup(member),
    )


def ny(day: int, hour: int, minute: int = 0, month: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=NEW_YORK)


def session(day: int, hour: int = 10, minutes: int = 50, month: int = 10, **more) -> Booking:
    start = ny(day, hour, month=month)
    return Booking(
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=minutes),
        modality=more.pop("modality", Modality.IN_PERSON),
        location=more.pop("location", "Room 3"),
        **more,
    )


@pytest.fixture
def maya(cast):
    return cast["member"].user


@pytest.fixture
def jordan(cast):
    return cast["member2"].user


@pytest.fixture
def chen(cast, maya):
    chen = cast["counselor"].user
    share(maya, chen)
    return chen


def notices(user, kind):
    return list(InAppNotification.objects.filter(user=user, kind=kind).order_by("pk"))


# ---------------------------------------------------------------- booking


def test_dr_chen_books_maya_and_maya_is_told_in_her_own_zone(chen, maya) -> None:
    [made] = appointments.book_appointment(counselor=chen, member=maya, booking=session(27, 18))
    made.refresh_from_db()
    assert made.status == AppointmentStatus.SCHEDULED
    assert made.starts_at == ny(27, 18) and made.series is None
    assert [a.member for a in made.attendees.all()] == [maya]
    [notice] = notices(maya, "appointment_booked")
    assert notice.title == "An appointment was booked for you"  # no name on a lock screen
    assert "Grace C." in notice.body
    assert "Tue 27 Oct 2026 from 17:00 to 17:50 CDT" in notice.body  # Chicago, not New York


def test_a_member_who_does_not_share_counseling_cannot_be_booked_and_nothing_is_saved(
    cast, chen, jordan, maya
) -> None:
    with pytest.raises(ValidationError) as refused:
        appointments.book_appointment(counselor=chen, member=jordan, booking=session(27))
    assert (
        "does not share their counseling records with you"
        in refused.value.message_dict["member"][0]
    )
    # Casey counsels at another organization; Maya shares nothing with her.
    with pytest.raises(ValidationError):
        appointments.book_appointment(
            counselor=cast["outsider"].user, member=maya, booking=session(27)
        )
    assert not Appointment.objects.exists()
    assert not InAppNotification.objects.filter(kind="appointment_booked").exists()


def test_once_she_stops_sharing_she_can_no_longer_be_booked(chen, maya) -> None:
    appointments.book_appointment(counselor=chen, member=maya, booking=session(27))
    for grant in ConsentGrant.objects.filter(member=maya):
        revoke_grant(grant=grant, by=maya, credential=Credential.for_setup(maya))
    with pytest.raises(ValidationError):
        appointments.book_appointment(counselor=chen, member=maya, booking=session(28))
    assert clients_of(chen) == []


def test_double_booking_the_counselor_is_refused_naming_the_session_it_clashes_with(
    chen, maya, jordan
) -> None:
    share(jordan, chen)
    appointments.book_appointment(counselor=chen, member=maya, booking=session(27, 10))
    with pytest.raises(AppointmentClash) as clash:
        appointments.book_appointment(
            counselor=chen, member=jordan, booking=session(27, 10, minutes=30)
        )
    assert clash.value.message_dict["starts_at"] == [
        "You already have a session with Maya O. on Tue 27 Oct 2026 from 10:00 to 10:50 EDT."
    ]
    assert Appointment.objects.count() == 1
    # Back to back is fine.
    start = ny(27, 10, 50)
    appointments.book_appointment(
        counselor=chen,
        member=jordan,
        booking=Booking(
            starts_at=start, ends_at=start + datetime.timedelta(minutes=50), modality="phone"
        ),
    )
    assert Appointment.objects.count() == 2


def test_double_booking_a_member_is_refused_without_naming_her_other_counselor(
    cast, chen, maya
) -> None:
    from alongside.accounts.models import Membership, Organization, Role

    lena = cast["peer_specialist"].user
    riverbend = Organization.objects.get(slug="riverbend")
    Membership.objects.create(user=lena, organization=riverbend, role=Role.COUNSELOR)
    share(maya, lena)
    appointments.book_appointment(counselor=lena, member=maya, booking=session(27, 10))
    with pytest.raises(AppointmentClash) as clash:
        appointments.book_appointment(counselor=chen, member=maya, booking=session(27, 10))
    [message] = clash.value.message_dict["starts_at"]
    assert message == (
        "Maya O. already has another appointment on Tue 27 Oct 2026 from 10:00 to 10:50 EDT."
    )
    assert "Lena" not in message


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "field", "message"),
    [
        (ny(27, 10), ny(27, 9), "ends_at", "The session must end after it starts."),
        (ny(27, 10), ny(27, 10), "ends_at", "The session must end after it starts."),
        (ny(27, 10), ny(27, 10, 5), "ends_at", "A session lasts at least 10 minutes."),
        (ny(27, 10), ny(27, 19), "ends_at", "A session lasts at most 8 hours."),
        (ny(19, 10), ny(19, 11), "starts_at", "Choose a time in the future."),
    ],
)
def test_a_session_that_ends_before_it_starts_or_is_past_is_refused(
    chen, maya, starts_at, ends_at, field, message
) -> None:
    booking = Booking(starts_at=starts_at, ends_at=ends_at, modality="phone")
    with pytest.raises(ValidationError) as refused:
        appointments.book_appointment(counselor=chen, member=maya, booking=booking)
    assert refused.value.message_dict[field] == [message]
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("more", "field", "message"),
    [
        ({"modality": "in_person", "location": ""}, "location", "Say where you will meet."),
        ({"modality": "video"}, "video_url", "Give the link to your video room."),
        (
            {"modality": "video", "video_url": "http://meet.example.org/chen"},
            "video_url",
            "Give a link that starts with https://.",
        ),
        ({"modality": "carrier pigeon"}, "modality", "Choose in person, video or phone."),
        ({"count": 53, "interval_weeks": 1}, "count", "Book from 1 to 52 sessions at a time."),
        ({"count": 2, "interval_weeks": 9}, "interval_weeks", "Repeat every 1 to 8 weeks."),
    ],
)
def test_where_and_how_often_are_checked_beside_their_fields(
    chen, maya, more, field, message
) -> None:
    with pytest.raises(ValidationError) as refused:
        appointments.book_appointment(counselor=chen, member=maya, booking=session(27, **more))
    assert refused.value.message_dict[field] == [message]


def test_a_video_session_keeps_the_counselors_own_link(chen, maya) -> None:
    booking = session(27, modality="video", video_url=" https://meet.example.org/dr-chen ")
    [made] = appointments.book_appointment(counselor=chen, member=maya, booking=booking)
    assert made.video_url == "https://meet.example.org/dr-chen"
    assert appointment_calendars.last_video_url(chen) == "https://meet.example.org/dr-chen"


def test_a_weekly_series_is_one_appointment_a_week_in_one_series(chen, maya) -> None:
    made = appointments.book_appointment(
        counselor=chen, member=maya, booking=session(21, 9, interval_weeks=2, count=3)
    )
    assert [a.starts_at.astimezone(NEW_YORK).date().isoformat() for a in made] == [
        "2026-10-21",
        "2026-11-04",
        "2026-11-18",
    ]
    series = AppointmentSeries.objects.get()
    assert (series.interval_weeks, series.count) == (2, 3)
    assert {a.series_id for a in Appointment.objects.all()} == {series.pk}
    assert Attendee.objects.filter(member=maya).count() == 3
    [notice] = notices(maya, "appointment_booked")  # one notice for the series
    assert "then every 2 week(s), 3 sessions in all" in notice.body


def test_a_weekly_six_pm_series_in_new_york_stays_at_six_across_the_november_change(
    chen, maya
) -> None:
    made = appointments.book_appointment(
        counselor=chen, member=maya, booking=session(27, 18, count=3, interval_weeks=1)
    )
    local = [a.starts_at.astimezone(NEW_YORK) for a in made]
    assert [(t.month, t.day, t.hour, t.minute) for t in local] == [
        (10, 27, 18, 0),
        (11, 3, 18, 0),
        (11, 10, 18, 0),
    ]
    # The same wall-clock time is a different instant once the clocks have gone back.
    assert [a.starts_at.astimezone(datetime.UTC).hour for a in made] == [22, 23, 23]
    assert all(a.ends_at - a.starts_at == datetime.timedelta(minutes=50) for a in made)


def test_a_clash_in_any_week_of_a_series_refuses_the_whole_series(chen, maya, jordan) -> None:
    share(jordan, chen)
    appointments.book_appointment(counselor=chen, member=jordan, booking=session(10, 18, month=11))
    with pytest.raises(AppointmentClash) as clash:
        appointments.book_appointment(counselor=chen, member=maya, booking=session(27, 18, count=4))
    assert "Tue 10 Nov 2026 from 18:00 to 18:50 EST" in clash.value.messages[0]
    assert Appointment.objects.count() == 1
    assert not AppointmentSeries.objects.exists()


# ---------------------------------------------------------------- changes, cancellations


def test_moving_a_session_is_clash_checked_and_she_is_told_and_reminded_again(chen, maya) -> None:
    [first] = appointments.book_appointment(counselor=chen, member=maya, booking=session(27, 10))
    [second] = appointments.book_appointment(counselor=chen, member=maya, booking=session(28, 10))
    Appointment.objects.filter(pk=first.pk).update(reminded_at=NOW)
    with pytest.raises(AppointmentClash):
        appointments.change_appointment(appointment=first, by=chen, booking=session(28, 10))
    appointments.change_appointment(appointment=first, by=chen, booking=session(27, 15))
    first.refresh_from_db()
    assert first.starts_at == ny(27, 15) and first.reminded_at is None
    [notice] = notices(maya, "appointment_changed")
    assert "is now on Tue 27 Oct 2026 from 14:00 to 14:50 CDT" in notice.body
    # Only the counselor who holds it changes it.
    with pytest.raises(AppointmentConflict):
        appointments.change_appointment(appointment=second, by=maya, booking=session(29))


def test_maya_cancelling_more_than_a_day_ahead_is_an_ordinary_cancellation(chen, maya) -> None:
    [made] = appointments.book_appointment(counselor=chen, member=maya, booking=session(27))
    appointments.cancel_appointment(appointment=made, by=maya, reason="Work shift")
    made.refresh_from_db()
    assert made.status == AppointmentStatus.CANCELLED and made.cancelled_by == maya
    assert made.attendees.get().status == AttendanceStatus.CANCELLED
    [notice] = notices(chen, "appointment_cancelled")
    assert "Maya O. cancelled" in notice.body and "Work shift" in notice.body


def test_maya_cancelling_less_than_24_hours_before_is_a_late_cancellation(chen, maya) -> None:
    [made] = appointments.book_appointment(counselor=chen, member=maya, booking=session(21, 9))
    appointments.cancel_appointment(appointment=made, by=maya, reason="Overslept")
    assert made.attendees.get().status == AttendanceStatus.LATE_CANCEL
    with pytest.raises(AppointmentConflict):
        appointments.cancel_appointment(appointment=made, by=maya, reason="Again")


def test_a_counselor_cancelling_late_never_counts_against_the_member(chen, maya) -> None:
    [made] = appointments.book_appointment(counselor=chen, member=maya, booking=session(21, 9))
    with pytest.raises(ValidationError) as refused:
        appointments.cancel_appointment(appointment=made, by=chen, reason="   ")
    assert "reason" in refused.value.message_dict
    appointments.cancel_appointment(appointment=made, by=chen, reason="I am unwell")
    made.refresh_from_db()
    assert made.status == AppointmentStatus.CANCELLED
    assert made.attendees.get().status == AttendanceStatus.CANCELLED
    [notice] = notices(maya, "appointment_cancelled")
    assert "I am unwell" in notice.body


def test_attendance_is_recorded_after_the_start_and_never_before(chen, maya) -> None:
    [made] = appointments.book_appointment(counselor=chen, member=maya, booking=session(21, 9))
    with pytest.raises(AppointmentConflict) as early:
        appointments.record_attendance(
            appointment=made, by=chen, member_id=maya.pk, status=AttendanceStatus.ATTENDED
        )
    assert "once it has started" in early.value.messages[0]
    with time_machine.travel(ny(21, 9, 5), tick=False):
        with pytest.raises(AppointmentConflict):  # an attendee does not record it
            appointments.record_attendance(
                appointment=made, by=maya, member_id=maya.pk, status="attended"
            )
        with pytest.raises(ValidationError) as unknown:
            appointments.record_attendance(
                appointment=made, by=chen, member_id=maya.pk, status="asleep"
            )
        assert "status" in unknown.value.message_dict
        place = appointments.record_attendance(
            appointment=made, by=chen, member_id=maya.pk, status=AttendanceStatus.NO_SHOW
        )
        assert place.status == AttendanceStatus.NO_SHOW and place.recorded_at is not None
        appointments.complete_appointment(appointment=made, by=chen)
        # Corrected afterwards: she came in late.
        appointments.record_attendance(
            appointment=made, by=chen, member_id=maya.pk, status=AttendanceStatus.ATTENDED
        )
    made.refresh_from_db()
    assert made.status == AppointmentStatus.COMPLETED
    assert made.attendees.get().status == AttendanceStatus.ATTENDED


# ---------------------------------------------------------------- times Maya asks for


def test_maya_asks_for_a_time_and_dr_chen_accepts_it(chen, maya) -> None:
    assert appointment_requests.counselors_for(maya) == [chen]
    asked = appointment_requests.request_appointment(
        member=maya,
        counselor=chen,
        starts_at=ny(29, 16),
        ends_at=ny(29, 16, 50),
        modality=Modality.VIDEO,
        note="Before my new job starts, please",
    )
    assert asked.status == AppointmentStatus.REQUESTED and asked.requested_by == maya
    [notice] = notices(chen, "appointment_requested")
    assert "Maya O. asked for a session on Thu 29 Oct 2026 from 16:00 to 16:50 EDT." in notice.body
    # A time asked for holds nobody's calendar until it is accepted.
    with pytest.raises(ValidationError) as no_link:
        appointment_requests.accept_request(
            appointment=asked, by=chen, booking=Booking(asked.starts_at, asked.ends_at, "video")
        )
    assert "video_url" in no_link.value.message_dict
    appointment_requests.accept_request(
        appointment=asked,
        by=chen,
        booking=Booking(
            asked.starts_at, asked.ends_at, "video", video_url="https://meet.example.org/c"
        ),
    )
    asked.refresh_from_db()
    assert asked.status == AppointmentStatus.SCHEDULED
    [answer] = notices(maya, "appointment_answered")
    assert "Accepted" in answer.body and "15:00 to 15:50 CDT" in answer.body
    with pytest.raises(AppointmentConflict):
        appointment_requests.decline_request(appointment=asked, by=chen)


def test_a_time_taken_meanwhile_cannot_be_accepted(chen, maya, jordan) -> None:
    share(jordan, chen)
    asked = appointment_requests.request_appointment(
        member=maya, counselor=chen, starts_at=ny(29, 16), ends_at=ny(29, 16, 50)
    )
    appointments.book_appointment(counselor=chen, member=jordan, booking=session(29, 16))
    with pytest.raises(AppointmentClash) as clash:
        appointment_requests.accept_request(
            appointment=asked, by=chen, booking=Booking(asked.starts_at, asked.ends_at, "phone")
        )
    assert "JustJordan" in clash.value.messages[0]
    appointment_requests.decline_request(appointment=asked, by=chen, reason="I am booked then")
    asked.refresh_from_db()
    assert asked.status == AppointmentStatus.DECLINED
    [answer] = notices(maya, "appointment_answered")
    assert "Declined" in answer.body and "I am booked then" in answer.body


def test_maya_cannot_ask_a_counselor_she_does_not_share_with_nor_a_busy_time(
    cast, chen, maya, jordan
) -> None:
    with pytest.raises(ValidationError) as refused:
        appointment_requests.request_appointment(
            member=maya, counselor=cast["outsider"].user, starts_at=ny(29, 16), ends_at=ny(29, 17)
        )
    assert "counselor" in refused.value.message_dict
    share(jordan, chen)
    appointments.book_appointment(counselor=chen, member=jordan, booking=session(29, 16))
    with pytest.raises(AppointmentClash) as busy:
        appointment_requests.request_appointment(
            member=maya, counselor=chen, starts_at=ny(29, 16), ends_at=ny(29, 17)
        )
    # She learns Dr. Chen is busy, never with whom.
    assert busy.value.messages == [
        "Grace C. is not free on Thu 29 Oct 2026 from 15:00 to 15:50 CDT. Choose another time."
    ]
    assert not Appointment.objects.filter(status=AppointmentStatus.REQUESTED).exists()


def test_maya_withdraws_a_time_she_asked_for(chen, maya) -> None:
    asked = appointment_requests.request_appointment(
        member=maya, counselor=chen, starts_at=ny(29, 16), ends_at=ny(29, 17)
    )
    appointments.cancel_appointment(appointment=asked, by=maya, reason="Sorted it out")
    asked.refresh_from_db()
    assert asked.status == AppointmentStatus.CANCELLED
    assert notices(chen, "appointment_cancelled")


def test_too_many_times_waiting_for_one_counselor_are_refused(chen, maya) -> None:
    for day in range(22, 27):
        appointment_requests.request_appointment(
            member=maya, counselor=chen, starts_at=ny(day, 16), ends_at=ny(day, 17)
        )
    with pytest.raises(ValidationError) as refused:
        appointment_requests.request_appointment(
            member=maya, counselor=chen, starts_at=ny(28, 16), ends_at=ny(28, 17)
        )
    assert "5 times waiting for an answer" in refused.value.messages[0]


# ---------------------------------------------------------------- therapy groups


def test_a_group_session_books_the_roster_and_nobody_learns_who_else_is_in_it(
    chen, maya, jordan, cast
) -> None:
    share(jordan, chen)
    group = therapy_groups.create_group(counselor=chen, name="Relapse prevention skills")
    with pytest.raises(ValidationError) as stranger:
        therapy_groups.add_to_group(group=group, member=cast["mentor"].user)
    assert "member" in stranger.value.message_dict
    therapy_groups.add_to_group(group=group, member=maya)
    therapy_groups.add_to_group(group=group, member=jordan)
    with pytest.raises(AppointmentConflict):
        therapy_groups.add_to_group(group=group, member=maya)
    made = therapy_groups.book_group_session(group=group, booking=session(28, 18, count=2))
    assert len(made) == 2
    assert {a.member for a in made[0].attendees.all()} == {maya, jordan}
    for member, other in ((maya, "JustJordan"), (jordan, "Maya")):
        [notice] = notices(member, "appointment_booked")
        assert "Relapse prevention skills" in notice.body
        assert other not in notice.body
    with pytest.raises(ValidationError) as duplicate:
        therapy_groups.create_group(counselor=chen, name="relapse prevention skills")
    assert "name" in duplicate.value.message_dict


def test_a_group_with_nobody_sharing_cannot_be_booked(chen, maya) -> None:
    group = therapy_groups.create_group(counselor=chen, name="Mindfulness")
    with pytest.raises(ValidationError) as refused:
        therapy_groups.book_group_session(group=group, booking=session(28))
    assert "Nobody on the roster" in refused.value.messages[0]


def test_a_group_session_clashing_with_a_members_own_appointment_is_refused(chen, maya) -> None:
    group = therapy_groups.create_group(counselor=chen, name="Mindfulness")
    therapy_groups.add_to_group(group=group, member=maya)
    appointments.book_appointment(counselor=chen, member=maya, booking=session(28, 18))
    with pytest.raises(AppointmentClash):
        therapy_groups.book_group_session(group=group, booking=session(28, 18))


def test_taking_someone_off_the_roster_frees_their_places_to_come(chen, maya) -> None:
    group = therapy_groups.create_group(counselor=chen, name="Mindfulness")
    therapy_groups.add_to_group(group=group, member=maya)
    made = therapy_groups.book_group_session(group=group, booking=session(28, 18, count=2))
    place = GroupMember.objects.get(group=group, member=maya)
    therapy_groups.remove_from_group(place=place)
    place.refresh_from_db()
    assert place.left_on == chen.local_today()
    assert {a.status for a in Attendee.objects.filter(appointment__in=made)} == {
        AttendanceStatus.CANCELLED
    }
    assert therapy_groups.roster(group) == []


def test_a_member_cancelling_her_place_leaves_the_group_session_on(chen, maya, jordan) -> None:
    share(jordan, chen)
    group = therapy_groups.create_group(counselor=chen, name="Mindfulness")
    therapy_groups.add_to_group(group=group, member=maya)
    therapy_groups.add_to_group(group=group, member=jordan)
    [made] = therapy_groups.book_group_session(group=group, booking=session(28, 18))
    appointments.cancel_appointment(appointment=made, by=maya, reason="Family visit")
    made.refresh_from_db()
    assert made.status == AppointmentStatus.SCHEDULED
    assert made.attendees.get(member=maya).status == AttendanceStatus.CANCELLED
    assert made.attendees.get(member=jordan).status == AttendanceStatus.EXPECTED
    [notice] = notices(chen, "appointment_cancelled")
    assert "cancelled their place in the group session" in notice.body


# ---------------------------------------------------------------- reminders


def test_a_reminder_goes_out_a_day_before_and_only_once(chen, maya) -> None:
    [soon] = appointments.book_appointment(counselor=chen, member=maya, booking=session(21, 9))
    [later] = appointments.book_appointment(counselor=chen, member=maya, booking=session(27, 9))
    assert appointment_calendars.send_due_reminders() == 1
    assert appointment_calendars.send_due_reminders() == 0
    [reminder] = notices(maya, "appointment_reminder")
    assert reminder.title == "Reminder: an appointment tomorrow"
    assert "Wed 21 Oct 2026 from 08:00 to 08:50 CDT" in reminder.body
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.reminded_at == NOW and later.reminded_at is None
    # Even if the mark were lost, the notice's key keeps it from going out twice.
    Appointment.objects.filter(pk=soon.pk).update(reminded_at=None)
    assert appointment_calendars.send_due_reminders() == 0
    with time_machine.travel(ny(26, 10), tick=False):
        assert appointment_calendars.send_due_reminders() == 1
    assert len(notices(maya, "appointment_reminder")) == 2


def test_cancelled_places_and_cancelled_sessions_get_no_reminder(chen, maya) -> None:
    [made] = appointments.book_appointment(counselor=chen, member=maya, booking=session(21, 9))
    appointments.cancel_appointment(appointment=made, by=chen, reason="Unwell")
    assert appointment_calendars.send_due_reminders() == 0


def test_booking_queues_the_reminder_run_once(chen, maya, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from alongside.counseling.tasks import send_appointment_reminders

    with django_capture_on_commit_callbacks(execute=True):
        appointments.book_appointment(counselor=chen, member=maya, booking=session(27, 9))
        appointments.book_appointment(counselor=chen, member=maya, booking=session(28, 9))
    waiting = DBTaskResult.objects.filter(task_path=send_appointment_reminders.module_path)
    assert waiting.count() == 1


# ---------------------------------------------------------------- calendar feeds


def _events(body: bytes) -> list:
    return [c for c in icalendar.Calendar.from_ical(body).walk("VEVENT")]


def test_the_feeds_name_no_clinical_detail_and_mark_cancellations(chen, maya, jordan) -> None:
    share(jordan, chen)
    [single] = appointments.book_appointment(counselor=chen, member=maya, booking=session(27, 18))
    group = therapy_groups.create_group(counselor=chen, name="Relapse prevention skills")
    therapy_groups.add_to_group(group=group, member=maya)
    therapy_groups.add_to_group(group=group, member=jordan)
    [group_session] = therapy_groups.book_group_session(group=group, booking=session(28, 18))
    appointments.cancel_appointment(appointment=single, by=chen, reason="Unwell")

    counselor = _events(appointment_calendars.appointments_calendar(chen, base_url="https://x"))
    assert sorted(str(e["summary"]) for e in counselor) == [
        "Counseling session",
        "Relapse prevention skills",
    ]
    by_summary = {str(e["summary"]): e for e in counselor}
    assert str(by_summary["Counseling session"]["status"]) == "CANCELLED"
    assert by_summary["Counseling session"].decoded("dtstart") == ny(27, 18)
    everything = appointment_calendars.appointments_calendar(chen, base_url="https://x").decode()
    assert "Maya" not in everything and "Unwell" not in everything

    member = _events(appointment_calendars.appointments_calendar(maya, base_url="https://x"))
    assert sorted(str(e["summary"]) for e in member) == [
        "Counseling session with Grace C.",
        "Group session",
    ]
    by_summary = {str(e["summary"]): e for e in member}
    assert str(by_summary["Group session"]["status"]) == "CONFIRMED"
    assert str(by_summary["Group session"]["url"]).endswith(
        f"/counseling/appointments/{group_session.pk}/"
    )
    assert (
        "JustJordan"
        not in appointment_calendars.appointments_calendar(maya, base_url="https://x").decode()
    )


def test_the_reminder_task_and_command_send_what_is_due_and_queue_the_next_run(chen, maya) -> None:
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from alongside.counseling.tasks import send_appointment_reminders

    appointments.book_appointment(counselor=chen, member=maya, booking=session(21, 9))
    assert send_appointment_reminders.call() == 1
    waiting = DBTaskResult.objects.filter(task_path=send_appointment_reminders.module_path)
    assert waiting.count() == 1  # the next quarter-hour's run
    call_command("appointment_reminders")
    assert waiting.count() == 1  # still one
    soon = Booking(ny(21, 9, 55), ny(21, 10, 45), "phone")  # within the day ahead too
    appointments.book_appointment(counselor=chen, member=maya, booking=soon)
    call_command("appointment_reminders", "--now")
    assert len(notices(maya, "appointment_reminder")) == 2

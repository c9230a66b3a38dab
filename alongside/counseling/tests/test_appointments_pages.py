"""The appointment pages as people read them: Dr. Chen's calendar in New York time and Maya's
appointments in Chicago time, each saying its zone; a day view that costs the same few queries
however full the day; bad input answered beside its field with nothing saved; Casey (another
organization, no consent) and Jordan (not booked) get 404; group members never see each other;
the secret calendar address."""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.accounts.sensitive import Credential
from alongside.counseling.models import (
    Appointment,
    AppointmentStatus,
    AttendanceStatus,
    GroupMember,
    TherapyGroup,
)
from alongside.counseling.services import (
    appointment_calendars,
    appointment_requests,
    appointments,
    therapy_groups,
)
from alongside.counseling.services.appointments import Booking
from alongside.counseling.services.clients import clients_of
from alongside.privacy.services import grant_access

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
# Tuesday 3 November 2026, morning: the clocks went back on Sunday (EST, CST now).
NOW = datetime.datetime(2026, 11, 3, 14, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def share(member, counselor):
    grant_access(
        member=member,
        grantee_user=counselor,
        scopes=["counseling"],
        purpose="counseling",
        credential=Credential.for_setup(member),
    )


def ny(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=NEW_YORK)


def book(chen, member, day: int, hour: int, **more) -> Appointment:
    start = ny(day, hour)
    booking = Booking(
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=50),
        modality="in_person",
        location="Room 3",
        **more,
    )
    return appointments.book_appointment(counselor=chen, member=member, booking=booking)[0]


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


def text(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------- times in each person's zone


def test_each_side_reads_the_session_in_their_own_zone_and_is_told_which(
    chen, maya, client_as
) -> None:
    made = book(chen, maya, 3, 18)
    calendar = text(client_as("counselor").get("/counseling/calendar/"))
    assert "Tuesday 3 November 2026" in calendar
    assert "18:00–18:50 EST" in calendar
    assert "Times are in your time zone, America/New_York." in calendar
    assert "Maya O." in calendar
    # Beside her name, her adherence in a line (nothing held yet in the last 90 days).
    assert "No sessions" in calendar

    mine = text(client_as("member").get("/counseling/appointments/"))
    assert "Tue 3 Nov 2026, 17:00–17:50 CST" in mine
    assert "Times are in your time zone, America/Chicago." in mine
    assert "Grace C." in mine

    detail = text(client_as("member").get(f"/counseling/appointments/{made.pk}/"))
    assert "Tuesday 3 November 2026, 17:00–17:50 CST" in detail
    assert "America/Chicago" in detail
    detail = text(client_as("counselor").get(f"/counseling/appointments/{made.pk}/"))
    assert "Tuesday 3 November 2026, 18:00–18:50 EST" in detail


def test_today_is_the_counselors_today_not_the_servers(chen, maya, client_as) -> None:
    # 03:00 UTC on the 4th is still the evening of the 3rd in New York.
    book(chen, maya, 3, 21)
    with time_machine.travel(datetime.datetime(2026, 11, 4, 3, 0, tzinfo=datetime.UTC)):
        page = text(client_as("counselor").get("/counseling/calendar/"))
    assert "Tuesday 3 November 2026" in page and "21:00–21:50 EST" in page


def test_the_week_view_shows_monday_to_sunday(chen, maya, client_as) -> None:
    book(chen, maya, 5, 9)
    page = text(client_as("counselor").get("/counseling/calendar/?day=2026-11-05&view=week"))
    for day in ("Monday 2 November 2026", "Thursday 5 November 2026", "Sunday 8 November 2026"):
        assert day in page
    assert "Monday 9 November" not in page
    assert "09:00–09:50 EST" in page
    assert "?day=2026-10-26&amp;view=week" in page  # the week before


def test_a_day_that_is_not_a_date_is_answered_beside_the_field(chen, client_as) -> None:
    response = client_as("counselor").get("/counseling/calendar/?day=2026-02-31")
    page = text(response)
    assert response.status_code == 200
    assert 'id="id_day_error"' in page and "Enter a valid date." in page
    assert "Tuesday 3 November 2026" in page  # today instead
    far = text(client_as("counselor").get("/counseling/calendar/?day=9999-12-31&view=week"))
    assert "Choose a day between 1900 and 2999." in far


def test_the_day_view_costs_the_same_few_queries_however_full_the_day(
    chen, maya, jordan, client_as, django_assert_max_num_queries
) -> None:
    share(jordan, chen)
    client = client_as("counselor")
    book(chen, maya, 4, 8)
    appointment_requests.request_appointment(
        member=maya, counselor=chen, starts_at=ny(6, 9), ends_at=ny(6, 10)
    )
    client.get("/counseling/calendar/?day=2026-11-04")  # warm: sessions, the feed's row
    with CaptureQueriesContext(connection) as one:
        client.get("/counseling/calendar/?day=2026-11-04")
    group = therapy_groups.create_group(counselor=chen, name="Relapse prevention skills")
    therapy_groups.add_to_group(group=group, member=maya)
    therapy_groups.add_to_group(group=group, member=jordan)
    for hour in range(9, 14):
        book(chen, maya, 4, hour)
        book(chen, jordan, 4, hour + 6) if hour < 11 else None
    start = ny(4, 19)
    therapy_groups.book_group_session(
        group=group,
        booking=Booking(start, start + datetime.timedelta(minutes=90), "in_person", "Hall"),
    )
    appointment_requests.request_appointment(
        member=jordan, counselor=chen, starts_at=ny(6, 11), ends_at=ny(6, 12)
    )
    assert Appointment.objects.filter(counselor=chen, status="scheduled").count() >= 9
    with django_assert_max_num_queries(len(one)):
        page = text(client.get("/counseling/calendar/?day=2026-11-04"))
    assert page.count("/counseling/appointments/") >= 10
    assert "Relapse prevention skills" in page
    assert page.count("No sessions") >= 8  # each one-to-one session's adherence line


# ---------------------------------------------------------------- booking, bad input


def test_dr_chen_books_a_weekly_series_from_the_page(chen, maya, client_as) -> None:
    form = client_as("counselor").get("/counseling/appointments/new/")
    assert "In your time zone, America/New_York." in text(form)
    response = client_as("counselor").post(
        "/counseling/appointments/new/",
        {
            "member": maya.pk,
            "on": "2026-11-05",
            "starts": "18:00",
            "ends": "18:50",
            "modality": "video",
            "video_url": "https://meet.example.org/dr-chen",
            "location": "",
            "repeat": "1",
            "count": "4",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/counseling/calendar/?day=2026-11-05"
    made = list(Appointment.objects.order_by("starts_at"))
    assert len(made) == 4
    assert [a.starts_at.astimezone(NEW_YORK).hour for a in made] == [18] * 4


def test_a_session_ending_before_it_starts_is_answered_beside_the_end(
    chen, maya, client_as
) -> None:
    response = client_as("counselor").post(
        "/counseling/appointments/new/",
        {
            "member": maya.pk,
            "on": "2026-11-05",
            "starts": "18:00",
            "ends": "17:00",
            "modality": "phone",
            "repeat": "0",
            "count": "1",
        },
    )
    page = text(response)
    assert response.status_code == 422
    assert '<p class="error" id="id_ends_error">The session must end after it starts.</p>' in page
    assert not Appointment.objects.exists()


def test_a_double_booking_is_answered_beside_the_start_naming_the_clash(
    chen, maya, client_as
) -> None:
    book(chen, maya, 5, 18)
    response = client_as("counselor").post(
        "/counseling/appointments/new/",
        {
            "member": maya.pk,
            "on": "2026-11-05",
            "starts": "18:30",
            "ends": "19:00",
            "modality": "phone",
            "repeat": "0",
            "count": "1",
        },
    )
    assert response.status_code == 422
    assert (
        '<p class="error" id="id_starts_error">You already have a session with Maya O. on '
        "Thu 5 Nov 2026 from 18:00 to 18:50 EST.</p>" in text(response)
    )
    assert Appointment.objects.count() == 1


def test_someone_who_does_not_share_is_not_offered_and_cannot_be_booked(
    chen, jordan, client_as
) -> None:
    page = text(client_as("counselor").get("/counseling/appointments/new/"))
    assert "Maya O." in page and "JustJordan" not in page
    response = client_as("counselor").post(
        "/counseling/appointments/new/",
        {
            "member": jordan.pk,
            "on": "2026-11-05",
            "starts": "18:00",
            "ends": "18:50",
            "modality": "phone",
            "repeat": "0",
            "count": "1",
        },
    )
    assert response.status_code == 422
    assert "Choose someone who shares their counseling records with you." in text(response)
    assert not Appointment.objects.exists()


# ---------------------------------------------------------------- who may see what


def test_a_counselor_without_consent_and_a_member_not_booked_get_404(chen, maya, client_as) -> None:
    made = book(chen, maya, 5, 18)
    for persona in ("outsider", "member2", "peer_specialist", "org_admin"):
        assert client_as(persona).get(f"/counseling/appointments/{made.pk}/").status_code == 404
    # Casey is a counselor too: her calendar is her own, and empty.
    page = text(client_as("outsider").get("/counseling/calendar/?day=2026-11-05"))
    assert "Maya" not in page and "Nothing booked." in page
    assert client_as("member").get("/counseling/calendar/").status_code == 404


def test_a_group_member_sees_only_her_own_place(chen, maya, jordan, client_as) -> None:
    share(jordan, chen)
    group = therapy_groups.create_group(counselor=chen, name="Relapse prevention skills")
    therapy_groups.add_to_group(group=group, member=maya)
    therapy_groups.add_to_group(group=group, member=jordan)
    start = ny(5, 19)
    [made] = therapy_groups.book_group_session(
        group=group,
        booking=Booking(start, start + datetime.timedelta(minutes=90), "in_person", "Hall B"),
    )
    for persona, other in (("member", "JustJordan"), ("member2", "Maya")):
        detail = text(client_as(persona).get(f"/counseling/appointments/{made.pk}/"))
        assert "Group session: Relapse prevention skills" in detail
        assert other not in detail
        mine = text(client_as(persona).get("/counseling/appointments/"))
        assert "Relapse prevention skills" in mine and other not in mine
    # The roster is the counselor's: a member of the group cannot open it.
    assert client_as("member").get(f"/counseling/groups/{group.pk}/").status_code == 404
    counselor = text(client_as("counselor").get(f"/counseling/appointments/{made.pk}/"))
    assert "Maya O." in counselor and "JustJordan" in counselor


# ---------------------------------------------------------------- the member's page


def test_maya_asks_for_a_time_and_withdraws_it_from_her_page(chen, maya, client_as) -> None:
    page = text(client_as("member").get("/counseling/appointments/"))
    assert "Ask for a time" in page and "Grace C." in page
    bad = client_as("member").post(
        "/counseling/appointments/",
        {
            "counselor": chen.pk,
            "on": "2026-11-06",
            "starts": "10:00",
            "ends": "09:00",
            "modality": "phone",
        },
    )
    assert bad.status_code == 422
    assert "The session must end after it starts." in text(bad)
    assert not Appointment.objects.exists()
    response = client_as("member").post(
        "/counseling/appointments/",
        {
            "counselor": chen.pk,
            "on": "2026-11-06",
            "starts": "10:00",
            "ends": "10:50",
            "modality": "phone",
            "note": "After my shift",
        },
    )
    assert response.status_code == 302
    asked = Appointment.objects.get()
    assert asked.status == AppointmentStatus.REQUESTED
    assert asked.starts_at == datetime.datetime(2026, 11, 6, 16, 0, tzinfo=datetime.UTC)
    page = text(client_as("member").get("/counseling/appointments/"))
    assert "Fri 6 Nov 2026, 10:00–10:50 CST" in page and "waiting for an answer" in page
    calendar = text(client_as("counselor").get("/counseling/calendar/"))
    assert "Times members asked for" in calendar and "Fri 6 Nov 2026, 11:00–11:50 EST" in calendar
    client_as("member").post(
        f"/counseling/appointments/{asked.pk}/", {"form": "cancel", "cancel-reason": "Sorted"}
    )
    asked.refresh_from_db()
    assert asked.status == AppointmentStatus.CANCELLED


def test_dr_chen_accepts_a_time_from_the_appointment_page(chen, maya, client_as) -> None:
    asked = appointment_requests.request_appointment(
        member=maya, counselor=chen, starts_at=ny(6, 11), ends_at=ny(6, 12), note="Evenings"
    )
    page = text(client_as("counselor").get(f"/counseling/appointments/{asked.pk}/"))
    assert "Evenings" in page and "Accept this time" in page
    bad = client_as("counselor").post(
        f"/counseling/appointments/{asked.pk}/",
        {"form": "accept", "accept-modality": "video", "accept-video_url": "not a link"},
    )
    assert bad.status_code == 422
    assert 'id="id_accept-video_url_error">Give a link that starts with https://.' in text(bad)
    client_as("counselor").post(
        f"/counseling/appointments/{asked.pk}/",
        {"form": "accept", "accept-modality": "in_person", "accept-location": "Room 3"},
    )
    asked.refresh_from_db()
    assert asked.status == AppointmentStatus.SCHEDULED and asked.location == "Room 3"
    # Maya can read it, not answer it.
    response = client_as("member").post(
        f"/counseling/appointments/{asked.pk}/", {"form": "decline", "decline-reason": ""}
    )
    assert response.status_code == 403


def test_maya_cancels_from_her_page_and_an_empty_reason_is_answered_beside_it(
    chen, maya, client_as
) -> None:
    made = book(chen, maya, 5, 18)
    page = text(client_as("member").get("/counseling/appointments/"))
    assert f'id="cancel-reason-{made.pk}"' in page
    bad = client_as("member").post(
        f"/counseling/appointments/{made.pk}/", {"form": "cancel", "cancel-reason": " "}
    )
    assert bad.status_code == 422
    assert 'id="id_cancel-reason_error"' in text(bad)
    made.refresh_from_db()
    assert made.status == AppointmentStatus.SCHEDULED
    client_as("member").post(
        f"/counseling/appointments/{made.pk}/", {"form": "cancel", "cancel-reason": "Work"}
    )
    made.refresh_from_db()
    assert made.status == AppointmentStatus.CANCELLED
    page = text(client_as("member").get("/counseling/appointments/"))
    assert "Cancelled" in page


def test_dr_chen_records_attendance_once_the_session_has_started(chen, maya, client_as) -> None:
    made = book(chen, maya, 3, 10)
    page = text(client_as("counselor").get(f"/counseling/appointments/{made.pk}/"))
    assert "Attendance can be recorded once the session has started." in page
    with time_machine.travel(ny(3, 10, 5), tick=False):
        page = text(client_as("counselor").get(f"/counseling/appointments/{made.pk}/"))
        assert "No-show" in page
        for nobody in ("²", "9" * 30, "", str(10**12)):
            bad = client_as("counselor").post(
                f"/counseling/appointments/{made.pk}/",
                {"form": "attendance", "member": nobody, "status": "no_show"},
            )
            assert bad.status_code == 422
            assert "They are not booked for this appointment." in text(bad)
        client_as("counselor").post(
            f"/counseling/appointments/{made.pk}/",
            {"form": "attendance", "member": maya.pk, "status": "no_show"},
        )
        client_as("counselor").post(f"/counseling/appointments/{made.pk}/", {"form": "complete"})
    made.refresh_from_db()
    assert made.status == AppointmentStatus.COMPLETED
    assert made.attendees.get().status == AttendanceStatus.NO_SHOW
    # Maya may not record her own attendance.
    response = client_as("member").post(
        f"/counseling/appointments/{made.pk}/",
        {"form": "attendance", "member": maya.pk, "status": "attended"},
    )
    assert response.status_code == 403


# ---------------------------------------------------------------- groups


def test_dr_chen_starts_a_group_fills_its_roster_and_books_a_session(
    chen, maya, jordan, client_as
) -> None:
    client = client_as("counselor")
    response = client.post("/counseling/groups/", {"name": "", "kind": "closed"})
    assert response.status_code == 422 and 'id="id_name_error"' in text(response)
    response = client.post("/counseling/groups/", {"name": "Relapse prevention", "kind": "closed"})
    group = TherapyGroup.objects.get()
    assert response["Location"] == f"/counseling/groups/{group.pk}/"
    page = text(client.get(f"/counseling/groups/{group.pk}/"))
    assert "Maya O." in page and "JustJordan" not in page  # only people who share are offered
    client.post(f"/counseling/groups/{group.pk}/", {"form": "add", "roster-member": maya.pk})
    assert GroupMember.objects.filter(group=group, member=maya).exists()
    bad = client.post(
        f"/counseling/groups/{group.pk}/",
        {"form": "add", "roster-member": jordan.pk},
    )
    assert bad.status_code == 422
    response = client.post(
        f"/counseling/groups/{group.pk}/",
        {
            "form": "session",
            "session-on": "2026-11-05",
            "session-starts": "19:00",
            "session-ends": "20:30",
            "session-modality": "in_person",
            "session-location": "Hall B",
            "session-repeat": "1",
            "session-count": "2",
        },
    )
    assert response.status_code == 302
    assert Appointment.objects.filter(group=group).count() == 2
    page = text(client.get(f"/counseling/groups/{group.pk}/"))
    assert "Thu 5 Nov 2026, 19:00–20:30 EST" in page and "1 expected" in page
    for nobody in ("²", "x", str(jordan.pk)):
        gone = client.post(f"/counseling/groups/{group.pk}/", {"form": "remove", "member": nobody})
        assert gone.status_code == 404
    client.post(f"/counseling/groups/{group.pk}/", {"form": "remove", "member": maya.pk})
    assert therapy_groups.roster(group) == []
    assert "0 expected" in text(client.get(f"/counseling/groups/{group.pk}/"))
    # Casey runs no such group.
    assert client_as("outsider").get(f"/counseling/groups/{group.pk}/").status_code == 404


# ---------------------------------------------------------------- the calendar feed


def test_the_secret_address_serves_the_feed_and_a_new_one_retires_it(
    chen, maya, client_as, client
) -> None:
    made = book(chen, maya, 5, 18)
    token = appointment_calendars.feed_token(maya)
    page = text(client_as("member").get("/counseling/appointments/"))
    assert f"/counseling/calendar/{token}.ics" in page
    response = client.get(f"/counseling/calendar/{token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Counseling session with Grace C."
    assert event.decoded("dtstart") == made.starts_at
    # Neither a changed secret nor the meetings calendar's own key opens it.
    assert client.get(f"/counseling/calendar/{token[:-1]}x.ics").status_code == 404
    for nonsense in ("²-abc", f"{'9' * 30}-abc", "-", "abc"):
        assert client.get(f"/counseling/calendar/{nonsense}.ics").status_code == 404
    from alongside.meetings.services import calendar_feed

    meetings_key = calendar_feed(member=maya).key
    assert client.get(f"/counseling/calendar/{meetings_key}.ics").status_code == 404
    client_as("member").post("/counseling/calendar/new-address/")
    assert client.get(f"/counseling/calendar/{token}.ics").status_code == 404
    fresh = appointment_calendars.feed_token(maya)
    assert client.get(f"/counseling/calendar/{fresh}.ics").status_code == 200


def test_the_navigation_offers_the_calendar_to_counselors_and_appointments_to_members(
    client_as,
) -> None:
    assert '<a href="/counseling/calendar/"' in text(client_as("counselor").get("/home/"))
    member_home = text(client_as("member").get("/home/"))
    assert '<a href="/counseling/appointments/"' in member_home
    assert '<a href="/counseling/calendar/"' not in member_home


def test_the_demo_books_maya_weekly_and_a_group_and_loads_twice(cast, client_as) -> None:
    from alongside.counseling import demo

    demo.populate(cast)
    demo.populate(cast)
    maya, chen = cast["member"].user, cast["counselor"].user
    # Eight weekly sessions, last week's and the time she asked for; two past sessions with notes.
    assert Appointment.objects.filter(counselor=chen, group__isnull=True).count() == 12
    # Five Thursdays booked, and the session of two days ago the notes demo waits to document.
    assert Appointment.objects.filter(group__name=demo.GROUP).count() == 7
    mine = text(client_as("member").get("/counseling/appointments/"))
    assert "Relapse prevention skills" in mine and "JustJordan" not in mine
    assert "waiting for an answer" in mine
    week = text(client_as("counselor").get("/counseling/calendar/?view=week"))
    assert "Maya O." in week
    assert maya.pk in {m.pk for m in clients_of(chen)}

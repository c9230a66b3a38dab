"""Appointments through the API (/api/v1/counseling/...): the same rules as the pages. 201 for
what is made, 409 naming a double booking or a state that does not allow it, 422 naming the
field, 404 for what is not the caller's (Casey's and Jordan's view of Maya's appointment, a
member id of someone who does not share), and an attendee reads only her own place."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine

from alongside.accounts.sensitive import Credential
from alongside.counseling.models import Appointment, AppointmentStatus, GroupMember
from alongside.counseling.services import appointment_requests, appointments, therapy_groups
from alongside.counseling.services.appointments import Booking
from alongside.privacy.services import grant_access

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
NOW = datetime.datetime(2026, 11, 3, 14, 0, tzinfo=datetime.UTC)
BASE = "/api/v1/counseling"


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


def post(client, path, body):
    return client.post(BASE + path, body, content_type="application/json")


def session(member, day=5, hour=18, **more):
    return {
        "member_id": member.pk,
        "starts_at": ny(day, hour).isoformat(),
        "ends_at": (ny(day, hour) + datetime.timedelta(minutes=50)).isoformat(),
        "modality": "phone",
        **more,
    }


def fields(response) -> dict[str, str]:
    return {f["field"]: f["message"] for f in response.json()["error"]["fields"]}


def test_dr_chen_books_a_weekly_series_and_a_double_booking_is_a_409_naming_it(
    chen, maya, client_as
) -> None:
    client = client_as("counselor")
    response = post(client, "/appointments", session(maya, count=3, interval_weeks=1))
    assert response.status_code == 201
    made = response.json()
    assert [a["starts_at"] for a in made] == [
        "2026-11-05T23:00:00Z",
        "2026-11-12T23:00:00Z",
        "2026-11-19T23:00:00Z",
    ]
    assert made[0]["your_part"] == "counselor"
    assert made[0]["attendees"] == [
        {
            "member": {"id": maya.pk, "display_name": "Maya O."},
            "status": "expected",
            "recorded_at": None,
        }
    ]
    assert len({a["series_id"] for a in made}) == 1
    clash = post(client, "/appointments", session(maya, day=12, hour=18, count=1))
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "clash"
    assert clash.json()["error"]["message"] == (
        "You already have a session with Maya O. on Thu 12 Nov 2026 from 18:00 to 18:50 EST."
    )
    assert Appointment.objects.count() == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": "2026-11-05T17:00:00-05:00"}, "ends_at"),
        ({"starts_at": "2026-11-05T18:00:00"}, "starts_at"),  # no zone: which 18:00?
        ({"starts_at": 1762383600}, "starts_at"),
        ({"modality": "video"}, "video_url"),
        ({"count": 0}, "count"),
        ({"interval_weeks": 9}, "interval_weeks"),
        ({"location": "x" * 201}, "location"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_nothing_is_saved(
    chen, maya, client_as, change, field
) -> None:
    response = post(client_as("counselor"), "/appointments", {**session(maya), **change})
    assert response.status_code == 422
    assert field in fields(response)
    assert not Appointment.objects.exists()


def test_the_end_before_the_start_is_named_in_words(chen, maya, client_as) -> None:
    body = {**session(maya), "ends_at": "2026-11-05T17:00:00-05:00"}
    response = post(client_as("counselor"), "/appointments", body)
    assert fields(response) == {"ends_at": "The session must end after it starts."}


def test_booking_someone_who_does_not_share_is_a_404_like_any_stranger(
    chen, jordan, client_as
) -> None:
    response = post(client_as("counselor"), "/appointments", session(jordan))
    assert response.status_code == 404
    # Casey, a counselor elsewhere, reaches nobody either.
    assert post(client_as("outsider"), "/appointments", session(jordan)).status_code == 404
    assert not Appointment.objects.exists()


def test_casey_and_jordan_get_404_and_maya_sees_only_her_own_place(
    chen, maya, jordan, client_as
) -> None:
    share(jordan, chen)
    group = therapy_groups.create_group(counselor=chen, name="Relapse prevention skills")
    therapy_groups.add_to_group(group=group, member=maya)
    therapy_groups.add_to_group(group=group, member=jordan)
    start = ny(5, 19)
    [made] = therapy_groups.book_group_session(
        group=group,
        booking=Booking(start, start + datetime.timedelta(minutes=90), "in_person", "Hall B"),
    )
    [single] = appointments.book_appointment(
        counselor=chen,
        member=maya,
        booking=Booking(ny(6, 9), ny(6, 10), "phone"),
    )
    for persona in ("outsider", "member2", "mentor"):
        response = client_as(persona).get(f"{BASE}/appointments/{single.pk}")
        assert response.status_code == 404, persona
        assert response.json()["error"]["code"] == "not_found"
    mine = client_as("member").get(f"{BASE}/appointments/{made.pk}").json()
    assert mine["your_part"] == "attendee"
    assert mine["group"] == {"id": None, "name": "Relapse prevention skills"}
    assert [p["member"]["display_name"] for p in mine["attendees"]] == ["Maya O."]
    listed = client_as("member").get(f"{BASE}/appointments").json()
    assert {a["id"] for a in listed} == {made.pk, single.pk}
    assert "JustJordan" not in str(listed)
    held = client_as("counselor").get(f"{BASE}/appointments/{made.pk}").json()
    assert {p["member"]["display_name"] for p in held["attendees"]} == {"Maya O.", "JustJordan"}
    # An attendee may read it, not change it.
    patch = client_as("member").patch(
        f"{BASE}/appointments/{single.pk}", {"location": "Cafe"}, content_type="application/json"
    )
    assert patch.status_code == 403


def test_the_list_is_from_a_day_in_the_callers_zone(chen, maya, client_as) -> None:
    appointments.book_appointment(
        counselor=chen, member=maya, booking=Booking(ny(20, 9), ny(20, 10), "phone")
    )
    client = client_as("counselor")
    assert client.get(f"{BASE}/appointments").json() == []  # the next 14 days
    listed = client.get(f"{BASE}/appointments?from_day=2026-11-20&days=1").json()
    assert [a["starts_at"] for a in listed] == ["2026-11-20T14:00:00Z"]
    bad = client.get(f"{BASE}/appointments?from_day=9999-12-31&days=92")
    assert bad.status_code == 422 and "from_day" in fields(bad)


def test_attendance_is_a_409_before_the_start_and_recorded_after(chen, maya, client_as) -> None:
    [made] = appointments.book_appointment(
        counselor=chen, member=maya, booking=Booking(ny(3, 10), ny(3, 11), "phone")
    )
    body = {"member_id": maya.pk, "status": "attended"}
    early = post(client_as("counselor"), f"/appointments/{made.pk}/attendance", body)
    assert early.status_code == 409
    assert "once it has started" in early.json()["error"]["message"]
    with time_machine.travel(ny(3, 10, 10), tick=False):
        response = post(client_as("counselor"), f"/appointments/{made.pk}/attendance", body)
        assert response.status_code == 200
        assert response.json()["attendees"][0]["status"] == "attended"
        stranger = post(
            client_as("counselor"),
            f"/appointments/{made.pk}/attendance",
            {"member_id": 10**12, "status": "attended"},
        )
        assert stranger.status_code == 422 and "member" in fields(stranger)
        done = post(client_as("counselor"), f"/appointments/{made.pk}/complete", {})
        assert done.json()["status"] == "completed"
        again = post(client_as("counselor"), f"/appointments/{made.pk}/complete", {})
        assert again.status_code == 409


def test_maya_cancels_late_and_cannot_cancel_twice(chen, maya, client_as) -> None:
    [made] = appointments.book_appointment(
        counselor=chen, member=maya, booking=Booking(ny(4, 8), ny(4, 9), "phone")
    )
    empty = post(client_as("member"), f"/appointments/{made.pk}/cancel", {"reason": ""})
    assert empty.status_code == 422 and "reason" in fields(empty)
    response = post(client_as("member"), f"/appointments/{made.pk}/cancel", {"reason": "Sick"})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["attendees"][0]["status"] == "late_cancel"
    again = post(client_as("member"), f"/appointments/{made.pk}/cancel", {"reason": "Sick"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


def test_maya_asks_for_a_time_and_dr_chen_answers(chen, maya, client_as) -> None:
    assert client_as("member").get(f"{BASE}/counselors").json() == [
        {"id": chen.pk, "display_name": "Grace C."}
    ]
    clients = client_as("counselor").get(f"{BASE}/clients").json()
    assert [(c["member_id"], c["display_name"]) for c in clients] == [(maya.pk, "Maya O.")]
    body = {
        "counselor_id": chen.pk,
        "starts_at": ny(6, 11).isoformat(),
        "ends_at": ny(6, 12).isoformat(),
        "note": "After my shift",
    }
    response = post(client_as("member"), "/requests", body)
    assert response.status_code == 201
    asked = response.json()
    assert (asked["status"], asked["request_note"]) == ("requested", "After my shift")
    # Asking nobody is a 404, as asking a counselor she does not share with is (below).
    assert (
        post(client_as("member"), "/requests", {**body, "counselor_id": 10**12}).status_code == 404
    )
    denied = post(client_as("member"), f"/appointments/{asked['id']}/accept", {})
    assert denied.status_code == 403
    accepted = post(
        client_as("counselor"),
        f"/appointments/{asked['id']}/accept",
        {"modality": "in_person", "location": "Room 3"},
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "scheduled"
    declined = post(client_as("counselor"), f"/appointments/{asked['id']}/decline", {})
    assert declined.status_code == 409


def test_asking_casey_who_is_not_shared_with_is_a_404(cast, chen, maya, client_as) -> None:
    body = {
        "counselor_id": cast["outsider"].user.pk,
        "starts_at": ny(6, 11).isoformat(),
        "ends_at": ny(6, 12).isoformat(),
    }
    assert post(client_as("member"), "/requests", body).status_code == 404
    assert not Appointment.objects.exists()


def test_groups_rosters_and_sessions(chen, maya, jordan, client_as) -> None:
    client = client_as("counselor")
    assert post(client_as("member"), "/groups", {"name": "Mine"}).status_code == 404
    created = post(client, "/groups", {"name": "Relapse prevention", "kind": "open"})
    assert created.status_code == 201
    group_id = created.json()["id"]
    assert post(client, f"/groups/{group_id}/members", {"member_id": jordan.pk}).status_code == 404
    added = post(client, f"/groups/{group_id}/members", {"member_id": maya.pk})
    assert added.status_code == 201
    assert [p["member"]["id"] for p in added.json()["roster"]] == [maya.pk]
    again = post(client, f"/groups/{group_id}/members", {"member_id": maya.pk})
    assert again.status_code == 409 and "on the roster already" in again.json()["error"]["message"]
    body = {k: v for k, v in session(maya, day=5, hour=19).items() if k != "member_id"}
    booked = post(client, f"/groups/{group_id}/sessions", body)
    assert booked.status_code == 201
    assert booked.json()[0]["group"] == {"id": group_id, "name": "Relapse prevention"}
    assert client.get(f"{BASE}/groups").json()[0]["roster_size"] == 1
    assert client_as("outsider").get(f"{BASE}/groups/{group_id}").status_code == 404
    removed = client.delete(f"{BASE}/groups/{group_id}/members/{maya.pk}")
    assert removed.status_code == 200 and removed.json()["roster"] == []
    assert client.delete(f"{BASE}/groups/{group_id}/members/{maya.pk}").status_code == 404
    assert GroupMember.objects.get().left_on is not None


def test_a_time_asked_for_that_has_been_withdrawn_cannot_be_accepted(chen, maya, client_as):
    asked = appointment_requests.request_appointment(
        member=maya, counselor=chen, starts_at=ny(6, 11), ends_at=ny(6, 12)
    )
    post(client_as("member"), f"/appointments/{asked.pk}/cancel", {"reason": "Sorted"})
    response = post(client_as("counselor"), f"/appointments/{asked.pk}/accept", {})
    assert response.status_code == 409
    asked.refresh_from_db()
    assert asked.status == AppointmentStatus.CANCELLED

"""Attendance: a rotating QR code, joining online, adding by hand with confirmation, 90 in 90,
proof-of-attendance sheets, and sharing only by consent."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection

from alongside.accounts.sensitive import Credential
from alongside.meetings import services
from alongside.meetings.models import AttendanceRecord, Meeting
from alongside.privacy import services as privacy
from alongside.privacy.models import AccessLogEntry, Scope
from alongside.testing.pdf import pdf_text

pytestmark = pytest.mark.django_db
UTC = dt.UTC
DURING = dt.datetime(2026, 1, 7, 1, 5, tzinfo=UTC)  # Tuesday 19:05 in Chicago


@pytest.fixture
def meeting(smart_group, make_meeting) -> Meeting:
    return make_meeting(
        name="SMART Tuesday",
        program="smart",
        group=smart_group,
        days=[2],
        start_time=dt.time(19),
        time_zone="America/Chicago",
        attendance="hybrid",
        conference_url="https://zoom.us/j/42",
    )


def scanned_url(page: str) -> str:
    return re.search(r'href="https?://[^"/]+(/meetings/check-in/[^"]+)"', page).group(1)


def test_a_member_records_attendance_by_scanning_the_code_the_facilitator_shows(
    client_as, cast, meeting
) -> None:
    with time_machine.travel(DURING, tick=False):
        page = client_as("facilitator").get(f"/meetings/m/{meeting.pk}/code/").content.decode()
        assert "<svg" in page
        url = scanned_url(page)
        member = client_as("member")
        assert "Check in at SMART Tuesday" in member.get(url).content.decode()
        assert member.post(url).status_code == 302
    record = AttendanceRecord.objects.get(member=cast["member"].user)
    assert record.method == "qr" and record.confirmed_by == cast["facilitator"].user
    assert record.occurred_at == dt.datetime(2026, 1, 7, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("later", "reason"),
    [
        (
            dt.timedelta(minutes=11),
            "This code has expired",
        ),  # a code kept from earlier in the meeting
        (dt.timedelta(days=7), "This code has expired"),  # a photo brought to next week's meeting
    ],
)
def test_a_photo_of_the_code_does_not_work_later(client_as, cast, meeting, later, reason) -> None:
    with time_machine.travel(DURING, tick=False):
        url = scanned_url(
            client_as("facilitator").get(f"/meetings/m/{meeting.pk}/code/").content.decode()
        )
    with time_machine.travel(DURING + later, tick=False):
        response = client_as("member").post(url)
    assert response.status_code == 410 and reason in response.content.decode()
    assert not AttendanceRecord.objects.exists()


def test_a_forged_code_is_refused(client_as, cast, meeting) -> None:
    with time_machine.travel(DURING, tick=False):
        made = services.qr_token(meeting=meeting, facilitator=cast["facilitator"].user)
        assert made is not None
        token, _starts = made
        forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
        response = client_as("member").get(f"/meetings/check-in/{forged}/")
    assert response.status_code == 410 and "not one Alongside made" in response.content.decode()


def test_no_code_is_shown_when_the_meeting_is_not_on(client_as, cast, meeting) -> None:
    with time_machine.travel(DURING + dt.timedelta(hours=3), tick=False):
        page = client_as("facilitator").get(f"/meetings/m/{meeting.pk}/code/").content.decode()
    assert "<svg" not in page and "The code appears from 30 minutes before" in page


def test_joining_online_while_the_meeting_is_on_records_attendance(
    client_as, cast, meeting
) -> None:
    member = client_as("member")
    with time_machine.travel(DURING - dt.timedelta(days=1), tick=False):
        assert member.post(f"/meetings/m/{meeting.pk}/join/")["Location"] == "https://zoom.us/j/42"
    assert not AttendanceRecord.objects.exists()
    with time_machine.travel(DURING, tick=False):
        member.post(f"/meetings/m/{meeting.pk}/join/")
        member.post(f"/meetings/m/{meeting.pk}/join/")  # rejoining after a dropped call counts once
    record = AttendanceRecord.objects.get()
    assert record.method == "online" and record.verification == "self_reported"
    assert not record.is_confirmed and record.confirmed_by is None  # a click confirms nothing


def test_a_member_adds_a_meeting_by_hand_and_a_facilitator_confirms_it_when_asked(
    client_as, cast, meeting
) -> None:
    member = client_as("member")
    with time_machine.travel(DURING + dt.timedelta(days=1), tick=False):
        wrong = member.post(f"/meetings/m/{meeting.pk}/attended/", {"on": "2026-01-05"})
        assert wrong.status_code == 422 and "does not meet on that date" in wrong.content.decode()
        member.post(
            f"/meetings/m/{meeting.pk}/attended/", {"on": "2026-01-06", "ask_confirmation": "on"}
        )
        record = AttendanceRecord.objects.get()
        assert not record.is_confirmed and record.confirmation_requested
        facilitator = client_as("facilitator")
        assert "Maya O." in facilitator.get("/meetings/facilitating/").content.decode()
        assert client_as("mentor").post(f"/meetings/confirm/{record.pk}/").status_code == 404
        facilitator.post(f"/meetings/confirm/{record.pk}/")
    record.refresh_from_db()
    assert record.is_confirmed and record.confirmed_by == cast["facilitator"].user


def test_ninety_in_ninety_counts_meetings_and_days_in_the_last_ninety_days(cast, meeting) -> None:
    member = cast["member"].user
    now = dt.datetime(2026, 4, 1, 12, tzinfo=UTC)
    for days_ago in [1, 1.1, 2, 30, 89, 95]:
        AttendanceRecord.objects.create(
            member=member,
            meeting=meeting,
            meeting_name="x",
            occurred_at=now - dt.timedelta(days=days_ago),
            method="manual",
        )
    summary = services.attendance_summary(
        list(AttendanceRecord.objects.all()), member=member, now=now
    )
    assert (
        summary.total,
        summary.last_90_days,
        summary.days_in_last_90,
        summary.ninety_in_ninety_left,
    ) == (6, 5, 4, 85)


def test_a_proof_of_attendance_sheet_lists_only_confirmed_meetings_with_who_confirmed_them(
    client_as, cast, meeting
) -> None:
    member = cast["member"].user
    services.confirm_attendance(
        record=AttendanceRecord.objects.create(
            member=member,
            meeting=meeting,
            meeting_name="SMART Tuesday",
            occurred_at=DURING - dt.timedelta(days=7),
            method="manual",
        ),
        facilitator=cast["facilitator"].user,
    )
    AttendanceRecord.objects.create(
        member=member,
        meeting=meeting,
        meeting_name="Unconfirmed night",
        occurred_at=DURING - dt.timedelta(days=14),
        method="manual",
    )
    with time_machine.travel(DURING, tick=False):
        response = client_as("member").post(
            "/meetings/attendance/proof.pdf",
            {
                "start": "2025-12-01",
                "end": "2026-01-07",
                "name_on_sheet": "Maya Okafor",
                "purpose": "County probation",
            },
        )
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")
    body = pdf_text(response.content)
    assert (
        "SMART Tuesday" in body
        and "Theo B." in body
        and "Maya Okafor" in body
        and "County probation" in body
    )
    assert "Unconfirmed night" not in body
    check = re.search(r"(/meetings/proof/[^/\s)]+/)", body).group(1)
    page = client_as(None).get(check).content.decode()
    assert (
        "SMART Tuesday" in page
        and "Confirmed by facilitator Theo B., when the member asked." in page
    )
    assert (
        "<dd>Maya Okafor</dd>" in page and "Unconfirmed night" not in page
    )  # the name printed on the sheet


def test_a_proof_sheet_with_an_impossible_range_says_what_is_wrong(client_as, cast) -> None:
    response = client_as("member").post(
        "/meetings/attendance/proof.pdf", {"start": "2026-02-01", "end": "2026-01-01"}
    )
    assert (
        response.status_code == 422
        and "The end date comes before the start date." in response.content.decode()
    )


def test_attendance_is_shared_only_by_consent_and_every_look_is_logged(
    client_as, cast, meeting
) -> None:
    member = cast["member"].user
    AttendanceRecord.objects.create(
        member=member,
        meeting=meeting,
        meeting_name="SMART Tuesday",
        occurred_at=DURING,
        method="manual",
    )
    mentor = client_as("mentor")
    url = f"/meetings/members/{member.pk}/attendance/"
    assert mentor.get(url).status_code == 404
    grant = privacy.grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=[Scope.ATTENDANCE],
        purpose="sponsor",
        credential=Credential.for_setup(member),
    )
    assert "SMART Tuesday" in mentor.get(url).content.decode()
    assert (
        mentor.get(f"/api/v1/members/{member.pk}/attendance").json()["attendance"][0][
            "meeting_name"
        ]
        == "SMART Tuesday"
    )
    assert (
        AccessLogEntry.objects.filter(
            member=member, actor=cast["mentor"].user, scope=Scope.ATTENDANCE
        ).count()
        == 2
    )
    privacy.revoke_grant(grant=grant, by=member, credential=Credential.for_setup(member))
    assert mentor.get(url).status_code == 404


def test_attendance_is_exported_and_a_facilitators_erasure_keeps_members_confirmations(
    cast, meeting
) -> None:
    member = cast["member"].user
    record = services.confirm_attendance(
        record=AttendanceRecord.objects.create(
            member=member,
            meeting=meeting,
            meeting_name="SMART Tuesday",
            occurred_at=DURING,
            method="manual",
        ),
        facilitator=cast["facilitator"].user,
    )
    data = privacy.collect_member_data(member)
    assert data["sections"]["meeting_attendance"][0]["confirmed_by"] == "Theo B."
    privacy.erase_member(
        member=cast["facilitator"].user, credential=Credential.for_setup(cast["facilitator"].user)
    )
    record.refresh_from_db()
    assert record.is_confirmed and record.confirmed_by is None
    privacy.erase_member(member=member, credential=Credential.for_setup(member))
    assert not AttendanceRecord.objects.exists()


def test_business_meeting_notes_are_encrypted_at_rest(cast, smart_group) -> None:
    services.record_business_meeting(
        group=smart_group,
        held_on=dt.date(2026, 1, 10),
        notes="Vote: new literature order",
        recorded_by=cast["facilitator"].user,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM meetings_businessmeeting")
        raw = cursor.fetchone()[0]
    assert "literature" not in raw
    assert smart_group.business_meetings.get().notes == "Vote: new literature order"


def test_a_facilitator_sees_each_occurrences_count_and_the_members_who_let_them_see_it(
    client_as, cast, meeting
) -> None:
    maya, jordan, pat = (cast[name].user for name in ("member", "member2", "ally"))
    with time_machine.travel(DURING, tick=False):
        for person in (maya, jordan, pat):
            AttendanceRecord.objects.create(
                member=person,
                meeting=meeting,
                meeting_name="SMART Tuesday",
                occurred_at=DURING,
                method="manual",
                confirmation_requested=person == maya,
            )
        AttendanceRecord.objects.create(
            member=maya,
            meeting=meeting,
            meeting_name="SMART Tuesday",
            occurred_at=DURING - dt.timedelta(days=7),
            method="online",
        )
        privacy.grant_access(
            member=jordan,
            grantee_user=cast["facilitator"].user,
            scopes=[Scope.ATTENDANCE],
            purpose="group",
            credential=Credential.for_setup(jordan),
        )
        url = f"/meetings/groups/{meeting.group.slug}/attendance/"
        assert client_as("member").get(url).status_code == 404
        page = client_as("facilitator").get(url).content.decode()
    rows = re.findall(
        r'<li class="meeting-result">\s*<h2 class="h3">SMART Tuesday</h2>(.*?)</li>\s*(?=<li class="meeting-result">|</ul>\s*<div)',
        page,
        re.S,
    )
    assert len(rows) == 2
    this_week, last_week = rows
    assert (
        "<strong>3 attended</strong>" in this_week
        and maya.display_name in this_week
        and jordan.display_name in this_week
    )
    assert pat.display_name not in page and "(1 not named)" in this_week
    assert (
        "<strong>1 attended</strong>" in last_week
        and "(1 not named)" in last_week
        and maya.display_name not in last_week
    )  # she asked only about the other
    # Each named record is a look at that member's attendance, in their access log.
    assert (
        AccessLogEntry.objects.filter(
            actor=cast["facilitator"].user, member=maya, scope=Scope.ATTENDANCE
        ).count()
        == 1
    )
    assert (
        AccessLogEntry.objects.filter(
            actor=cast["facilitator"].user, member=jordan, scope=Scope.ATTENDANCE
        ).count()
        == 1
    )
    assert not AccessLogEntry.objects.filter(actor=cast["facilitator"].user, member=pat).exists()

"""Proof of attendance a court can trust: the check page shows the name printed on the sheet and
each meeting in its own time zone; the check address is a random id that names nobody; a link
click is self-reported everywhere; every look at the check page is in the member's log; a
facilitator's look at or confirmation of a request is too."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.core import signing

from alongside.accounts.sensitive import Credential
from alongside.meetings import services
from alongside.meetings.models import AttendanceRecord, Meeting, ProofSheet
from alongside.privacy import services as privacy
from alongside.privacy.models import AccessLogEntry, Interface, Scope, SecurityEvent
from alongside.testing.pdf import pdf_text

pytestmark = pytest.mark.django_db
UTC = dt.UTC
ISSUED = dt.datetime(2026, 12, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def chicago(smart_group, make_meeting) -> Meeting:
    return make_meeting(
        name="SMART Chicago",
        program="smart",
        group=smart_group,
        days=[2],
        start_time=dt.time(19),
        time_zone="America/Chicago",
    )


@pytest.fixture
def new_york(smart_group, make_meeting) -> Meeting:
    return make_meeting(
        name="SMART Manhattan",
        program="smart",
        group=smart_group,
        days=[0, 2],
        start_time=dt.time(19),
        time_zone="America/New_York",
        latitude=40.7359,
        longitude=-73.9911,
        formatted_address="4 Union Sq S, New York, NY 10003",
    )


def confirmed(
    cast, meeting: Meeting, starts: dt.datetime, minutes: int | None = None
) -> AttendanceRecord:
    """A hand-added record the meeting's facilitator confirmed (the member asked)."""
    record = AttendanceRecord.objects.create(
        member=cast["member"].user,
        meeting=meeting,
        meeting_name=meeting.name,
        occurred_at=starts,
        method="manual",
        time_zone=meeting.time_zone,
        duration_minutes=minutes or meeting.duration_minutes,
        confirmation_requested=True,
    )
    return services.confirm_attendance(record=record, facilitator=cast["facilitator"].user)


def download_sheet(client, **fields: str) -> tuple[str, str]:
    """Ask for a sheet as the member does; returns the PDF's text and its check address."""
    with time_machine.travel(ISSUED, tick=False):
        response = client.post(
            "/meetings/attendance/proof.pdf", {"start": "2026-10-01", "end": "2026-12-02", **fields}
        )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)  # wrapped lines read on as one
    return text, re.search(r"(/meetings/proof/[^/\s)]+/)", text).group(1)


def cells(page: str) -> list[str]:
    """The table's cells as a person reads them."""
    return [html.unescape(c) for c in re.findall(r"<td[^>]*>([^<]*)</td>", page)]


def test_the_check_page_shows_the_printed_name_and_each_meeting_in_its_own_time_zone(
    client_as, cast, chicago, new_york
) -> None:
    confirmed(
        cast, chicago, dt.datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
    )  # Tuesday 24 November, 19:00 in Chicago
    confirmed(
        cast, new_york, dt.datetime(2026, 12, 2, 0, 0, tzinfo=UTC)
    )  # Tuesday 1 December, 19:00 in New York
    sheet, check = download_sheet(
        client_as("member"), name_on_sheet="Maya A. Okafor", purpose="Cook County probation"
    )

    page = client_as(None).get(check).content.decode()

    assert "<dt>Name on the sheet</dt><dd>Maya A. Okafor</dd>" in page
    assert "<dt>For</dt><dd>Cook County probation</dd>" in page
    assert cells(page) == [
        "Tuesday 24 November 2026, 19:00–20:00 CST (America/Chicago)",
        "SMART Chicago",
        "Confirmed by facilitator Theo B., when the member asked.",
        "Tuesday 1 December 2026, 19:00–20:00 EST (America/New_York)",
        "SMART Manhattan",
        "Confirmed by facilitator Theo B., when the member asked.",
    ]
    # The sheet itself says the same, word for word.
    assert "Name: Maya A. Okafor" in sheet and "Proof of attendance - page 1 of 1" in sheet
    assert (
        "Tuesday 24 November 2026, 19:00–20:00 CST (America/Chicago) SMART Chicago (SMART)" in sheet
    )
    assert (
        "Tuesday 1 December 2026, 19:00–20:00 EST (America/New_York) SMART Manhattan (SMART)"
        in sheet
    )
    assert "2 meetings confirmed by their facilitators." in sheet


def test_times_follow_the_meetings_zone_across_the_end_of_daylight_saving(
    client_as, cast, new_york
) -> None:
    confirmed(
        cast, new_york, dt.datetime(2026, 10, 27, 23, 0, tzinfo=UTC)
    )  # Tuesday before: summer time
    confirmed(
        cast, new_york, dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC), minutes=60
    )  # the night clocks go back
    confirmed(
        cast, new_york, dt.datetime(2026, 11, 4, 0, 0, tzinfo=UTC)
    )  # Tuesday after: standard time
    sheet, check = download_sheet(client_as("member"))

    page = client_as(None).get(check).content.decode()

    assert (
        cells(page)[0::3]
        == [
            "Tuesday 27 October 2026, 19:00–20:00 EDT (America/New_York)",
            "Sunday 1 November 2026, 01:30 EDT–01:30 EST (America/New_York)",  # an hour long, both offsets named
            "Tuesday 3 November 2026, 19:00–20:00 EST (America/New_York)",
        ]
    )
    assert (
        "Name: Maya O." in sheet and "<dd>Maya O.</dd>" in page
    )  # no name chosen: the display name, as printed


@pytest.mark.parametrize("name", ["Мария Иванова", "فاطمة الزهراء", "김민준"])
def test_a_name_in_any_script_prints_on_the_sheet_as_written(
    client_as, cast, chicago, name
) -> None:
    confirmed(cast, chicago, dt.datetime(2026, 11, 25, 1, 0, tzinfo=UTC))
    sheet, check = download_sheet(
        client_as("member"), name_on_sheet=name, purpose="Cook County probation"
    )

    # Right-to-left words are drawn, and read back, in the order they stand on the page.
    assert all(word in sheet for word in name.split())
    assert "Cook County probation" in sheet and "SMART Chicago" in sheet
    assert f"<dd>{name}</dd>" in client_as(None).get(check).content.decode()


def test_a_check_address_is_a_random_id_kept_by_alongside_and_names_nobody(
    client_as, cast, chicago
) -> None:
    record = confirmed(cast, chicago, dt.datetime(2026, 11, 25, 1, 0, tzinfo=UTC))
    member = client_as("member")
    _sheet, first = download_sheet(member)
    _sheet, second = download_sheet(member)
    codes = [first.split("/")[3], second.split("/")[3]]

    assert [s.code for s in ProofSheet.objects.order_by("issued_at", "id")] == codes
    assert codes[0] != codes[1] and all(len(c) == 32 for c in codes)
    for code in codes:
        with pytest.raises(signing.BadSignature):
            signing.loads(code)  # not a signed payload: nothing inside to read
    assert list(ProofSheet.objects.get(code=codes[0]).records.all()) == [record]


@pytest.mark.parametrize(
    "address",
    [
        "altered",  # one letter changed on a real address
        "old-format",  # the signed addresses earlier versions printed, with the member's id inside
    ],
)
def test_a_guessed_altered_or_old_check_address_finds_nothing_and_is_kept_in_the_security_log(
    client_as, cast, chicago, address
) -> None:
    record = confirmed(cast, chicago, dt.datetime(2026, 11, 25, 1, 0, tzinfo=UTC))
    _sheet, check = download_sheet(client_as("member"))
    code = check.split("/")[3]
    if address == "altered":
        code = code[:-1] + ("A" if code[-1] != "A" else "B")
    else:
        code = signing.dumps(
            {"u": cast["member"].user.pk, "r": [record.pk]},
            salt="alongside.meetings.proof",
            compress=True,
        )
    looks_before = AccessLogEntry.objects.count()

    response = client_as(None).get(f"/meetings/proof/{code}/")

    assert response.status_code == 404
    page = response.content.decode()
    assert (
        "We do not know this check address" in page
        and "SMART Chicago" not in page
        and "Maya" not in page
    )
    assert AccessLogEntry.objects.count() == looks_before  # nothing was seen
    event = SecurityEvent.objects.get()
    assert (event.actor, event.record_type, event.interface, event.path) == (
        None,
        "meetings.proofsheet",
        Interface.PROOF,
        f"/meetings/proof/{code}/",
    )


def test_joining_online_by_the_link_is_self_reported_on_the_page_the_sheet_the_check_page_and_the_api(
    client_as, cast, new_york
) -> None:
    new_york.attendance, new_york.conference_url = "hybrid", "https://zoom.us/j/42"
    services.save_meeting(meeting=new_york)
    member = client_as("member")
    with time_machine.travel(
        dt.datetime(2026, 12, 2, 0, 5, tzinfo=UTC), tick=False
    ):  # Tuesday 19:05 in New York
        assert member.post(f"/meetings/m/{new_york.pk}/join/")["Location"] == "https://zoom.us/j/42"

    own_page = member.get("/meetings/attendance/").content.decode()
    assert "no: self-reported" in own_page and "by the online" not in own_page
    api = member.get("/api/v1/attendance").json()["records"][0]
    assert (api["method"], api["verification"], api["confirmed"], api["confirmed_by"]) == (
        "online",
        "self_reported",
        False,
        None,
    )
    sheet, check = download_sheet(member)
    assert (
        "Self-reported: joined online by the meeting's link. Not confirmed by a facilitator."
        in sheet
    )
    assert "0 meetings confirmed by their facilitators." in sheet and "1 self-reported" in sheet
    page = client_as(None).get(check).content.decode()
    assert cells(page) == [
        "Tuesday 1 December 2026, 19:00–20:00 EST (America/New_York)",
        "SMART Manhattan",
        "Self-reported: joined online by the meeting's link. Not confirmed by a facilitator.",
    ]
    privacy.grant_access(
        member=cast["member"].user,
        grantee_user=cast["mentor"].user,
        scopes=[Scope.ATTENDANCE],
        purpose="sponsor",
        credential=Credential.for_setup(cast["member"].user),
    )
    shared = (
        client_as("mentor")
        .get(f"/meetings/members/{cast['member'].user.pk}/attendance/")
        .content.decode()
    )
    assert "No: self-reported" in shared
    assert (
        client_as("mentor")
        .get(f"/api/v1/members/{cast['member'].user.pk}/attendance")
        .json()["attendance"][0]["confirmed"]
        is False
    )


def test_every_look_at_a_check_page_is_in_the_members_access_log(client_as, cast, chicago) -> None:
    confirmed(cast, chicago, dt.datetime(2026, 11, 25, 1, 0, tzinfo=UTC))
    _sheet, check = download_sheet(client_as("member"))
    sheet = ProofSheet.objects.get()

    client_as(None).get(check)
    client_as(None).get(check)
    client_as("counselor").get(check)

    looks = AccessLogEntry.objects.filter(
        member=cast["member"].user, interface=Interface.PROOF
    ).order_by("id")
    assert [(e.actor, e.scope, e.record_type, e.record_id) for e in looks] == [
        (None, Scope.ATTENDANCE, "meetings.proofsheet", str(sheet.pk)),
        (None, Scope.ATTENDANCE, "meetings.proofsheet", str(sheet.pk)),
        (cast["counselor"].user, Scope.ATTENDANCE, "meetings.proofsheet", str(sheet.pk)),
    ]
    who_looked = client_as("member").get("/privacy/who-looked/").content.decode()
    assert (
        who_looked.count("Someone checking your proof-of-attendance sheet") == 2
        and "Grace C." in who_looked
    )


def test_a_facilitator_seeing_and_confirming_a_request_is_in_the_members_who_looked(
    client_as, cast, chicago
) -> None:
    member = client_as("member")
    with time_machine.travel(dt.datetime(2026, 11, 26, 12, tzinfo=UTC), tick=False):
        member.post(
            f"/meetings/m/{chicago.pk}/attended/", {"on": "2026-11-24", "ask_confirmation": "on"}
        )
    record = AttendanceRecord.objects.get()
    log = AccessLogEntry.objects.filter(member=cast["member"].user)

    # Someone who does not lead the group cannot confirm it, and leaves nothing in the member's log.
    assert client_as("mentor").post(f"/meetings/confirm/{record.pk}/").status_code == 404
    assert (
        not log.exists()
        and SecurityEvent.objects.filter(
            actor=cast["mentor"].user, record_id=str(record.pk)
        ).exists()
    )

    facilitator = client_as("facilitator")
    assert "Maya O." in facilitator.get("/meetings/facilitating/").content.decode()
    assert facilitator.post(f"/meetings/confirm/{record.pk}/").status_code == 302

    record.refresh_from_db()
    assert record.is_confirmed
    rows = log.order_by("id")
    assert [(e.actor, e.action, e.scope, e.record_id) for e in rows] == [
        (cast["facilitator"].user, "read", Scope.ATTENDANCE, str(record.pk)),
        (cast["facilitator"].user, "write", Scope.ATTENDANCE, str(record.pk)),
    ]
    page = member.get("/privacy/who-looked/").content.decode()
    assert re.search(
        r"<td[^>]*>Theo B\.</td>\s*<td[^>]*>Viewed</td>\s*<td[^>]*>Meeting attendance", page
    )
    assert re.search(
        r"<td[^>]*>Theo B\.</td>\s*<td[^>]*>Changed</td>\s*<td[^>]*>Meeting attendance", page
    )

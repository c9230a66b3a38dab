"""Every displayed time states its zone and is right in it: the viewer's time (a signed-in
person's profile zone, a visitor's browser zone sent as `?tz=` or the `tz` cookie, else UTC),
and the meeting's own local time in its own zone, on both sides of daylight-saving changes.

The assertions read the text a person reads on the page.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from alongside.accounts.middleware import VISITOR_ZONE_COOKIE
from alongside.meetings.models import AttendanceRecord

pytestmark = pytest.mark.django_db

WINTER = dt.datetime(2027, 1, 6, 12, tzinfo=dt.UTC)  # a Wednesday; every zone here on standard time
SUMMER = dt.datetime(2027, 7, 7, 12, tzinfo=dt.UTC)  # a Wednesday; every zone here on summer time
# Between the US change (14 March 2027) and the UK one (28 March 2027): New York is on EDT,
# London still on GMT, so they are four hours apart instead of five.
BETWEEN = dt.datetime(2027, 3, 17, 12, tzinfo=dt.UTC)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def next_meetings(client: Client, meeting_id: int, **params: str) -> str:
    html = client.get(f"/meetings/m/{meeting_id}/", params).content.decode()
    return text_of(html.split("Next meetings", 1)[1].split("</ul>", 1)[0])


def visitor(zone: str | None = None) -> Client:
    client = Client()
    if zone:
        client.cookies[VISITOR_ZONE_COOKIE] = zone
    return client


@pytest.fixture
def midnight_in_new_york(make_meeting):
    """Sunday 00:00 in New York: Saturday evening in Chicago and Denver."""
    return make_meeting(
        name="Midnight NA",
        program="na",
        days=[0],
        start_time=dt.time(0),
        time_zone="America/New_York",
        latitude=40.73,
        longitude=-73.99,
        formatted_address="1 Union Sq, New York, NY 10003",
    )


@pytest.fixture
def evening_in_london(make_meeting):
    """Wednesday 19:00 in London."""
    return make_meeting(
        name="London SMART",
        program="smart",
        days=[3],
        start_time=dt.time(19),
        time_zone="Europe/London",
        attendance="online",
        conference_url="https://zoom.us/j/9",
    )


@pytest.mark.parametrize(
    ("moment", "chicago", "new_york"),
    [
        (WINTER, "Saturday 9 January, 23:00 CST", "Sunday 00:00 EST where it meets"),
        (SUMMER, "Saturday 10 July, 23:00 CDT", "Sunday 00:00 EDT where it meets"),
    ],
)
def test_a_meeting_page_gives_the_viewers_time_and_the_meetings_own(
    midnight_in_new_york, client_as, moment, chicago, new_york
) -> None:
    with time_machine.travel(moment, tick=False):
        for client in (
            client_as("member"),
            visitor("America/Chicago"),
        ):  # Maya's profile says Chicago
            shown = next_meetings(client, midnight_in_new_york.pk)
            assert chicago in shown and f"({new_york})" in shown, shown


def test_a_visitors_zone_comes_from_the_address_or_the_cookie_and_is_otherwise_utc(
    midnight_in_new_york,
) -> None:
    with time_machine.travel(WINTER, tick=False):
        assert "Saturday 9 January, 22:00 MST" in next_meetings(
            Client(), midnight_in_new_york.pk, tz="America/Denver"
        )
        assert "Sunday 10 January, 05:00 UTC" in next_meetings(Client(), midnight_in_new_york.pk)
        assert "Sunday 10 January, 05:00 UTC" in next_meetings(
            visitor("Not/AZone"), midnight_in_new_york.pk
        )
        shown = next_meetings(visitor("America/New_York"), midnight_in_new_york.pk)
        assert "Sunday 10 January, 00:00 EST" in shown and "where it meets" not in shown


@pytest.mark.parametrize(
    ("moment", "new_york", "london"),
    [
        (WINTER, "Wednesday 6 January, 14:00 EST", "Wednesday 19:00 GMT where it meets"),
        (BETWEEN, "Wednesday 17 March, 15:00 EDT", "Wednesday 19:00 GMT where it meets"),
        (SUMMER, "Wednesday 7 July, 14:00 EDT", "Wednesday 19:00 BST where it meets"),
    ],
)
def test_the_weeks_between_two_countries_clock_changes_are_right(
    evening_in_london, moment, new_york, london
) -> None:
    with time_machine.travel(moment, tick=False):
        shown = next_meetings(visitor("America/New_York"), evening_in_london.pk)
    assert new_york in shown and f"({london})" in shown, shown


@pytest.mark.parametrize(
    ("moment", "chicago", "new_york"),
    [
        (WINTER, "Sat 9 Jan, 23:00 CST", "Sun 00:00 EST"),
        (SUMMER, "Sat 10 Jul, 23:00 CDT", "Sun 00:00 EDT"),
    ],
)
def test_directory_results_are_in_the_zone_the_page_names(
    midnight_in_new_york, client_as, moment, chicago, new_york
) -> None:
    with time_machine.travel(moment, tick=False):
        for client, params in (
            (client_as("member"), {}),
            (Client(), {"tz": "America/Chicago"}),
            (visitor("America/Chicago"), {}),
        ):
            page = text_of(client.get("/meetings/", {"program": "na", **params}).content.decode())
            assert "Times are in your time zone (America/Chicago)" in page
            assert chicago in page and new_york in page, page


def test_the_proof_check_page_names_the_zone_of_every_time(cast, midnight_in_new_york) -> None:
    from alongside.meetings import services

    member = cast["member"].user
    with time_machine.travel(dt.datetime(2027, 1, 10, 7, 30, tzinfo=dt.UTC), tick=False):
        record = services.record_manual_attendance(
            member=member, meeting=midnight_in_new_york, on=dt.date(2027, 1, 10)
        )
        # Confirmed by a facilitator (only confirmed or online records go on a sheet).
        AttendanceRecord.objects.filter(pk=record.pk).update(
            confirmed_at=timezone.now(), confirmed_by=cast["facilitator"].user
        )
        sheet, _records = services.issue_proof_sheet(
            member=member,
            start=dt.date(2027, 1, 1),
            end=dt.date(2027, 1, 31),
            name_on_sheet="Maya Okafor",
            purpose="court",
        )
        page = text_of(Client().get(f"/meetings/proof/{sheet.code}/").content.decode())
    assert "Sunday 10 January 2027, 00:00" in page and "EST (America/New_York)" in page, page
    assert "10 January 2027, 07:30 UTC" in page
    with time_machine.travel(dt.datetime(2027, 1, 10, 8, tzinfo=dt.UTC), tick=False):
        page = text_of(
            visitor("America/Chicago").get(f"/meetings/proof/{sheet.code}/").content.decode()
        )
    assert "10 January 2027, 01:30 CST" in page  # when it was issued, in the reader's zone, named

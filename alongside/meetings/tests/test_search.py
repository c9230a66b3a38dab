"""Search: distance from a ZIP code, a town or a location; "starting within N hours" across time
zones and DST; day, program, type codes, format, language, accessibility, demographics; online
meetings without a map point; reasons and next start in the viewer's zone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.lib import geo
from alongside.meetings.search import BadCursor, SearchQuery, apply_cursor, search

pytestmark = pytest.mark.django_db
LINCOLN_PARK = (41.9214, -87.6513)  # ZIP 60614
UTC = dt.UTC


def names(results) -> list[str]:
    return [r.meeting.name for r in results]


def test_a_zip_code_and_a_town_resolve_offline() -> None:
    place = geo.resolve_place("60614")
    assert place.kind == "zip" and abs(place.latitude - 41.92) < 0.05
    town = geo.resolve_place("Springfield, IL")
    assert town.kind == "town" and abs(town.longitude - -89.64) < 0.1
    assert geo.resolve_place("Atlantis-under-the-sea") is None


def test_meetings_within_the_radius_come_nearest_first_with_their_distance(make_meeting) -> None:
    make_meeting(name="Near", latitude=41.925, longitude=-87.65)
    make_meeting(name="Farther", latitude=41.96, longitude=-87.66)
    make_meeting(name="Milwaukee", latitude=43.04, longitude=-87.91)
    found = search(
        SearchQuery(near="60614", latitude=LINCOLN_PARK[0], longitude=LINCOLN_PARK[1], radius_km=10)
    )
    assert names(found.near) == ["Near", "Farther"]
    nearest = found.near[0]
    assert nearest.distance_km is not None and nearest.distance_km < 1
    assert "km" in nearest.reasons[0]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # 22:45 UTC on a Tuesday in January: New York's 19:00 is 00:00 UTC, Chicago's 01:00.
        ("2026-01-06T22:45:00", ["New York 19:00"]),
        # The same UTC time in July: summer time moves every American meeting an hour earlier.
        ("2026-07-07T22:45:00", ["New York 19:00", "Chicago 19:00", "Los Angeles 17:00"]),
    ],
)
def test_starting_within_two_hours_follows_each_meetings_own_zone_and_daylight_saving(
    make_meeting, now, expected
) -> None:
    make_meeting(name="New York 19:00", time_zone="America/New_York", attendance="online")
    make_meeting(name="Chicago 19:00", time_zone="America/Chicago", attendance="online")
    make_meeting(
        name="Los Angeles 17:00",
        start_time=dt.time(17),
        time_zone="America/Los_Angeles",
        attendance="online",
    )
    make_meeting(name="London 19:00", time_zone="Europe/London", attendance="online")
    moment = dt.datetime.fromisoformat(now).replace(tzinfo=UTC)
    found = search(SearchQuery(within_hours=2, now=moment, viewer_time_zone="America/Chicago"))
    assert sorted(names(found.others)) == sorted(expected)
    assert all(r.next_start.tzinfo.key == "America/Chicago" for r in found.others)
    assert any(reason.startswith("starts in") for reason in found.others[0].reasons)


def test_a_window_across_the_end_of_the_week_finds_sunday_meetings(make_meeting) -> None:
    make_meeting(
        name="Sunday 00:30 UTC",
        days=[0],
        start_time=dt.time(0, 30),
        time_zone="UTC",
        attendance="online",
    )
    saturday_night = dt.datetime(2026, 1, 10, 23, 0, tzinfo=UTC)
    assert names(search(SearchQuery(within_hours=2, now=saturday_night)).others) == [
        "Sunday 00:30 UTC"
    ]


def test_every_other_week_and_monthly_meetings_are_only_found_in_their_weeks(make_meeting) -> None:
    make_meeting(
        name="Second Tuesday",
        recurrence="monthly",
        week_of_month=2,
        time_zone="UTC",
        attendance="online",
    )
    tuesday_second = dt.datetime(2026, 1, 13, 18, 0, tzinfo=UTC)
    tuesday_third = dt.datetime(2026, 1, 20, 18, 0, tzinfo=UTC)
    assert names(search(SearchQuery(within_hours=2, now=tuesday_second)).others) == [
        "Second Tuesday"
    ]
    assert names(search(SearchQuery(within_hours=2, now=tuesday_third)).others) == []


def test_online_meetings_are_listed_without_a_map_point_beside_nearby_ones(make_meeting) -> None:
    make_meeting(name="In the room", program="smart")
    make_meeting(name="On Zoom", program="smart", attendance="online")
    found = search(
        SearchQuery(
            latitude=LINCOLN_PARK[0], longitude=LINCOLN_PARK[1], radius_km=5, programs=["smart"]
        )
    )
    assert names(found.near) == ["In the room"] and names(found.online) == ["On Zoom"]
    assert (
        found.online[0].distance_km is None
        and "online: join from anywhere" in found.online[0].reasons
    )
    without = search(
        SearchQuery(
            latitude=LINCOLN_PARK[0], longitude=LINCOLN_PARK[1], radius_km=5, include_online=False
        )
    )
    assert without.online == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"days": [2]}, {"Women NA Tuesday"}),
        ({"programs": ["na"]}, {"Women NA Tuesday", "Spanish NA"}),
        ({"types": ["W", "BE"]}, {"Women NA Tuesday"}),
        ({"demographics": ["W"]}, {"Women NA Tuesday"}),
        ({"accessibility": ["X"]}, {"Wheelchair AA"}),
        ({"languages": ["es"]}, {"Spanish NA"}),
        ({"openness": "closed"}, {"Spanish NA"}),
        ({"attendance": ["hybrid"]}, {"Wheelchair AA"}),
    ],
)
def test_filters_combine_and_say_why_each_meeting_matched(make_meeting, query, expected) -> None:
    make_meeting(name="Women NA Tuesday", program="na", days=[2], types="W BE", openness="open")
    make_meeting(name="Spanish NA", program="na", days=[4], languages="es", openness="closed")
    make_meeting(name="Wheelchair AA", days=[5], types="X", attendance="hybrid")
    found = search(SearchQuery(**query))
    assert set(names(found.others)) == expected
    assert all(r.reasons for r in found.others)


def test_inactive_meetings_are_not_listed(make_meeting) -> None:
    make_meeting(name="Closed for now", is_inactive=True)
    assert search(SearchQuery()).others == []


def test_the_directory_page_searches_by_zip_code_and_explains_an_unknown_place(
    client, make_meeting
) -> None:
    make_meeting(name="Hope Circle", program="na", types="W")
    page = client.get(
        "/meetings/", {"near": "60614", "radius": 10, "for_people": "W", "program": "na"}
    ).content.decode()
    assert "Hope Circle" in page and "60614 (Chicago, IL)" in page and "Women" in page
    page = client.get("/meetings/", {"near": "Qwertyville"}).content.decode()
    assert "We could not find “Qwertyville”" in page


def test_a_search_without_a_distance_shows_the_distance_it_used(client, make_meeting) -> None:
    make_meeting(name="Twenty km north", latitude=42.10, longitude=-87.6513)
    page = client.get("/meetings/", {"near": "60614"}).content.decode()
    assert '<option value="25" selected>' in page and '<option value="2" selected>' not in page
    assert "Twenty km north" in page
    page = client.get("/meetings/", {"near": "60614", "radius": "10"}).content.decode()
    assert '<option value="10" selected>' in page and "Twenty km north" not in page


def test_the_directory_page_advertises_its_feed(client, db) -> None:
    page = client.get("/meetings/").content.decode()
    assert (
        '<link rel="alternate" type="application/json" title="Meetings Feed" href="/meetings/feed.json">'
        in page
    )


def test_a_search_takes_a_few_queries_however_many_meetings_match(make_meeting, client) -> None:
    for i in range(30):
        make_meeting(name=f"M{i}", latitude=41.92 + i / 1000)
        make_meeting(name=f"Online {i}", attendance="online", days=[i % 7])
    with CaptureQueriesContext(connection) as queries:
        found = search(
            SearchQuery(latitude=LINCOLN_PARK[0], longitude=LINCOLN_PARK[1], radius_km=25)
        )
    assert len(found.near) == 20 and len(found.online) == 10
    assert len(queries) <= 10, [q["sql"][:120] for q in queries]


def test_the_api_search_validates_its_input(client, db) -> None:
    assert client.get("/api/v1/meetings/search", {"day": "7"}).json()["error"]["fields"] == [
        {"field": "day", "message": "days are 0–6 (0 is Sunday); 7 is not a day"}
    ]
    assert client.get("/api/v1/meetings/search", {"tz": "Mars/Base"}).status_code == 422
    assert (
        client.get("/api/v1/meetings/search", {"near": "Qwertyville"}).json()["error"]["fields"][0][
            "field"
        ]
        == "near"
    )


def test_the_api_search_answers_with_next_start_distance_and_reasons(client, make_meeting) -> None:
    make_meeting(name="Hope Circle", program="na", types="W")
    with time_machine.travel(
        dt.datetime(2026, 1, 6, 23, 30, tzinfo=UTC), tick=False
    ):  # Tuesday 17:30 in Chicago
        body = client.get(
            "/api/v1/meetings/search",
            {
                "near": "60614",
                "radius_km": 10,
                "demographics": "W",
                "within_hours": 2,
                "tz": "America/New_York",
            },
        ).json()
    from alongside.meetings.schemas import SearchOut

    SearchOut.model_validate(body)  # the documented shape
    result = body["results"][0]
    assert body["place"] == "60614 (Chicago, IL)" and result["meeting"]["name"] == "Hope Circle"
    assert (
        result["next_start"] == "2026-01-06T20:00:00-05:00"
        and result["local_start"] == "2026-01-06T19:00:00-06:00"
    )
    assert result["distance_km"] < 2 and "Women" in result["reasons"]


def test_a_visitors_browser_zone_is_used_when_it_exists_and_ignored_when_not(
    client, make_meeting
) -> None:
    make_meeting(name="Hope Circle", time_zone="America/Chicago")
    with time_machine.travel(dt.datetime(2026, 1, 6, 23, 30, tzinfo=UTC), tick=False):
        page = client.get("/meetings/", {"near": "60614", "tz": "Europe/Paris"}).content.decode()
    assert "Times are in your time zone (Europe/Paris)" in page
    assert "Wed 7 Jan, 02:00 CET</time>" in page and "(Tue 19:00 CST where it meets)" in page
    assert (
        "Times are in your time zone (UTC)"
        in client.get("/meetings/", {"near": "60614", "tz": "Not/AZone"}).content.decode()
    )


def test_each_result_row_shows_its_program_distance_next_start_where_it_meets_and_why(
    cast, client_as, make_meeting
) -> None:
    meeting = make_meeting(
        name="Hope <Circle>",
        program="na",
        types="W",
        location="St. Clement & Co",
        time_zone="America/Chicago",
    )
    member = cast["member"].user
    member.time_zone = "America/New_York"
    member.save(update_fields=["time_zone"])
    with time_machine.travel(
        dt.datetime(2026, 1, 6, 23, 30, tzinfo=UTC), tick=False
    ):  # Tuesday 17:30 in Chicago
        page = (
            client_as("member")
            .get("/meetings/", {"near": "60614", "radius": 10, "for_people": "W"})
            .content.decode()
        )
    assert f'<a href="/meetings/m/{meeting.pk}/">Hope &lt;Circle&gt;</a>' in page
    assert '<span class="program">NA</span>' in page
    assert '<time datetime="2026-01-06T20:00:00-05:00">Tue 6 Jan, 20:00 EST</time>' in page
    assert "(Tue 19:00 CST where it meets)" in page
    assert "St. Clement &amp; Co, " in page
    assert (
        '<span class="visually-hidden">Why it matched: </span>' in page
        and '<span class="tag">Women</span>' in page
    )
    assert "<span>In person</span>\n     · <span>0.7 km (0.5 mi)</span>" in page


def test_the_search_form_groups_each_set_of_checkboxes_under_a_legend_and_keeps_what_was_chosen(
    client, make_meeting
) -> None:
    make_meeting(name="Hope Circle", program="na", days=[2])
    page = client.get("/meetings/", {"day": ["2", "3"], "program": "na"}).content.decode()
    assert (
        '<fieldset class="choices">\n    <legend>Day</legend>' in page
        and "<legend>Program</legend>" in page
        and "<legend>Who it is for</legend>" in page
    )
    assert (
        '<input type="checkbox" name="day" value="2" id="id_day_2" checked> <label for="id_day_2">Tuesday</label>'
        in page
    )
    assert (
        '<input type="checkbox" name="day" value="1" id="id_day_1"> <label for="id_day_1">Monday</label>'
        in page
    )
    assert (
        '<input type="checkbox" name="program" value="na" id="id_program_' in page
        and ">Narcotics Anonymous</label>" in page
    )
    assert "Hope Circle" in page
    page = client.get("/meetings/", {"day": "9"}).content.decode()
    assert 'aria-describedby="id_day_error">\n    <legend>Day</legend>' in page
    assert "Select a valid choice. 9 is not one of the available choices." in page


def test_the_results_fragment_for_htmx_lists_the_same_rows(client, make_meeting) -> None:
    make_meeting(name="Hope Circle", program="na")
    fragment = client.get(
        "/meetings/", {"near": "60614"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert (
        fragment.lstrip().startswith('<section id="results"')
        and "Hope Circle" in fragment
        and "<form" not in fragment
    )


def test_a_program_only_search_finds_every_other_week_and_monthly_meetings_however_far_off(
    make_meeting,
) -> None:
    # Wednesday 7 January 2026: the fortnightly meeting met today, so it is next on the 21st; the
    # monthly one met on the 3rd and is next on 7 February.
    make_meeting(
        name="LifeRing fortnightly",
        program="lifering",
        recurrence="biweekly",
        days=[3],
        start_time=dt.time(7),
        anchor_date=dt.date(2026, 1, 7),
    )
    make_meeting(
        name="LifeRing monthly", program="lifering", recurrence="monthly", days=[6], week_of_month=1
    )
    make_meeting(name="AA weekly", program="aa")
    found = search(SearchQuery(programs=["lifering"], now=dt.datetime(2026, 1, 7, 18, tzinfo=UTC)))
    assert names(found.others) == ["LifeRing fortnightly", "LifeRing monthly"] and found.count == 2
    assert found.others[1].local_start.date() == dt.date(2026, 2, 7)


def walk(query: SearchQuery, rows: str) -> list[list[str]]:
    pages, found = [], search(query)
    while True:
        pages.append(names(getattr(found, rows)))
        if found.next_cursor is None:
            return pages
        found = search(apply_cursor(query, found.next_cursor))


def test_the_count_is_every_match_and_the_pages_list_each_meeting_once_soonest_first(
    make_meeting,
) -> None:
    for i in range(23):
        make_meeting(
            name=f"Weekly {i}",
            days=[i % 7],
            start_time=dt.time(i % 12 + 8),
            time_zone="UTC",
            attendance="online",
        )
    make_meeting(
        name="Monthly",
        recurrence="monthly",
        days=[2],
        week_of_month=2,
        time_zone="UTC",
        attendance="online",
    )
    now = dt.datetime(2026, 1, 14, 12, tzinfo=UTC)  # just after the second Tuesday
    found = search(SearchQuery(limit=10, now=now))
    assert found.count == 24 and len(found.others) == 10 and found.previous_cursor is None
    pages = walk(SearchQuery(limit=10, now=now), "others")
    assert [len(p) for p in pages] == [10, 10, 4] and pages[-1][-1] == "Monthly"
    assert len({name for page in pages for name in page}) == 24
    assert found.next_cursor is not None
    second = search(apply_cursor(SearchQuery(limit=10), found.next_cursor))
    starts = [r.next_start for r in found.others + second.others]
    assert starts == sorted(s for s in starts if s is not None)
    first_again = (
        search(apply_cursor(SearchQuery(limit=10), second.previous_cursor))
        if second.previous_cursor
        else search(SearchQuery(limit=10, now=now))
    )
    assert names(first_again.others) == pages[0] and second.previous_cursor == ""


def test_nearby_meetings_page_by_distance(make_meeting) -> None:
    for i in range(13):
        make_meeting(name=f"Step {i}", latitude=41.9214 + i / 500, longitude=-87.6513)
    query = SearchQuery(
        near="60614",
        latitude=LINCOLN_PARK[0],
        longitude=LINCOLN_PARK[1],
        radius_km=25,
        limit=5,
        include_online=False,
    )
    assert search(query).count == 13
    assert walk(query, "near") == [
        [f"Step {i}" for i in range(k, min(k + 5, 13))] for k in (0, 5, 10)
    ]


def test_a_cursor_from_elsewhere_is_refused(make_meeting) -> None:
    near = SearchQuery(latitude=LINCOLN_PARK[0], longitude=LINCOLN_PARK[1], limit=1)
    for i in range(3):
        make_meeting(name=f"M{i}")
    cursor = search(near).next_cursor
    assert cursor is not None
    with pytest.raises(BadCursor):
        apply_cursor(SearchQuery(), cursor)
    with pytest.raises(BadCursor):
        apply_cursor(near, cursor[:-2] + "xx")


def test_the_api_pages_with_a_cursor_and_refuses_a_bad_one(client, make_meeting) -> None:
    for i in range(5):
        make_meeting(name=f"Online {i}", attendance="online", days=[i])
    body = client.get("/api/v1/meetings/search", {"limit": 2}).json()
    from alongside.meetings.schemas import SearchOut

    SearchOut.model_validate(body)
    assert body["count"] == 5 and len(body["results"]) == 2 and body["previous"] is None
    seen = [r["meeting"]["name"] for r in body["results"]]
    while body["next"]:
        body = client.get("/api/v1/meetings/search", {"limit": 2, "cursor": body["next"]}).json()
        seen += [r["meeting"]["name"] for r in body["results"]]
    assert sorted(seen) == [f"Online {i}" for i in range(5)] and body["previous"]
    response = client.get("/api/v1/meetings/search", {"cursor": "not-a-cursor"})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == [
        {
            "field": "cursor",
            "message": "this cursor is not from this search; start again without it",
        }
    ]


def test_the_directory_page_shows_the_real_count_and_pages_with_or_without_htmx(
    client, make_meeting
) -> None:
    for i in range(23):
        make_meeting(name=f"Online {i:02}", attendance="online", days=[i % 7], program="smart")
    page = client.get("/meetings/", {"program": "smart"}).content.decode()
    assert "23 meetings found" in page and page.count('class="meeting-result"') == 20
    assert "Previous page" not in page
    next_url = (
        page.split('rel="next" hx-get="')[0]
        .rsplit('<a href="', 1)[1]
        .rstrip('" ')
        .replace("&amp;", "&")
    )
    second = client.get(next_url).content.decode()
    assert (
        "23 meetings found" in second
        and second.count('class="meeting-result"') == 3
        and "Next page" not in second
    )
    assert 'rel="prev"' in second
    fragment = client.get(next_url, headers={"HX-Request": "true"}).content.decode()
    assert (
        fragment.lstrip().startswith('<section id="results"')
        and fragment.count('class="meeting-result"') == 3
    )
    # An old or altered cursor starts again at the first page.
    assert (
        client.get("/meetings/", {"program": "smart", "cursor": "stale"})
        .content.decode()
        .count('class="meeting-result"')
        == 20
    )


def test_beside_a_place_the_online_section_counts_every_online_match_and_links_to_them_all(
    client, make_meeting
) -> None:
    make_meeting(name="In the room", program="smart")
    for i in range(12):
        make_meeting(name=f"On Zoom {i}", program="smart", attendance="online", days=[i % 7])
    page = client.get(
        "/meetings/", {"near": "60614", "program": "smart", "online_too": "on"}
    ).content.decode()
    assert (
        "13 meetings found" in page
        and "<h3>1 near 60614 (Chicago, IL)</h3>" in page
        and "<h3>12 online</h3>" in page
    )
    link = (
        re.search(r'<a href="([^"]+)">See all 12 online meetings</a>', page)
        .group(1)
        .replace("&amp;", "&")
    )
    everything = client.get(link).content.decode()
    assert (
        "12 meetings found" in everything
        and everything.count('class="meeting-result"') == 12
        and "In the room" not in everything
    )

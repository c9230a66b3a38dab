"""BMLT clients read the directory: a subset of the root server's `client_interface/json/`."""

from __future__ import annotations

import datetime as dt

import pytest

from alongside.lib.meetingfeeds import Context, parse_feed
from alongside.meetings import services
from alongside.meetings.catalog import known_codes

pytestmark = pytest.mark.django_db

URL = "/meetings/bmlt/client_interface/json/"


@pytest.fixture
def meetings(make_meeting):
    return {
        "lincoln": make_meeting(
            name="Lincoln Park",
            days=[2],
            types="D",
            openness="open",
            latitude=41.9287,
            longitude=-87.6440,
            formatted_address="642 W Deming Pl, Chicago, IL 60614",
        ),
        "loop": make_meeting(
            name="Loop lunch",
            days=[1, 3],
            start_time=dt.time(12, 15),
            latitude=41.8818,
            longitude=-87.6231,
            formatted_address="1 E Washington St, Chicago, IL 60602",
        ),
        "brooklyn": make_meeting(
            name="Brooklyn",
            days=[2],
            latitude=40.6782,
            longitude=-73.9442,
            time_zone="America/New_York",
            formatted_address="1 Main St, Brooklyn, NY 11201",
        ),
        "zoom": make_meeting(name="Zoom", attendance="online", days=[0]),
    }


def search(client, **params) -> list[dict]:
    response = client.get(URL, {"switcher": "GetSearchResults", **params})
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def test_a_bmlt_client_lists_meetings_near_a_point_nearest_first(
    client, meetings, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(
        2
    ):  # the directory's version, then the meetings, each read once
        found = search(
            client, lat_val="41.93", long_val="-87.64", geo_width="10", sort_results_by_distance="1"
        )
    assert [m["meeting_name"] for m in found] == ["Lincoln Park", "Loop lunch", "Loop lunch"]
    lincoln = found[0]
    assert (
        lincoln["weekday_tinyint"] == "3"
        and lincoln["start_time"] == "19:00:00"
        and lincoln["duration_time"] == "01:00:00"
    )
    assert lincoln["time_zone"] == "America/Chicago" and lincoln["venue_type"] == "1"
    assert float(lincoln["distance_in_miles"]) < 1 and float(lincoln["distance_in_km"]) < 1.6
    assert (
        lincoln["location_street"] == "642 W Deming Pl"
        and lincoln["location_municipality"] == "Chicago"
        and lincoln["location_province"] == "IL"
    )
    assert all(isinstance(v, str) for m in found for v in m.values())
    assert (
        search(client, lat_val="41.93", long_val="-87.64", geo_width_km="-1")[0]["meeting_name"]
        == "Lincoln Park"
    )  # the nearest one


def test_a_meeting_on_several_days_is_one_record_per_day_and_weekdays_filter_them(
    client, meetings
) -> None:
    loop = meetings["loop"]
    records = search(client, meeting_ids=f"{loop.pk * 10 + 1},{loop.pk * 10 + 3}")
    assert [(r["id_bigint"], r["weekday_tinyint"]) for r in records] == [
        (str(loop.pk * 10 + 1), "2"),
        (str(loop.pk * 10 + 3), "4"),
    ]
    assert [r["meeting_name"] for r in search(client, weekdays="4")] == ["Loop lunch"]
    assert "Loop lunch" not in [r["meeting_name"] for r in search(client, weekdays="-2,-4")]
    assert [
        r["meeting_name"]
        for r in search(client, StartsAfterH="12", StartsAfterM="0", StartsBeforeH="13")
    ] == ["Loop lunch", "Loop lunch"]


def test_formats_venue_types_and_services_filter_as_bmlt_does(client, meetings) -> None:
    formats = {f["key_string"]: f for f in client.get(URL, {"switcher": "GetFormats"}).json()}
    assert formats["O"]["world_id"] == "OPEN" and formats["C"]["world_id"] == "CLOSED"
    assert [r["meeting_name"] for r in search(client, formats=formats["D"]["id"])] == [
        "Lincoln Park"
    ]
    assert [
        r["meeting_name"]
        for r in search(
            client,
            formats=f"{formats['D']['id']},{formats['O']['id']}",
            formats_comparison_operator="AND",
        )
    ] == ["Lincoln Park"]
    assert [r["meeting_name"] for r in search(client, venue_types="2")] == ["Zoom"]
    bodies = client.get(URL, {"switcher": "GetServiceBodies"}).json()
    assert (
        bodies[0]["id"] == "1"
        and len(search(client, services="1")) == 5
        and search(client, services="-1") == []
    )


def test_a_bmlt_reader_imports_what_we_serve(client, meetings) -> None:
    body = client.get(
        URL, {"switcher": "GetSearchResults", "get_used_formats": "1", "weekdays": "3"}
    ).content
    feed = parse_feed(body, Context(default_time_zone="UTC", known_types=known_codes()))
    assert feed.format == "bmlt" and [r.name for r in feed.records] == ["Lincoln Park", "Brooklyn"]
    assert (
        feed.records[0].days == [2]
        and feed.records[0].start == "19:00"
        and feed.records[0].time_zone == "America/Chicago"
    )


def test_server_info_and_field_selection(client, meetings) -> None:
    info = client.get(URL, {"switcher": "GetServerInfo"}).json()[0]
    assert info["version"] and "meeting_name" in info["available_keys"].split(",")
    assert search(client, weekdays="3", data_field_key="meeting_name,weekday_tinyint") == [
        {"meeting_name": "Lincoln Park", "weekday_tinyint": "3"},
        {"meeting_name": "Brooklyn", "weekday_tinyint": "3"},
    ]
    assert [
        r["meeting_name"] for r in search(client, weekdays="3", page_size="1", page_num="2")
    ] == ["Brooklyn"]
    assert [
        r["meeting_name"]
        for r in search(client, meeting_key="meeting_name", meeting_key_value="Zoom")
    ] == ["Zoom"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"switcher": "GetNAWSDump"}, "Invalid data format or endpoint name"),
        ({"switcher": "Nonsense"}, "Invalid data format or endpoint name"),
        ({}, "Invalid data format or endpoint name"),
        ({"switcher": "GetSearchResults", "weekdays": "Monday"}, "weekdays must be"),
        ({"switcher": "GetSearchResults", "weekdays": "9"}, "weekdays are 1"),
        (
            {"switcher": "GetSearchResults", "lat_val": "north", "long_val": "1", "geo_width": "5"},
            "lat_val must be a number",
        ),
        (
            {"switcher": "GetSearchResults", "geo_width": "nan", "lat_val": "1", "long_val": "1"},
            "geo_width must be a number",
        ),
        ({"switcher": "GetSearchResults", "page_size": "0"}, "page_size must be"),
        ({"switcher": "GetSearchResults", "StartsAfterH": "25"}, "StartsAfterH must be"),
        (
            {
                "switcher": "GetSearchResults",
                "meeting_key": "contact_email_1",
                "meeting_key_value": "x",
            },
            "meeting_key may be",
        ),
    ],
)
def test_bad_parameters_and_unknown_switchers_get_bmlt_style_errors(
    client, meetings, params, message
) -> None:
    response = client.get(URL, params)
    assert response.status_code == 422 and response.json()["message"].startswith(message)


def test_answers_are_kept_until_the_directory_changes(client, meetings) -> None:
    assert [r["meeting_name"] for r in search(client, weekdays="1")] == ["Zoom"]
    meetings["zoom"].name = "Zoom at dawn"
    services.save_meeting(meeting=meetings["zoom"])
    assert [r["meeting_name"] for r in search(client, weekdays="1")] == ["Zoom at dawn"]


def test_half_a_point_finds_nothing_as_bmlt_answers(client, meetings) -> None:
    assert search(client, lat_val="41.93", geo_width="5") == []

"""Feed rows into records: every format's conventions, and every problem with its row and reason."""

from __future__ import annotations

import json

import pytest

from alongside.lib.meetingfeeds import Context, FeedError, parse_feed

KNOWN = frozenset({"O", "C", "D", "W", "ONL", "TC", "X", "S", "BE", "ABSI", "ST"})
CTX = Context(
    default_time_zone="America/New_York",
    known_types=KNOWN,
    type_names={"open": "O", "wheelchair access": "X", "step meeting": "ST"},
)


def one(row: dict, ctx: Context = CTX):
    base = {
        "name": "A",
        "slug": "a",
        "day": 1,
        "time": "19:00",
        "formatted_address": "1 Main St, Philadelphia, PA 19107",
        "latitude": 39.9,
        "longitude": -75.1,
    }
    feed = parse_feed(json.dumps([{**base, **row}]).encode(), ctx)
    return feed.records[0] if feed.records else None, feed.problems


@pytest.mark.parametrize(
    ("row", "attendance", "inactive"),
    [
        ({"types": ["O"]}, "in_person", False),
        ({"types": ["ONL"], "conference_url": "https://zoom.us/j/1"}, "hybrid", False),
        ({"types": ["ONL", "TC"], "conference_url": "https://zoom.us/j/1"}, "online", False),
        ({"types": ["TC"]}, "in_person", True),
        (
            {"types": ["ONL"], "approximate": "yes", "conference_url": "https://zoom.us/j/1"},
            "online",
            False,
        ),
        ({"types": [], "approximate": "yes"}, "in_person", True),
        (
            {
                "types": ["ONL"],
                "formatted_address": "Philadelphia, PA, USA",
                "conference_url": "https://zoom.us/j/1",
            },
            "online",
            False,
        ),
        ({"attendance_option": "hybrid", "conference_url": "https://zoom.us/j/1"}, "hybrid", False),
    ],
)
def test_attendance_is_derived_as_tsml_derives_it(row, attendance, inactive) -> None:
    record, _problems = one(row)
    assert (record.attendance, record.is_inactive) == (attendance, inactive)


@pytest.mark.parametrize(
    ("row", "days", "start", "minutes"),
    [
        ({"day": [1, 3], "time": "07:00", "end_time": "08:30"}, [1, 3], "07:00", 90),
        ({"day": "Monday", "time": "6:00 PM"}, [1], "18:00", 60),
        ({"day": "6", "time": "23:30", "end_time": "00:30"}, [6], "23:30", 60),
    ],
)
def test_days_and_times_in_every_form(row, days, start, minutes) -> None:
    record, _problems = one(row)
    assert (record.days, record.start, record.duration_minutes) == (days, start, minutes)


def test_a_bmlt_feed_counts_days_from_one_and_sends_strings() -> None:
    payload = {
        "meetings": [
            {
                "id_bigint": "9",
                "meeting_name": "Just for Today",
                "weekday_tinyint": "1",
                "start_time": "19:30:00",
                "duration_time": "01:30:00",
                "formats": "O,JT,ES",
                "venue_type": "3",
                "latitude": "40.7",
                "longitude": "-73.9",
                "virtual_meeting_link": "https://zoom.us/j/9",
                "location_street": "1 Main St",
                "location_municipality": "New York",
                "location_province": "NY",
                "location_postal_code_1": "10001",
            }
        ],
        "formats": [
            {"key_string": "O", "world_id": "OPEN", "lang": "en", "name_string": "Open"},
            {"key_string": "JT", "world_id": "JFT", "lang": "en", "name_string": "Just for Today"},
            {"key_string": "ES", "world_id": "LANG", "lang": "en", "name_string": "Espanol"},
        ],
    }
    feed = parse_feed(
        json.dumps(payload).encode(),
        Context(default_time_zone="America/New_York", known_types=KNOWN | {"JFT"}),
    )
    record = feed.records[0]
    assert (record.days, record.start, record.duration_minutes, record.attendance) == (
        [0],
        "19:30",
        90,
        "hybrid",
    )
    assert (
        record.types == ["O", "JFT", "S", "ONL"]
        and record.languages == ["es"]
        and record.program == "na"
    )
    assert record.formatted_address == "1 Main St, New York, NY 10001"
    bad = parse_feed(
        json.dumps({"meetings": [{**payload["meetings"][0], "weekday_tinyint": "8"}]}).encode(), CTX
    )
    assert bad.errors[0].field == "day"


def test_a_tsml_csv_uses_names_for_days_and_types_and_never_imports_contacts() -> None:
    text = '"Time","Day","Name","Address","Types","Slug","Contact 1 Name","Timezone"\n"6:00 PM","Monday","After Work","2634 Union Ave, San Jose, CA 95124","Open, Wheelchair Access, Step Meeting","after-work","Bob","America/Los_Angeles"\n'
    feed = parse_feed(text.encode(), CTX)
    record = feed.records[0]
    assert (record.days, record.start, record.types, record.time_zone) == (
        [1],
        "18:00",
        ["O", "X", "ST"],
        "America/Los_Angeles",
    )
    assert "Bob" not in json.dumps(record.extra)
    assert any("never imported" in p.message for p in feed.problems)


def test_problems_are_grouped_for_the_report_with_their_first_rows() -> None:
    rows = [
        {
            "name": f"M{i}",
            "slug": f"m{i}",
            "day": 1,
            "time": "19:00",
            "types": ["ASBI"],
            "formatted_address": "x",
            "latitude": 1,
            "longitude": 1,
        }
        for i in range(12)
    ]
    summary = parse_feed(json.dumps(rows).encode(), CTX).summary()
    unknown = next(s for s in summary if s["field"] == "types")
    assert unknown["count"] == 12 and unknown["rows"] == list(range(1, 11))


def test_a_feed_that_is_not_a_list_is_refused() -> None:
    with pytest.raises(FeedError, match="JSON array"):
        parse_feed(b'{"a": 1}', CTX)

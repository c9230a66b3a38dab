"""What we publish: a Meeting Guide feed that validates against our JSON Schema and re-imports
into Alongside with no loss, and iCalendar feeds with correct RRULE and VTIMEZONE."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re

import icalendar
import jsonschema
import pytest
from django.utils import timezone

from alongside.meetings import catalog, feeds, imports, services
from alongside.meetings.feeds import FEED_SCHEMA
from alongside.meetings.models import ImportSource, Meeting
from alongside.meetings.tests.conftest import feed_path

pytestmark = pytest.mark.django_db

COMPARED = [
    "name",
    "recurrence",
    "days",
    "start_time",
    "duration_minutes",
    "time_zone",
    "anchor_date",
    "week_of_month",
    "attendance",
    "is_inactive",
    "openness",
    "types",
    "languages",
    "location",
    "formatted_address",
    "postal_code",
    "regions",
    "latitude",
    "longitude",
    "is_approximate",
    "conference_url",
    "conference_url_notes",
    "conference_phone",
    "conference_phone_notes",
    "conference_is_protected",
    "notes",
    "location_notes",
    "group_name",
    "extra",
]


def content(meeting: Meeting) -> dict:
    data = {f: getattr(meeting, f) for f in COMPARED}
    data["program"] = meeting.program.slug
    return data


@pytest.fixture
def directory(programs, make_meeting):
    """Two real feeds plus our own meetings of every kind of schedule."""
    for slug, program, name in [
        ("sussex", "aa", "tsml-ui-sussexaa.json"),
        ("gnyr", "na", "bmlt-gnyr-sample.json"),
    ]:
        source = ImportSource.objects.create(
            slug=slug, name=slug, program=programs[program], default_time_zone="America/New_York"
        )
        assert (
            imports.import_feed(source=source, data=feed_path(name).read_bytes()).status == "done"
        )
    make_meeting(
        name="Every other Wednesday",
        program="lifering",
        recurrence="biweekly",
        days=[3],
        anchor_date=dt.date(2026, 1, 7),
        notes="Bring a friend",
    )
    make_meeting(
        name="Second Saturday speaker",
        program="na",
        recurrence="monthly",
        days=[6],
        week_of_month=2,
        types="W SP",
        languages="en es",
    )
    make_meeting(
        name="Last Friday", program="celebrate", recurrence="monthly", days=[5], week_of_month=-1
    )
    make_meeting(
        name="New Year picnic",
        program="smart",
        recurrence="once",
        days=[],
        anchor_date=dt.date(2026, 1, 1),
    )
    make_meeting(
        name="Protected Zoom",
        program="smart",
        attendance="online",
        conference_is_protected=True,
        conference_url_notes="Passcode: walk",
    )
    return Meeting.objects.count()


def test_the_published_feed_validates_against_its_json_schema(client, directory) -> None:
    feed = client.get("/meetings/feed.json").json()
    schema = client.get("/meetings/feed.schema.json").json()
    assert schema == json.loads(json.dumps(FEED_SCHEMA))
    jsonschema.Draft202012Validator(schema).validate(feed)
    assert len({m.get("alongside", {}).get("series", m["slug"]) for m in feed}) == directory


def test_every_row_of_the_published_feed_keeps_the_meeting_guide_rules(client, directory) -> None:
    feed = client.get("/meetings/feed.json").json()
    spec = set(json.loads(catalog.TYPES_FILE.read_text())["spec"]) | {"ONL"}
    assert len({m["slug"] for m in feed}) == len(feed)  # unique
    for m in feed:
        assert (
            m["name"] and len(m["slug"]) <= 64 and re.fullmatch(r"[A-Za-z0-9._~-]+", m["slug"])
        ), m["slug"]
        assert (
            isinstance(m["day"], int)
            and 0 <= m["day"] <= 6
            and re.fullmatch(r"\d\d:\d\d", m["time"])
        ), m["slug"]
        assert set(m.get("types", [])) <= spec, m["slug"]
        assert m["formatted_address"] and m["approximate"] in ("yes", "no"), m[
            "slug"
        ]  # finders drop meetings with no place
        assert m["approximate"] == "yes" or m["attendance_option"] != "online", m["slug"]
        assert "<" not in json.dumps({k: v for k, v in m.items() if k != "alongside"}), m[
            "slug"
        ]  # no HTML


def test_the_published_feed_re_imports_into_an_empty_directory_with_no_loss(
    client_as, cast, directory, programs
) -> None:
    feed = (
        client_as("member").get("/meetings/feed.json").content
    )  # signed in: protected links included
    originals = {
        feeds.feed_slug(m): content(m) for m in Meeting.objects.select_related("program", "source")
    }
    Meeting.objects.all().delete()
    mirror = ImportSource.objects.create(
        slug="mirror", name="Our own feed", program=programs["aa"], default_time_zone="UTC"
    )
    run = imports.import_feed(source=mirror, data=feed)
    assert run.status == "done" and run.created == directory, run.message
    assert [p for p in run.report["problems"] if p["severity"] == "error"] == []
    copies = {m.slug: content(m) for m in Meeting.objects.select_related("program")}
    assert copies.keys() == originals.keys()
    for slug, original in originals.items():
        assert copies[slug] == original, slug


def test_visitors_get_the_feed_without_protected_links_and_can_cache_it(client, directory) -> None:
    response = client.get("/meetings/feed.json", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip" and response["Access-Control-Allow-Origin"] == "*"
    feed = json.loads(gzip.decompress(response.content))
    zoom = next(m for m in feed if m["name"] == "Protected Zoom")
    assert "conference_url" not in zoom and zoom["alongside"]["conference_hidden"] is True
    assert client.get("/meetings/feed.json", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert response["Last-Modified"].endswith("GMT")


def test_the_feed_is_built_once_per_directory_version(
    client, make_meeting, django_assert_max_num_queries
) -> None:
    meeting = make_meeting(name="Noon")
    assert [m["name"] for m in client.get("/meetings/feed.json").json()] == ["Noon"]
    with django_assert_max_num_queries(1):  # the version; the body comes from the cache
        assert [m["name"] for m in client.get("/meetings/feed.json").json()] == ["Noon"]
    meeting.name = "High noon"
    services.save_meeting(meeting=meeting)
    assert [m["name"] for m in client.get("/meetings/feed.json").json()] == ["High noon"]


def test_a_meeting_on_several_days_is_one_row_per_day_with_stable_slugs(
    client, make_meeting
) -> None:
    make_meeting(slug="weekday-mornings", name="Weekday mornings", days=[1, 3, 5])
    first = client.get("/meetings/feed.json").json()
    assert [(m["slug"], m["day"]) for m in first] == [
        ("weekday-mornings-1", 1),
        ("weekday-mornings-3", 3),
        ("weekday-mornings-5", 5),
    ]
    Meeting.objects.update(updated_at=timezone.now())
    assert [m["slug"] for m in client.get("/meetings/feed.json").json()] == [
        m["slug"] for m in first
    ]
    make_meeting(slug="weekday-mornings-3", name="Another meeting's own slug")
    slugs = [m["slug"] for m in client.get("/meetings/feed.json").json()]
    assert len(slugs) == len(set(slugs)) == 4


def test_slugs_are_url_safe_and_at_most_64_characters_with_the_source_shortened(
    client, programs, make_meeting
) -> None:
    source = ImportSource.objects.create(
        slug="southeastern-pennsylvania-intergroup",
        name="SEPIA",
        program=programs["aa"],
        default_time_zone="America/New_York",
    )
    long_slug = (
        "the-early-birds-of-chestnut-hill-at-the-church-of-st-martin-in-the-fields-" + "x" * 60
    )
    make_meeting(slug=long_slug, name="Early birds", source=source, days=[1, 2])
    make_meeting(slug="café au lait/1", name="Café", source=source)
    slugs = [m["slug"] for m in client.get("/meetings/feed.json").json()]
    assert len(slugs) == len(set(slugs)) == 3
    assert all(len(s) <= 64 and re.fullmatch(r"[A-Za-z0-9._~-]+", s) for s in slugs), slugs
    assert all(s.startswith("southeastern-pen") for s in slugs)


def test_online_meetings_carry_an_approximate_town_and_street_addresses_are_not_approximate(
    client, make_meeting
) -> None:
    make_meeting(name="Zoom", attendance="online", time_zone="America/Chicago")
    make_meeting(
        name="Church hall",
        latitude=41.92,
        longitude=-87.65,
        is_approximate=True,
        formatted_address="642 W Deming Pl, Chicago, IL 60614",
    )
    feed = {m["name"]: m for m in client.get("/meetings/feed.json").json()}
    assert (
        feed["Zoom"]["formatted_address"] == "Chicago, IL" and feed["Zoom"]["approximate"] == "yes"
    )
    assert "latitude" not in feed["Zoom"]
    assert (
        feed["Church hall"]["approximate"] == "no"
        and feed["Church hall"]["alongside"]["is_approximate"] is True
    )


def test_types_carry_spec_codes_only_and_other_codes_stay_in_our_object(
    client, make_meeting
) -> None:
    make_meeting(
        name="NA step study", program="na", openness="closed", types="JFT BT SWG CW VAR TOP QUIET"
    )
    feed = client.get("/meetings/feed.json").json()
    assert feed[0]["types"] == ["C", "ST", "CF", "D"]
    assert feed[0]["alongside"]["types"] == ["C", "JFT", "BT", "SWG", "CW", "VAR", "TOP", "QUIET"]
    spec = json.loads(catalog.TYPES_FILE.read_text())["spec"]  # code4recovery/spec data/types.json
    assert set(feed[0]["types"]) <= set(spec)


def test_empty_optional_fields_are_left_out(client, make_meeting) -> None:
    make_meeting(name="Plain", notes="", location="", regions=[])
    row = client.get("/meetings/feed.json").json()[0]
    assert (
        not {
            "notes",
            "location",
            "regions",
            "conference_url",
            "conference_phone",
            "group",
            "location_notes",
        }
        & row.keys()
    )
    assert all(value not in ("", None, []) for value in row.values())


def test_non_weekly_meetings_carry_their_schedule_for_people_and_for_importers(
    client, directory
) -> None:
    feed = {m["name"]: m for m in client.get("/meetings/feed.json").json()}
    monthly = feed["Second Saturday speaker"]
    assert monthly["day"] == 6 and monthly["notes"].startswith("The second Saturday of each month.")
    assert monthly["alongside"] == {
        "program": "na",
        "attendance": "in_person",
        "is_inactive": False,
        "languages": ["en", "es"],
        "recurrence": "monthly",
        "notes": "",
        "week_of_month": 2,
    }
    assert feed["New Year picnic"]["alongside"]["anchor_date"] == "2026-01-01"


def calendar(client, url: str) -> icalendar.Calendar:
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


@pytest.mark.parametrize(
    ("values", "rrule"),
    [
        ({"days": [1, 3]}, "FREQ=WEEKLY;BYDAY=MO,WE"),
        (
            {"recurrence": "biweekly", "days": [3], "anchor_date": dt.date(2026, 1, 7)},
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;WKST=SU",
        ),
        ({"recurrence": "monthly", "days": [2], "week_of_month": 2}, "FREQ=MONTHLY;BYDAY=2TU"),
        ({"recurrence": "once", "days": [], "anchor_date": dt.date(2027, 3, 6)}, None),
    ],
)
def test_a_meetings_calendar_has_its_rule_and_time_zone(
    client, make_meeting, values, rrule
) -> None:
    meeting = make_meeting(time_zone="America/Chicago", **values)
    cal = calendar(client, f"/meetings/m/{meeting.pk}/calendar.ics")
    event = cal.walk("VEVENT")[0]
    assert (
        event["DTSTART"].params["TZID"] == "America/Chicago" and event.decoded("DTSTART").hour == 19
    )
    assert (event["RRULE"].to_ical().decode() if "RRULE" in event else None) == rrule
    zones = cal.walk("VTIMEZONE")
    assert [z["TZID"] for z in zones] == ["America/Chicago"]
    assert {c.name for c in zones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_a_calendars_time_zone_rules_hold_for_years_to_come(client, make_meeting) -> None:
    meeting = make_meeting(time_zone="America/Chicago", days=[2])
    cal = calendar(client, f"/meetings/m/{meeting.pk}/calendar.ics")
    chicago = cal.walk("VTIMEZONE")[0]
    assert isinstance(chicago, icalendar.Timezone)
    assert stated_offset(chicago, dt.datetime(2040, 1, 15, 19)) == dt.timedelta(hours=-6)
    assert stated_offset(chicago, dt.datetime(2040, 7, 15, 19)) == dt.timedelta(hours=-5)
    assert stated_offset(chicago, dt.datetime(2040, 11, 10, 19)) == dt.timedelta(
        hours=-6
    )  # after the first Sunday of November


def stated_offset(vtimezone: icalendar.Timezone, local: dt.datetime) -> dt.timedelta:
    """The offset a VTIMEZONE states for a local time, read from its own transitions (not from
    the tz database a library would fall back on for a TZID it knows)."""
    transitions = []
    for part in vtimezone.subcomponents:
        rdates = part.get("RDATE", [])
        starts = [
            part.decoded("DTSTART"),
            *(
                d.dt
                for rdate in (rdates if isinstance(rdates, list) else [rdates])
                for d in rdate.dts
            ),
        ]
        transitions += [(start, part["TZOFFSETTO"].td) for start in starts]
    return max(t for t in transitions if t[0] <= local)[1]


def test_my_meetings_calendar_lives_at_a_secret_address_that_can_be_changed(
    client_as, cast, make_meeting
) -> None:
    meeting = make_meeting(name="Hope Circle", attendance="online", conference_is_protected=True)
    member = client_as("member")
    member.post(f"/meetings/m/{meeting.pk}/save/")
    page = member.get("/meetings/mine/").content.decode()
    key = page.split("/meetings/calendar/")[1].split(".ics")[0]
    anonymous = client_as(None)
    cal = calendar(anonymous, f"/meetings/calendar/{key}.ics")
    event = cal.walk("VEVENT")[0]
    assert str(event["SUMMARY"]).startswith("Hope Circle") and "https://zoom.us/j/1" in str(
        event["DESCRIPTION"]
    )
    member.post("/meetings/mine/calendar/new-address/")
    assert anonymous.get(f"/meetings/calendar/{key}.ics").status_code == 404

"""Every pathway findable: the sample meetings of each program, each program's "Find …
meetings" link, and the search form's own examples."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine

from alongside.meetings.models import Program
from alongside.meetings.samples import SAMPLE_NOTE, SAMPLES

pytestmark = pytest.mark.django_db

WEDNESDAY = dt.datetime(2026, 1, 7, 18, tzinfo=dt.UTC)


def result_programs(page: str) -> list[str]:
    return [
        html.unescape(name) for name in re.findall(r'<span class="program">([^<]*)</span>', page)
    ]


def test_the_samples_cover_every_program_in_person_in_two_cities_and_online() -> None:
    from alongside.meetings.catalog import PROGRAM_SLUGS

    assert {program for _s, _n, program, *_rest in SAMPLES} == set(PROGRAM_SLUGS)
    cities = {str(place.get("postal_code", "online!"))[:3] for *_rest, place, _types in SAMPLES}
    assert cities == {"606", "627", "onl"}  # Chicago, Springfield and online
    smart = {
        attendance
        for _s, _n, program, _r, _d, _t, attendance, *_rest in SAMPLES
        if program == "smart"
    }
    assert smart == {"in_person", "online"}


def test_every_programs_find_link_lists_its_meetings(client, sample_meetings) -> None:
    programs_page = client.get("/meetings/programs/").content.decode()
    for program in Program.objects.all():
        link = re.search(
            rf'<a href="([^"]*\?program={re.escape(program.slug)})">Find {re.escape(program.short_name)} meetings</a>',
            programs_page.replace("&amp;", "&"),
        )
        assert link, program.slug
        with time_machine.travel(WEDNESDAY, tick=False):
            page = client.get(link.group(1)).content.decode()
        shown = result_programs(page)
        assert shown and set(shown) == {program.short_name}, program.slug
        assert re.search(r"\d+ meetings? found", page)


@pytest.mark.parametrize(
    "schedule",
    [
        {"recurrence": "weekly", "days": [2]},
        {
            "recurrence": "biweekly",
            "days": [3],
            "anchor_date": dt.date(2026, 1, 7),
        },  # met today: next in two weeks
        {
            "recurrence": "monthly",
            "days": [6],
            "week_of_month": 1,
        },  # met on the 3rd: next in February
        {"recurrence": "once", "days": [], "anchor_date": dt.date(2026, 3, 1)},
    ],
)
def test_a_programs_find_link_finds_its_only_meeting_whatever_its_schedule(
    client, make_meeting, schedule
) -> None:
    make_meeting(
        name="The one LifeRing meeting", program="lifering", start_time=dt.time(7), **schedule
    )
    with time_machine.travel(WEDNESDAY, tick=False):
        page = client.get("/meetings/", {"program": "lifering"}).content.decode()
    assert "1 meeting found" in page and "The one LifeRing meeting" in page


def test_sample_meetings_say_they_are_sample_data_on_their_page_and_in_the_feed(
    client, sample_meetings
) -> None:
    meeting = sample_meetings[0]
    assert meeting.name.endswith("(sample)")
    assert SAMPLE_NOTE in client.get(f"/meetings/m/{meeting.pk}/").content.decode()
    feed = client.get("/meetings/feed.json").json()
    samples = [item for item in feed if item["name"].endswith("(sample)")]
    # One row per day it meets; the rows of one meeting share its series.
    series = {item.get("alongside", {}).get("series", item["slug"]) for item in samples}
    assert len(series) == len(SAMPLES) and all(SAMPLE_NOTE in item["notes"] for item in samples)


def test_the_search_forms_own_examples_find_meetings(client, sample_meetings) -> None:
    form = client.get("/meetings/").content.decode()
    assert "For example 60614, or Springfield, IL." in form
    for example in ("60614", "Springfield, IL"):
        page = client.get("/meetings/", {"near": example}).content.decode()
        assert not re.search(r"<h3>0 near", page) and "(sample)" in page, example


def test_the_demo_holds_the_sample_meetings_once(cast) -> None:
    from alongside.meetings import demo
    from alongside.meetings.models import Meeting

    demo.populate(cast)
    demo.populate(cast)
    assert Meeting.objects.filter(slug__startswith="sample-", source__isnull=True).count() == len(
        SAMPLES
    )

"""What keeps search fast stays true to the data: the filters the weekly slots carry follow every
write of their meeting, and the slots ranked in SQL and the nearest meetings give what a plain
reading of every row gives."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from django.utils import translation

from alongside.lib import geo
from alongside.lib.schedule import MINUTES_PER_WEEK
from alongside.meetings import catalog, imports, search
from alongside.meetings.models import ImportSource, Meeting, WeeklySlot
from alongside.meetings.services import save_meeting

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def slot_columns(meeting: Meeting) -> set[tuple]:
    return set(
        WeeklySlot.objects.filter(meeting=meeting).values_list(
            "weekday", "is_inactive", "types", "online"
        )
    )


def test_slots_carry_their_meetings_filters_through_the_meeting_service(make_meeting) -> None:
    meeting = make_meeting(days=[1, 3], types="D W", openness="open")
    assert slot_columns(meeting) == {(1, False, " O D W ", False), (3, False, " O D W ", False)}
    meeting.is_inactive, meeting.types, meeting.days = True, "BE", [5]
    save_meeting(meeting=meeting)
    assert slot_columns(meeting) == {(5, True, " O BE TC ", False)}


def test_slots_carry_their_meetings_filters_through_imports(programs) -> None:
    source = ImportSource.objects.create(
        slug="small", name="Small", program=programs["aa"], default_time_zone="America/Chicago"
    )
    row = {
        "name": "A",
        "slug": "a",
        "day": 2,
        "time": "19:00",
        "types": ["O", "D"],
        "formatted_address": "642 W Deming Pl, Chicago, IL 60614",
        "latitude": 41.92,
        "longitude": -87.64,
        "timezone": "America/Chicago",
    }
    assert imports.import_feed(source=source, data=json.dumps([row]).encode()).status == "done"
    meeting = Meeting.objects.get(source=source, slug="a")
    assert slot_columns(meeting) == {(2, False, " O D ", False)}
    imports.import_feed(
        source=source, data=json.dumps([{**row, "types": ["C", "TC"]}]).encode()
    )  # closed for now
    assert slot_columns(meeting) == {(2, True, " C TC ", False)}
    assert search.search(search.SearchQuery(days=[2])).others == []


def brute_force(
    here: int, span: int, days: list[int]
) -> tuple[list[tuple[int, int]], list[tuple[int, int, int]]]:
    """Every listed slot's minutes ahead, straight from the table: (ahead, meeting) of the
    meetings and (ahead, weekday, meeting) of the slots, soonest first."""
    best: dict[int, int] = {}
    slots = []
    for meeting, weekday, winter, summer in WeeklySlot.objects.filter(
        is_inactive=False
    ).values_list("meeting_id", "weekday", "winter_minute", "summer_minute"):
        if days and weekday not in days:
            continue
        ahead = [
            d
            for d in ((winter - here) % MINUTES_PER_WEEK, (summer - here) % MINUTES_PER_WEEK)
            if d <= span
        ]
        if ahead:
            best[meeting] = min(best.get(meeting, MINUTES_PER_WEEK), min(ahead))
            slots.append((min(ahead), weekday, meeting))
    return sorted((ahead, pk) for pk, ahead in best.items()), sorted(slots)


def test_slots_ranked_by_minutes_ahead_give_what_reading_every_slot_gives(make_meeting) -> None:
    rng = random.Random(7)
    zones = ["America/New_York", "America/Chicago", "Europe/London", "Australia/Sydney", "UTC"]
    for i in range(36):  # few distinct times, so many slots share a minute
        make_meeting(
            name=f"M{i}",
            days=rng.sample(range(7), rng.choice([1, 1, 2])),
            start_time=dt.time(rng.choice([0, 7, 19, 23]), rng.choice([0, 30])),
            time_zone=rng.choice(zones),
            attendance=rng.choice(["online", "in_person"]),
            is_inactive=i % 9 == 0,
        )
    for _ in range(12):
        here, span = (
            rng.randrange(MINUTES_PER_WEEK),
            rng.choice([60, 360, 1440, MINUTES_PER_WEEK - 1]),
        )
        days = rng.choice([[], [2], [0, 6]])
        expected_meetings, expected_slots = brute_force(here, span, days)
        ranked = search._ahead(
            search._slots(
                search.SearchQuery(days=days),
                online_only=False,
                now=dt.datetime.now(dt.UTC),
                hours=None,
            ),
            here,
            span,
            0,
        )
        assert list(dict.fromkeys(ranked)) == [pk for _ahead, pk in expected_meetings]
        # Every slot of the span, soonest first: a meeting that meets twice in it comes twice.
        assert list(ranked) == [
            pk for _ahead, _day, pk in sorted(expected_slots, key=lambda slot: (slot[0], slot[2]))
        ]


def test_soonest_first_over_two_days_lists_the_nearer_days_meetings_first(make_meeting) -> None:
    made = [
        make_meeting(
            name=f"Same {i}",
            days=[i % 2 + 1],
            start_time=dt.time(12),
            time_zone="UTC",
            attendance="online",
        )
        for i in range(8)
    ]
    monday_noon = dt.datetime(2026, 1, 5, 11, 0, tzinfo=UTC)
    found = search.search(
        search.SearchQuery(days=[1, 2], now=monday_noon, limit=4, attendance=["online"])
    ).others
    assert [r.meeting.pk for r in found] == [m.pk for m in made if m.days == [1]]


def test_the_nearest_meetings_are_those_a_plain_reading_of_every_row_finds(make_meeting) -> None:
    rng = random.Random(3)
    for i in range(30):
        make_meeting(
            name=f"Close {i}",
            latitude=41.9214 + rng.uniform(-0.02, 0.02),
            longitude=-87.6513 + rng.uniform(-0.02, 0.02),
        )
    for i in range(10):
        make_meeting(
            name=f"Far {i}",
            latitude=41.9214 + rng.uniform(-0.2, 0.2),
            longitude=-87.6513 + rng.uniform(-0.2, 0.2),
        )
    here = (41.9214, -87.6513)
    found = search.search(
        search.SearchQuery(
            latitude=here[0], longitude=here[1], radius_km=40, limit=5, include_online=False
        )
    ).near
    every = sorted(
        (geo.distance_km(*here, m.latitude, m.longitude), m.pk)
        for m in Meeting.objects.all()
        if m.latitude is not None and m.longitude is not None  # every one has a point here
    )
    assert [r.meeting.pk for r in found] == [pk for _d, pk in every[:5]]


def test_shared_schedules_still_refuse_a_day_that_only_equals_a_valid_one(make_meeting) -> None:
    from django.core.exceptions import ValidationError

    meeting = make_meeting(days=[2])
    meeting.schedule()
    meeting.days = [2.0]
    with pytest.raises(ValidationError):
        meeting.clean()


def test_type_names_follow_the_language_of_each_request() -> None:
    with translation.override("en"):
        english = dict(catalog.choices(["O", "D"]))
    with translation.override("es"):
        spanish = dict(catalog.choices(["O", "D"]))
    assert (
        english["O"] == catalog.type_label("O", "en")
        and spanish["O"] == catalog.type_label("O", "es")
        and english["O"] != spanish["O"]
    )

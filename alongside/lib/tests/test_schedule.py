"""Schedule arithmetic: next occurrences across time zones and daylight-saving changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import vRecur

from alongside.lib.schedule import (
    Recurrence,
    Schedule,
    ScheduleError,
    nth_weekday,
    parse_clock,
    utc_week_minute,
    week_windows,
)

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def weekly(days, start="19:00", tz="America/New_York", minutes=60, **kw) -> Schedule:
    return Schedule(Recurrence.WEEKLY, tuple(days), parse_clock(start), minutes, tz, **kw)


@pytest.mark.parametrize(
    ("schedule", "after", "expected_utc"),
    [
        # A Tuesday 19:00 meeting in New York, winter (EST, UTC-5) and summer (EDT, UTC-4).
        (weekly([2]), "2026-01-05T00:00", ["2026-01-07T00:00"]),
        (weekly([2]), "2026-07-01T00:00", ["2026-07-07T23:00"]),
        # Several days a week come out in order.
        (
            weekly([1, 3, 5], start="07:00", tz="UTC"),
            "2026-03-03T08:00",
            ["2026-03-04T07:00", "2026-03-06T07:00", "2026-03-09T07:00"],
        ),
        # Across the spring-forward night: Sunday 8 March 2026 in the United States.
        (weekly([0], start="10:00"), "2026-03-01T16:00", ["2026-03-08T14:00", "2026-03-15T14:00"]),
        # A time that does not exist that night (02:30) is read with the offset before the jump.
        (weekly([0], start="02:30"), "2026-03-07T00:00", ["2026-03-08T07:30", "2026-03-15T06:30"]),
        # A time that happens twice when clocks fall back (01:30 on 1 November 2026) is the first.
        (weekly([0], start="01:30"), "2026-10-31T00:00", ["2026-11-01T05:30", "2026-11-08T06:30"]),
        # Southern hemisphere: Sydney leaves summer time on 5 April 2026.
        (
            weekly([1], start="18:00", tz="Australia/Sydney"),
            "2026-03-29T00:00",
            ["2026-03-30T07:00", "2026-04-06T08:00"],
        ),
        # A zone with a 45-minute offset and no daylight saving.
        (weekly([3], start="12:00", tz="Asia/Kathmandu"), "2026-05-01T00:00", ["2026-05-06T06:15"]),
        # The local day differs from the UTC day: Saturday 20:00 in Los Angeles is Sunday in UTC.
        (
            weekly([6], start="20:00", tz="America/Los_Angeles"),
            "2026-06-01T00:00",
            ["2026-06-07T03:00"],
        ),
    ],
)
def test_next_occurrences_follow_the_meetings_own_zone(schedule, after, expected_utc) -> None:
    found = schedule.next_occurrences(at(after), count=len(expected_utc))
    assert [o.starts_at for o in found] == [at(x) for x in expected_utc]


@pytest.mark.parametrize(
    ("anchor", "after", "expected_local_dates"),
    [
        # Every other Tuesday, counted from 6 January 2026.
        ("2026-01-06", "2026-01-07T12:00", ["2026-01-08", "2026-01-20", "2026-01-22"]),
        # The anchor week counts even when the anchor is the Thursday of a Tue/Thu pair.
        ("2026-01-08", "2026-01-01T00:00", ["2026-01-06", "2026-01-08", "2026-01-20"]),
    ],
)
def test_every_other_week_keeps_to_the_anchor_weeks(anchor, after, expected_local_dates) -> None:
    s = Schedule(
        Recurrence.BIWEEKLY,
        (2, 4),
        dt.time(18),
        60,
        "America/Chicago",
        anchor=dt.date.fromisoformat(anchor),
    )
    found = s.next_occurrences(at(after), count=3)
    assert [o.local_date.isoformat() for o in found] == expected_local_dates


@pytest.mark.parametrize(
    ("ordinal", "days", "after", "expected"),
    [
        (2, (2,), "2026-01-01T00:00", ["2026-01-13", "2026-02-10", "2026-03-10"]),  # second Tuesday
        (-1, (5,), "2026-01-01T00:00", ["2026-01-30", "2026-02-27", "2026-03-27"]),  # last Friday
        (
            5,
            (4,),
            "2026-01-01T00:00",
            ["2026-01-29", "2026-04-30", "2026-07-30"],
        ),  # fifth Thursday: only some months
        (
            1,
            (0,),
            "2026-02-02T03:00",
            ["2026-03-01", "2026-04-05", "2026-05-03"],
        ),  # first Sunday, today's already past
    ],
)
def test_monthly_meetings_fall_on_the_named_week(ordinal, days, after, expected) -> None:
    s = Schedule(
        Recurrence.MONTHLY, days, dt.time(19), 90, "America/Chicago", week_of_month=ordinal
    )
    assert [o.local_date.isoformat() for o in s.next_occurrences(at(after), count=3)] == expected


def test_a_one_off_meeting_happens_once_and_then_never() -> None:
    s = Schedule(
        Recurrence.ONCE, (), dt.time(10), 120, "Europe/London", anchor=dt.date(2026, 6, 20)
    )
    assert s.days == (6,)
    assert [o.starts_at for o in s.next_occurrences(at("2026-01-01T00:00"), 3)] == [
        at("2026-06-20T09:00")
    ]
    assert s.next_occurrence(at("2026-06-21T00:00")) is None
    assert s.rrule() is None


def test_until_ends_a_repeating_meeting_inclusively() -> None:
    s = weekly([2], until=dt.date(2026, 1, 13))
    assert [o.local_date.isoformat() for o in s.next_occurrences(at("2026-01-01T00:00"), 5)] == [
        "2026-01-06",
        "2026-01-13",
    ]


@pytest.mark.parametrize(
    ("recurrence", "kwargs", "expected"),
    [
        (Recurrence.WEEKLY, {}, "FREQ=WEEKLY;BYDAY=MO,WE"),
        (
            Recurrence.BIWEEKLY,
            {"anchor": dt.date(2026, 1, 5)},
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;WKST=SU",
        ),
        (Recurrence.MONTHLY, {"week_of_month": 2}, "FREQ=MONTHLY;BYDAY=2MO,2WE"),
        (Recurrence.MONTHLY, {"week_of_month": -1}, "FREQ=MONTHLY;BYDAY=-1MO,-1WE"),
        (
            Recurrence.WEEKLY,
            {"until": dt.date(2026, 12, 31)},
            "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270101T055959Z",
        ),
    ],
)
def test_recurrence_rules_say_what_the_schedule_says(recurrence, kwargs, expected) -> None:
    s = Schedule(recurrence, (1, 3), dt.time(19), 60, "America/Chicago", **kwargs)
    assert s.rrule_text() == expected


@pytest.mark.parametrize(
    ("days", "start", "tz", "expected"),
    [
        (
            (2,),
            "19:00",
            "America/New_York",
            [(2, 3 * 1440 + 0, 2 * 1440 + 23 * 60)],
        ),  # Wed 00:00 UTC winter; Tue 23:00 summer
        (
            (0,),
            "00:30",
            "Europe/Paris",
            [(0, 6 * 1440 + 23 * 60 + 30, 6 * 1440 + 22 * 60 + 30)],
        ),  # wraps to Saturday UTC
        ((3,), "12:00", "UTC", [(3, 3 * 1440 + 720, 3 * 1440 + 720)]),
        (
            (1,),
            "18:00",
            "Australia/Sydney",
            [(1, 1 * 1440 + 7 * 60, 1 * 1440 + 8 * 60)],
        ),  # summer in January there
    ],
)
def test_week_minutes_hold_both_offsets_of_the_year(days, start, tz, expected) -> None:
    assert weekly(days, start=start, tz=tz).week_minutes() == expected


def test_week_windows_split_at_the_end_of_the_week() -> None:
    saturday_night = at("2026-01-10T23:00")  # Saturday 23:00 UTC
    assert utc_week_minute(saturday_night) == 6 * 1440 + 23 * 60
    assert week_windows(saturday_night, 2) == [(6 * 1440 + 1380, 10080), (0, 61)]
    assert week_windows(at("2026-01-07T10:00"), 2) == [(3 * 1440 + 600, 3 * 1440 + 721)]


def test_an_occurrence_window_accepts_early_and_late_arrivals() -> None:
    s = weekly([2], start="19:00", tz="America/Chicago")
    start = at("2026-01-07T01:00")  # Tue 19:00 CST
    assert (
        s.occurrence_at(
            start - dt.timedelta(minutes=20),
            before=dt.timedelta(minutes=30),
            after=dt.timedelta(minutes=30),
        ).starts_at
        == start
    )
    assert (
        s.occurrence_at(
            start + dt.timedelta(minutes=85),
            before=dt.timedelta(minutes=30),
            after=dt.timedelta(minutes=30),
        )
        is not None
    )
    assert (
        s.occurrence_at(
            start + dt.timedelta(hours=3),
            before=dt.timedelta(minutes=30),
            after=dt.timedelta(minutes=30),
        )
        is None
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19:30", dt.time(19, 30)),
        ("07:05:00", dt.time(7, 5)),
        ("6:00 PM", dt.time(18)),
        ("12:00 AM", dt.time(0)),
        ("12:15 pm", dt.time(12, 15)),
        ("noon", dt.time(12)),
        ("24:00", dt.time(0)),
        ("9", dt.time(9)),
    ],
)
def test_clock_times_are_read_in_every_form_feeds_use(text, expected) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["25:00", "19:60", "13:00 PM", "seven", "", "1:2:3:4", "-1:00"])
def test_impossible_clock_times_are_refused_with_a_reason(text) -> None:
    with pytest.raises(ValueError, match="time"):
        parse_clock(text)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"days": (7,)}, "day"),
        ({"days": ()}, "day"),
        ({"tz": "Mars/Olympus_Mons"}, "time_zone"),
        ({"tz": ""}, "time_zone"),
        ({"minutes": 0}, "duration"),
    ],
)
def test_impossible_schedules_name_the_part_that_is_wrong(kwargs, field) -> None:
    with pytest.raises(ScheduleError) as error:
        weekly(
            kwargs.get("days", (1,)), tz=kwargs.get("tz", "UTC"), minutes=kwargs.get("minutes", 60)
        )
    assert error.value.field == field


def test_repeating_schedules_need_what_defines_them() -> None:
    with pytest.raises(ScheduleError, match="every-other-week"):
        Schedule(Recurrence.BIWEEKLY, (1,), dt.time(9), 60, "UTC")
    with pytest.raises(ScheduleError, match="which week"):
        Schedule(Recurrence.MONTHLY, (1,), dt.time(9), 60, "UTC", week_of_month=0)


@pytest.mark.parametrize(
    ("year", "month", "weekday", "ordinal", "expected"),
    [
        (2026, 2, 0, 1, dt.date(2026, 2, 1)),
        (2026, 2, 6, -1, dt.date(2026, 2, 28)),
        (2026, 2, 1, 5, None),
        (2026, 12, 4, -1, dt.date(2026, 12, 31)),
    ],
)
def test_nth_weekday_of_a_month(year, month, weekday, ordinal, expected) -> None:
    assert nth_weekday(year, month, weekday, ordinal) == expected


# ------------------------------------------------------------------ the published rule


ZONES = [
    "UTC",
    "America/New_York",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Kathmandu",
    "America/St_Johns",
]


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    recurrence = draw(st.sampled_from([Recurrence.WEEKLY, Recurrence.BIWEEKLY, Recurrence.MONTHLY]))
    days = draw(
        st.sets(
            st.integers(0, 6), min_size=1, max_size=3 if recurrence == Recurrence.MONTHLY else 7
        )
    )
    start = dt.time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30, 45])))
    dates = st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31))
    return Schedule(
        recurrence,
        tuple(days),
        start,
        draw(st.integers(1, 180)),
        draw(st.sampled_from(ZONES)),
        anchor=draw(dates) if recurrence == Recurrence.BIWEEKLY else None,
        week_of_month=draw(st.sampled_from([1, 2, 3, 4, 5, -1]))
        if recurrence == Recurrence.MONTHLY
        else None,
        starts_on=draw(st.none() | dates),
        until=draw(st.none() | dates),
    )


@settings(max_examples=300, deadline=None)
@example(
    weekly([0], start="02:30"), at("2026-03-01T00:00")
)  # 02:30 does not exist on 8 March in New York
@example(weekly([0], start="01:30"), at("2026-10-25T00:00"))  # 01:30 happens twice on 1 November
@example(
    weekly([0], start="01:45", tz="Australia/Lord_Howe"), at("2026-03-29T00:00")
)  # clocks go back half an hour
@example(
    Schedule(Recurrence.MONTHLY, (2,), dt.time(19), 60, "Europe/London", week_of_month=5),
    at("2026-01-01T00:00"),
)
@example(
    Schedule(Recurrence.MONTHLY, (0, 6), dt.time(10), 60, "America/Santiago", week_of_month=-1),
    at("2026-03-01T00:00"),
)
@example(
    Schedule(
        Recurrence.BIWEEKLY,
        (1, 4),
        dt.time(18),
        60,
        "Australia/Sydney",
        anchor=dt.date(2026, 12, 28),
    ),
    at("2026-12-20T00:00"),
)
@given(
    schedule=schedules(),
    after=st.datetimes(dt.datetime(2025, 1, 1), dt.datetime(2028, 12, 31), timezones=st.just(UTC)),
)
def test_next_occurrences_are_what_the_published_rule_expands_to(schedule, after) -> None:
    """A calendar app reading our DTSTART and RRULE (in the API's text and the feed's iCalendar
    form) expands them, by RFC 5545, to the meetings the site lists."""
    first = schedule.first_date(
        after.astimezone(schedule.tz).date() - dt.timedelta(days=7)
    )  # as the feed does
    site = [o.starts_at for o in schedule.next_occurrences(after, 6)]
    if first is None:
        assert site == []
        return
    dtstart = f"DTSTART;TZID={schedule.time_zone}:{dt.datetime.combine(first, schedule.start):%Y%m%dT%H%M%S}"
    for rule in {schedule.rrule_text(), vRecur(schedule.rrule()).to_ical().decode()}:
        expanded = rrulestr(f"{dtstart}\nRRULE:{rule}", tzids=ZoneInfo)
        assert [x.astimezone(UTC) for x in expanded.xafter(after, count=6, inc=True)] == site, rule

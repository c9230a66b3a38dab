"""Opening hours as people write them, and open or closed in the place's own zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from alongside.lib import opening_hours
from alongside.lib.opening_hours import HoursError, HoursProblem

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
UTC = dt.UTC


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        (
            "Mon-Fri 09:00-17:00; Sat 10:00-14:00",
            "Mon 09:00-17:00; Tue 09:00-17:00; Wed 09:00-17:00; Thu 09:00-17:00; Fri 09:00-17:00; Sat 10:00-14:00",
        ),
        ("Tue,Thu 9am-1pm, 2pm-6pm", "Tue 09:00-13:00, 14:00-18:00; Thu 09:00-13:00, 14:00-18:00"),
        ("Sat-Mon 10:00-12:00", "Mon 10:00-12:00; Sat 10:00-12:00; Sun 10:00-12:00"),
        ("daily 08:00-20:00", "; ".join(f"{d} 08:00-20:00" for d in opening_hours.DAY_CODES)),
        ("Friday 22:00-02:00", "Fri 22:00-02:00"),
        ("24/7", "24/7"),
        ("", ""),
    ],
)
def test_hours_read_as_written_and_back(text: str, canonical: str) -> None:
    hours = opening_hours.parse(text)
    assert opening_hours.to_text(hours) == canonical
    assert opening_hours.parse(canonical) == hours


@pytest.mark.parametrize(
    ("text", "problem", "part"),
    [
        ("Mnday 09:00-17:00", HoursProblem.DAY, "mnday"),
        ("Mon-Fri", HoursProblem.NO_TIMES, "Mon-Fri"),
        ("Mon 25:00-26:00", HoursProblem.TIME, "Mon 25:00-26:00"),
        ("Mon 9:00-9:00", HoursProblem.EMPTY_RANGE, "Mon 9:00-9:00"),
    ],
)
def test_hours_that_cannot_be_read_name_the_part(
    text: str, problem: HoursProblem, part: str
) -> None:
    with pytest.raises(HoursError) as caught:
        opening_hours.parse(text)
    assert (caught.value.problem, caught.value.part) == (problem, part)


def test_nine_oclock_in_new_york_moves_in_utc_when_the_clocks_change() -> None:
    hours = opening_hours.parse("Daily 09:00-17:00")
    # 13:30 UTC: 08:30 EST the day before the change, 09:30 EDT on the day (8 March 2026).
    before = opening_hours.state_at(hours, NEW_YORK, dt.datetime(2026, 3, 7, 13, 30, tzinfo=UTC))
    after = opening_hours.state_at(hours, NEW_YORK, dt.datetime(2026, 3, 8, 13, 30, tzinfo=UTC))
    assert not before.is_open
    assert before.changes_at == dt.datetime(2026, 3, 7, 9, 0, tzinfo=NEW_YORK)
    assert after.is_open
    assert after.changes_at == dt.datetime(2026, 3, 8, 17, 0, tzinfo=NEW_YORK)
    assert after.changes_at.utcoffset() == dt.timedelta(hours=-4)


def test_an_overnight_opening_runs_past_midnight_and_meets_the_next() -> None:
    hours = opening_hours.parse("Fri 22:00-06:00; Sat 06:00-12:00")
    saturday_3am = dt.datetime(2026, 6, 13, 3, 0, tzinfo=NEW_YORK)
    state = opening_hours.state_at(hours, NEW_YORK, saturday_3am)
    assert state.is_open and state.changes_at == dt.datetime(2026, 6, 13, 12, 0, tzinfo=NEW_YORK)


def test_always_open_and_never_open() -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=UTC)
    assert opening_hours.state_at(opening_hours.parse("24/7"), NEW_YORK, now).is_open
    closed = opening_hours.state_at(opening_hours.parse(""), NEW_YORK, now)
    assert not closed.is_open and closed.changes_at is None

"""Weekly opening hours, written as people write them and read in a place's own time zone,
free of Django.

A line of hours is one or more parts separated by ";" or new lines, each a day or days and one
or more time ranges: "Mon-Fri 09:00-17:00; Sat 10:00-14:00", "Tue,Thu 9am-1pm, 2pm-6pm",
"Daily 08:00-20:00", or "24/7" for a place that never closes. A range that ends at or before it
starts runs past midnight ("Fri 22:00-02:00" closes at 2 on Saturday morning).

Times are wall-clock times where the place is: "open now" is worked out by putting each range
on the calendar in the place's zone (zoneinfo), so a change to or from daylight saving time
moves the instant a place opens, not its 9 o'clock.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from enum import StrEnum

from alongside.lib.schedule import parse_clock

DAY_CODES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]  # Python's weekday() order
DAY_NAMES = {
    **{code.lower(): n for n, code in enumerate(DAY_CODES)},
    **{
        name: n
        for n, name in enumerate(
            ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        )
    },
    **{name: n for n, name in enumerate(["mo", "tu", "we", "th", "fr", "sa", "su"])},
}
EVERY_DAY = {"daily", "every day", "everyday", "mon-sun"}
ALWAYS_OPEN = {"24/7", "24x7", "24 / 7", "always open"}
PART_SPLIT = re.compile(r"[;\n]+")
RANGE_RE = re.compile(r"^\s*(.+?)\s*[-–]\s*(.+?)\s*$")
# The days, then the first time: "Mon-Fri 9:00-17:00" splits before "9".
DAYS_THEN_TIMES = re.compile(r"^\s*(?P<days>[A-Za-z][A-Za-z ,\-–]*?)\s+(?P<times>\d.*)$")


class HoursProblem(StrEnum):
    NO_TIMES = "no_times"  # a part without a time range ("Mon-Fri")
    DAY = "day"  # a day that is not a day ("Mnday")
    TIME = "time"  # a time that is not a time ("25:00")
    EMPTY_RANGE = "empty_range"  # opens and closes at the same minute


class HoursError(ValueError):
    """Why a line of hours could not be read: the problem, and the part of the text at fault."""

    def __init__(self, problem: HoursProblem, part: str) -> None:
        super().__init__(f"{problem}: {part}")
        self.problem = problem
        self.part = part


@dataclass(frozen=True, order=True)
class Span:
    weekday: int  # 0 is Monday, as datetime.weekday()
    opens: dt.time
    closes: dt.time  # at or before `opens`: the next day

    @property
    def is_overnight(self) -> bool:
        return self.closes <= self.opens

    def on(self, day: dt.date, zone: zoneinfo.ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        """The instants this span opens and closes when it starts on `day` (its weekday)."""
        start = dt.datetime.combine(day, self.opens, tzinfo=zone)
        end_day = day + dt.timedelta(days=1) if self.is_overnight else day
        return start, dt.datetime.combine(end_day, self.closes, tzinfo=zone)


@dataclass(frozen=True)
class Hours:
    always_open: bool
    spans: tuple[Span, ...]

    @property
    def is_known(self) -> bool:
        return self.always_open or bool(self.spans)


def _days(text: str) -> list[int]:
    text = text.strip().lower()
    if text in EVERY_DAY:
        return list(range(7))
    days: list[int] = []
    for piece in re.split(r"\s*,\s*", text):
        bounds = [b.strip() for b in re.split(r"[-–]", piece, maxsplit=1)]
        if any(b not in DAY_NAMES for b in bounds):
            raise HoursError(HoursProblem.DAY, piece)
        start, end = DAY_NAMES[bounds[0]], DAY_NAMES[bounds[-1]]
        days.extend((start + n) % 7 for n in range((end - start) % 7 + 1))
    return days


def _clock(text: str, part: str) -> dt.time:
    try:
        return parse_clock(text)
    except ValueError:
        raise HoursError(HoursProblem.TIME, part) from None


def parse(text: str) -> Hours:
    """The hours a line of text describes; HoursError names the first part it cannot read.
    An empty line is hours not known (neither open nor closed)."""
    text = (text or "").strip()
    if text.lower() in ALWAYS_OPEN:
        return Hours(always_open=True, spans=())
    spans: set[Span] = set()
    for part in (p.strip() for p in PART_SPLIT.split(text)):
        if not part:
            continue
        match = DAYS_THEN_TIMES.match(part)
        if match is None:
            raise HoursError(HoursProblem.NO_TIMES, part)
        days = _days(match.group("days"))
        for window in match.group("times").split(","):
            found = RANGE_RE.match(window)
            if found is None:
                raise HoursError(HoursProblem.TIME, part)
            opens, closes = _clock(found.group(1), part), _clock(found.group(2), part)
            if opens == closes:
                raise HoursError(HoursProblem.EMPTY_RANGE, part)
            spans.update(Span(day, opens, closes) for day in days)
    return Hours(always_open=False, spans=tuple(sorted(spans)))


def to_text(hours: Hours) -> str:
    """The line `parse` reads back: one part per day, English day codes (for files and forms)."""
    if hours.always_open:
        return "24/7"
    parts = []
    for day in range(7):
        windows = [f"{s.opens:%H:%M}-{s.closes:%H:%M}" for s in hours.spans if s.weekday == day]
        if windows:
            parts.append(f"{DAY_CODES[day]} {', '.join(windows)}")
    return "; ".join(parts)


@dataclass(frozen=True)
class OpenState:
    is_open: bool
    # When that changes: the closing instant while open, the next opening while closed; None
    # for a place that never closes, or hours that never open.
    changes_at: dt.datetime | None


def _windows(hours: Hours, zone: zoneinfo.ZoneInfo, now: dt.datetime) -> list[tuple]:
    """Every opening from the day before `now` (an overnight span still running) to a week on,
    in order."""
    today = now.astimezone(zone).date()
    found = []
    for offset in range(-1, 8):
        day = today + dt.timedelta(days=offset)
        found += [span.on(day, zone) for span in hours.spans if span.weekday == day.weekday()]
    return sorted(found)


def state_at(hours: Hours, zone: zoneinfo.ZoneInfo, now: dt.datetime) -> OpenState:
    """Whether the place is open at the instant `now` (aware), and until or from when."""
    if hours.always_open:
        return OpenState(True, None)
    windows = _windows(hours, zone, now)
    for start, end in windows:
        if start <= now < end:
            # Ranges that meet ("Mon 22:00-06:00", "Tue 06:00-12:00") are one opening.
            for later_start, later_end in windows:
                if later_start <= end < later_end:
                    end = later_end
            return OpenState(True, end)
    upcoming = [start for start, _end in windows if start > now]
    return OpenState(False, min(upcoming) if upcoming else None)

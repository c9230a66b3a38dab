"""Meeting schedules and their arithmetic, free of Django: next occurrences across time zones and
daylight-saving changes, the weekly index minutes search uses, and RFC 5545 recurrence rules.

Days are numbered as the Meeting Guide spec numbers them: 0 = Sunday … 6 = Saturday.

A meeting's time is local to its IANA zone. A local time that does not exist on a given day
(clocks jump forward through it) is read with the offset in force before the jump, as RFC 5545
section 3.3.5 says, so 02:30 on the spring-forward night in New York is 03:30 EDT. A local time
that happens twice (clocks fall back) is its first occurrence.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

UTC = dt.UTC
MINUTES_PER_WEEK = 7 * 24 * 60
ONE_DAY = dt.timedelta(days=1)
DAY_CODES = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
WEEKDAYS = (SU, MO, TU, WE, TH, FR, SA)  # relativedelta's, in our order
# Two reference weeks, one in each half of the year: every zone's UTC offset on a given
# weekday is one of the two offsets in force then (standard time and summer time).
REFERENCE_WEEKS = (dt.date(2025, 1, 12), dt.date(2025, 7, 13))  # both Sundays


class Recurrence(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    ONCE = "once"


class ScheduleError(ValueError):
    """A schedule that cannot be held: the message says which part and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def sunday_based(day: dt.date) -> int:
    """Meeting Guide's weekday of a date: 0 = Sunday … 6 = Saturday."""
    return (day.weekday() + 1) % 7


def week_start(day: dt.date) -> dt.date:
    """The Sunday that starts the week holding `day`."""
    return day - dt.timedelta(days=sunday_based(day))


def zone(name: str) -> zoneinfo.ZoneInfo:
    """The IANA zone by name; raises ScheduleError for a zone that does not exist."""
    try:
        if not name or name != name.strip() or name.startswith("/"):
            raise zoneinfo.ZoneInfoNotFoundError(name)
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ScheduleError("time_zone", f"{name!r} is not an IANA time zone") from exc


def is_time_zone(name: str) -> bool:
    try:
        zone(name)
    except ScheduleError:
        return False
    return True


def local_instant(day: dt.date, at: dt.time, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """The UTC instant of a local wall-clock time (gap: offset before the jump; overlap: first)."""
    return (
        dt.datetime.combine(day, at.replace(tzinfo=None), tzinfo=tz).replace(fold=0).astimezone(UTC)
    )


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> dt.date | None:
    """The `ordinal`-th `weekday` (0 = Sunday) of a month; -1 is the last. None if there is none
    (a fifth Tuesday in a month with four)."""
    which = WEEKDAYS[weekday](ordinal)
    first = dt.date(year, month, 1)
    day = first + (
        relativedelta(weekday=which) if ordinal > 0 else relativedelta(day=31, weekday=which)
    )
    return day if day.month == month else None


@dataclass(frozen=True)
class Occurrence:
    starts_at: dt.datetime  # UTC
    ends_at: dt.datetime  # UTC
    local_date: dt.date

    def in_zone(self, name: str) -> dt.datetime:
        return self.starts_at.astimezone(zone(name))


@dataclass(frozen=True)
class Schedule:
    """When a meeting happens.

    weekly:   every week on each of `days`.
    biweekly: every other week on each of `days`, in the weeks (Sunday to Saturday) of `anchor`.
    monthly:  the `week_of_month`-th (1–5, or -1 for the last) of each of `days` in every month.
    once:     on `anchor` only (`days` is derived from it).
    `until` (inclusive, local) ends a repeating schedule; `starts_on` (local) begins one.
    """

    recurrence: Recurrence
    days: tuple[int, ...]
    start: dt.time
    duration_minutes: int
    time_zone: str
    anchor: dt.date | None = None
    week_of_month: int | None = None
    starts_on: dt.date | None = None
    until: dt.date | None = None
    tz: zoneinfo.ZoneInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "recurrence", Recurrence(self.recurrence))
        object.__setattr__(self, "tz", zone(self.time_zone))
        if self.recurrence == Recurrence.ONCE:
            if self.anchor is None:
                raise ScheduleError("anchor", "a one-off meeting needs its date")
            object.__setattr__(self, "days", (sunday_based(self.anchor),))
        days = tuple(sorted(set(self.days)))
        if not days:
            raise ScheduleError("day", "a meeting needs at least one day")
        for d in days:
            if not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 6:
                raise ScheduleError("day", f"day {d!r} is not 0–6 (0 is Sunday)")
        object.__setattr__(self, "days", days)
        if not 1 <= self.duration_minutes <= 24 * 60:
            raise ScheduleError("duration", "a meeting lasts between 1 minute and 24 hours")
        if self.recurrence == Recurrence.BIWEEKLY and self.anchor is None:
            raise ScheduleError(
                "anchor", "an every-other-week meeting needs the date of one meeting"
            )
        if self.recurrence == Recurrence.MONTHLY and self.week_of_month not in (1, 2, 3, 4, 5, -1):
            raise ScheduleError(
                "week_of_month", "a monthly meeting needs which week: 1–5, or -1 for the last"
            )

    # -- which local dates ---------------------------------------------------------------

    def meets_on(self, day: dt.date) -> bool:
        if self.starts_on and day < self.starts_on:
            return False
        if self.until and day > self.until:
            return False
        if sunday_based(day) not in self.days:
            return False
        if self.recurrence == Recurrence.WEEKLY:
            return True
        if self.recurrence == Recurrence.ONCE:
            return day == self.anchor
        if self.recurrence == Recurrence.BIWEEKLY:
            weeks = (week_start(day) - week_start(self.anchor)).days // 7  # type: ignore[arg-type]
            return weeks % 2 == 0 and day >= week_start(self.anchor)  # type: ignore[arg-type]
        found = nth_weekday(day.year, day.month, sunday_based(day), self.week_of_month or 1)
        return found == day

    def occurrence_on(self, day: dt.date) -> Occurrence:
        starts = local_instant(day, self.start, self.tz)
        return Occurrence(starts, starts + dt.timedelta(minutes=self.duration_minutes), day)

    # -- occurrences in time ----------------------------------------------------------------

    def _weekly_days(self, day: dt.date, last: dt.date) -> Iterator[dt.date]:
        """The dates from `day` to `last` a plain weekly schedule meets on: what meets_on says
        for each date, without asking it of every date (search does this for every result)."""
        weekday = sunday_based(day)
        days = self.days
        while True:
            gap = min((d - weekday) % 7 for d in days)
            day += dt.timedelta(days=gap)
            if day > last:
                return
            yield day
            day += ONE_DAY
            weekday = (weekday + gap + 1) % 7

    @property
    def _earliest(self) -> dt.date:
        """The first date the schedule could meet on (the horizon is counted from there)."""
        firsts = [self.starts_on or dt.date.min]
        if self.recurrence in (Recurrence.ONCE, Recurrence.BIWEEKLY):
            anchor: dt.date = self.anchor  # type: ignore[assignment]  # these recurrences have one
            firsts.append(week_start(anchor) if self.recurrence == Recurrence.BIWEEKLY else anchor)
        return max(firsts)

    @property
    def _plain_weekly(self) -> bool:
        return (
            self.recurrence is Recurrence.WEEKLY and self.starts_on is None and self.until is None
        )

    def occurrences_between(self, start: dt.datetime, end: dt.datetime) -> list[Occurrence]:
        """Occurrences that start in [start, end) (aware datetimes, any zone)."""
        first = start.astimezone(self.tz).date() - ONE_DAY
        last = end.astimezone(self.tz).date() + ONE_DAY
        found = []
        if self._plain_weekly:
            for day in self._weekly_days(first, last):
                occurrence = self.occurrence_on(day)
                if start <= occurrence.starts_at < end:
                    found.append(occurrence)
            return found
        day = first
        while day <= last:
            if self.meets_on(day):
                occurrence = self.occurrence_on(day)
                if start <= occurrence.starts_at < end:
                    found.append(occurrence)
            day += ONE_DAY
        return found

    def iter_from(self, after: dt.datetime, *, horizon_days: int = 800) -> Iterator[Occurrence]:
        """Occurrences starting at or after `after`, in order, looking no further than the horizon."""
        day = max(after.astimezone(self.tz).date() - ONE_DAY, self._earliest)
        stop = day + dt.timedelta(days=horizon_days)
        if self._plain_weekly:
            for meets in self._weekly_days(day, stop):
                occurrence = self.occurrence_on(meets)
                if occurrence.starts_at >= after:
                    yield occurrence
            return
        while day <= stop:
            if self.until and day > self.until:
                return
            if self.meets_on(day):
                occurrence = self.occurrence_on(day)
                if occurrence.starts_at >= after:
                    yield occurrence
            day += dt.timedelta(days=1)

    def next_occurrences(self, after: dt.datetime, count: int = 1) -> list[Occurrence]:
        found = []
        for occurrence in self.iter_from(after):
            found.append(occurrence)
            if len(found) >= count:
                break
        return found

    def next_occurrence(self, after: dt.datetime) -> Occurrence | None:
        found = self.next_occurrences(after, 1)
        return found[0] if found else None

    def occurrence_at(
        self, moment: dt.datetime, *, before: dt.timedelta, after: dt.timedelta
    ) -> Occurrence | None:
        """The occurrence whose window [start - before, end + after] holds `moment`, if any."""
        for occurrence in self.occurrences_between(
            moment - dt.timedelta(days=2), moment + dt.timedelta(days=1)
        ):
            if occurrence.starts_at - before <= moment <= occurrence.ends_at + after:
                return occurrence
        return None

    # -- what search indexes -----------------------------------------------------------------

    def week_minutes(self) -> list[tuple[int, int, int]]:
        """(local weekday, UTC minute of the week in winter, in summer) for each day it meets.

        Search keeps these in indexed columns: a meeting that starts in a UTC window of the week
        has one of its two minutes in the window, whatever the date. Exact checks follow.
        """
        rows = []
        for day in self.days:
            minutes = []
            for sunday in REFERENCE_WEEKS:
                instant = local_instant(sunday + dt.timedelta(days=day), self.start, self.tz)
                minutes.append(utc_week_minute(instant))
            rows.append((day, minutes[0], minutes[1]))
        return rows

    # -- calendars ---------------------------------------------------------------------------

    def first_date(self, on_or_after: dt.date) -> dt.date | None:
        """The first local date the meeting meets on or after a date (a calendar's DTSTART)."""
        if self.recurrence == Recurrence.ONCE:
            return self.anchor
        day = max(on_or_after, self._earliest)
        for _ in range(800):
            if self.until and day > self.until:
                return None
            if self.meets_on(day):
                return day
            day += dt.timedelta(days=1)
        return None

    def rrule(self) -> dict[str, object] | None:
        """The RFC 5545 RRULE (as icalendar's vRecur parts), or None for a one-off meeting."""
        byday = [DAY_CODES[d] for d in self.days]
        rule: dict[str, object]
        if self.recurrence == Recurrence.ONCE:
            return None
        if self.recurrence == Recurrence.WEEKLY:
            rule = {"FREQ": "WEEKLY", "BYDAY": byday}
        elif self.recurrence == Recurrence.BIWEEKLY:
            rule = {"FREQ": "WEEKLY", "INTERVAL": 2, "BYDAY": byday, "WKST": "SU"}
        else:
            rule = {"FREQ": "MONTHLY", "BYDAY": [f"{self.week_of_month}{code}" for code in byday]}
        if self.until:
            # UNTIL is inclusive; with a zoned DTSTART it must be in UTC (RFC 5545 3.3.10).
            last = local_instant(self.until, dt.time(23, 59, 59), self.tz)
            rule["UNTIL"] = last
        return rule

    def rrule_text(self) -> str:
        rule = self.rrule()
        if rule is None:
            return ""
        parts = []
        for key, value in rule.items():
            if isinstance(value, list):
                value = ",".join(str(v) for v in value)
            elif isinstance(value, dt.datetime):
                value = value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
            parts.append(f"{key}={value}")
        return ";".join(parts)


def utc_week_minute(instant: dt.datetime) -> int:
    """Minutes since Sunday 00:00 UTC of the week holding an instant."""
    moment = instant.astimezone(UTC)
    return sunday_based(moment.date()) * 1440 + moment.hour * 60 + moment.minute


def week_windows(start: dt.datetime, hours: float) -> list[tuple[int, int]]:
    """The UTC week-minute ranges [lo, hi) covering `hours` from `start` (split at the week's end)."""
    lo = utc_week_minute(start)
    span = min(int(hours * 60) + 1, MINUTES_PER_WEEK)
    hi = lo + span
    if span >= MINUTES_PER_WEEK:
        return [(0, MINUTES_PER_WEEK)]
    if hi <= MINUTES_PER_WEEK:
        return [(lo, hi)]
    return [(lo, MINUTES_PER_WEEK), (0, hi - MINUTES_PER_WEEK)]


def parse_clock(value: str) -> dt.time:
    """ "HH:MM", "HH:MM:SS", "6:00 PM" or "noon" into a time; raises ValueError with a reason."""
    text = str(value).strip().lower().replace(".", "")
    if text in {"noon", "12 noon"}:
        return dt.time(12, 0)
    if text == "midnight":
        return dt.time(0, 0)
    meridiem = None
    for suffix in ("am", "pm"):
        if text.endswith(suffix):
            meridiem, text = suffix, text[: -len(suffix)].strip()
    parts = text.split(":")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"{value!r} is not a time like 19:30")
    hour, minute = int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
    second = int(parts[2]) if len(parts) > 2 else 0
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError(f"{value!r} is not a time: the hour must be 1–12 with AM/PM")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour == 24 and minute == 0 and second == 0:
        hour = 0  # "24:00" is the end of the day; as a start it is midnight
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        raise ValueError(f"{value!r} is not a time of day (hours 0–23, minutes 0–59)")
    return dt.time(hour, minute)


def minutes_between(start: dt.time, end: dt.time) -> int:
    """Length of a meeting from its start and end clock times (past midnight wraps)."""
    a = start.hour * 60 + start.minute
    b = end.hour * 60 + end.minute
    return (b - a) % 1440 or 1440

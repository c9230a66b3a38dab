"""Clean-time arithmetic: day counts and milestones on the NA keytag / AA chip convention.

The platform rule (shared reference "instruments", section 5), adopted as written:

- ``days = today - sobriety_date`` in calendar days: the sobriety date itself is day 0,
  whichever the member calls it (last day of use or first clean day).
- 30, 60 and 90 days fall on ``sobriety_date + N days``.
- 6 months, 9 months, 1 year, 18 months, then every year fall on ``sobriety_date + N months``:
  the same day of the month, or the month's last day when that day does not exist there
  (31 Aug + 6 months = 28 Feb; 29 Feb + 1 year = 28 Feb), as ``dateutil.relativedelta`` does.
  Each anniversary is counted from the sobriety date itself, never from the previous one.
- A milestone is reached *on* its date: ``latest`` is the last one dated on or before today,
  ``next`` the first one dated after today. 180 days is therefore not yet 6 months.
- A sobriety date in the future is refused. "Today" is the member's local date; callers pass it.

Django-free on purpose: this is pure date arithmetic with table-driven tests.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

DAY_MILESTONES = (30, 60, 90)
# Months after which a calendar milestone falls; from 24 on, every further 12 (every year).
MONTH_MILESTONES = (6, 9, 12, 18)


class FutureDateError(ValueError):
    """A sobriety date after today: clean time cannot start in the future."""


@dataclass(frozen=True)
class Milestone:
    """One milestone of one sobriety date: what it is (``key``) and when it falls (``on``)."""

    key: str  # "30d", "60d", "90d", "6m", "9m", "1y", "18m", "2y", "3y", …
    on: datetime.date
    unit: str  # "days", "months" or "years"
    count: int  # 30, 6, 1, 18, 2, …

    @property
    def label(self) -> str:
        """Plain English ("30 days", "6 months", "1 year"); interfaces translate from unit/count."""
        unit = self.unit[:-1] if self.count == 1 else self.unit
        return f"{self.count} {unit}"

    @property
    def months(self) -> int | None:
        if self.unit == "months":
            return self.count
        if self.unit == "years":
            return 12 * self.count
        return None


@dataclass(frozen=True)
class Progress:
    """Where a sobriety date stands today."""

    sobriety_date: datetime.date
    today: datetime.date
    days: int
    latest: Milestone | None
    next: Milestone

    @property
    def days_to_next(self) -> int:
        return (self.next.on - self.today).days


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, clamped to the last day of a shorter month."""
    return start + relativedelta(months=months)


def check_sobriety_date(sobriety_date: datetime.date, today: datetime.date) -> None:
    """Raise FutureDateError for a sobriety date after ``today``."""
    if sobriety_date > today:
        raise FutureDateError("A sobriety date cannot be in the future.")


def days_since(sobriety_date: datetime.date, today: datetime.date) -> int:
    """Calendar days of clean time: 0 on the sobriety date itself."""
    check_sobriety_date(sobriety_date, today)
    return (today - sobriety_date).days


def _month_counts() -> Iterator[int]:
    yield from MONTH_MILESTONES
    months = 24
    while True:
        yield months
        months += 12


def _month_milestone(sobriety_date: datetime.date, months: int) -> Milestone:
    if months % 12 == 0:
        unit, count, key = "years", months // 12, f"{months // 12}y"
    else:
        unit, count, key = "months", months, f"{months}m"
    return Milestone(key=key, on=add_months(sobriety_date, months), unit=unit, count=count)


def iter_milestones(sobriety_date: datetime.date) -> Iterator[Milestone]:
    """Every milestone of a sobriety date, in date order, without end."""
    for days in DAY_MILESTONES:
        yield Milestone(
            key=f"{days}d",
            on=sobriety_date + datetime.timedelta(days=days),
            unit="days",
            count=days,
        )
    # Day milestones all fall before the 6-month one (90 < 181, the shortest 6 months), and
    # month milestones are increasing, so chaining the two keeps date order.
    for months in _month_counts():
        yield _month_milestone(sobriety_date, months)


def milestones_until(sobriety_date: datetime.date, until: datetime.date) -> list[Milestone]:
    """The milestones dated on or before ``until`` (the ones reached by then), oldest first."""
    reached = []
    for milestone in iter_milestones(sobriety_date):
        if milestone.on > until:
            break
        reached.append(milestone)
    return reached


def milestone_on(sobriety_date: datetime.date, key: str) -> datetime.date:
    """The date of one milestone by key ("90d", "6m", "1y", "18m", "5y")."""
    number, unit = int(key[:-1]), key[-1]
    if unit == "d" and number in DAY_MILESTONES:
        return sobriety_date + datetime.timedelta(days=number)
    if unit == "m" and number in MONTH_MILESTONES and number % 12:
        return add_months(sobriety_date, number)
    if unit == "y" and number >= 1:
        return add_months(sobriety_date, 12 * number)
    raise ValueError(f"{key!r} is not a milestone")


def latest_milestone(sobriety_date: datetime.date, today: datetime.date) -> Milestone | None:
    """The last milestone dated on or before today, or None before 30 days."""
    check_sobriety_date(sobriety_date, today)
    reached = milestones_until(sobriety_date, today)
    return reached[-1] if reached else None


def next_milestone(sobriety_date: datetime.date, today: datetime.date) -> Milestone:
    """The first milestone dated after today."""
    check_sobriety_date(sobriety_date, today)
    for milestone in iter_milestones(sobriety_date):
        if milestone.on > today:
            return milestone
    raise AssertionError("milestones never run out")  # pragma: no cover


def progress(sobriety_date: datetime.date, today: datetime.date) -> Progress:
    """Days, latest and next milestone for a sobriety date as of ``today``."""
    check_sobriety_date(sobriety_date, today)
    latest = None
    for milestone in iter_milestones(sobriety_date):
        if milestone.on > today:
            return Progress(
                sobriety_date=sobriety_date,
                today=today,
                days=(today - sobriety_date).days,
                latest=latest,
                next=milestone,
            )
        latest = milestone
    raise AssertionError("milestones never run out")  # pragma: no cover

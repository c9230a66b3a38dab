"""When a scheduled assessment is due (Django-free date arithmetic).

A schedule starts on a date (intake, say) and repeats at a frequency. Its occurrences are
`start`, then every 7, 14 or 90 days, or on the same day of each later month (clamped to the
month's last day: 31 Jan → 28 Feb). An occurrence is done once the member completes the
instrument on or after its date; until then it is due, and stays due until done.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from alongside.lib.instruments.model import gettext_noop as _


class Frequency(StrEnum):
    ONCE = "once"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    EVERY_90_DAYS = "every_90_days"


FREQUENCY_LABELS = {
    Frequency.ONCE: _("Once"),
    Frequency.WEEKLY: _("Every week"),
    Frequency.FORTNIGHTLY: _("Every two weeks"),
    Frequency.MONTHLY: _("Every month"),
    Frequency.EVERY_90_DAYS: _("Every 90 days"),
}

INTERVAL_DAYS = {Frequency.WEEKLY: 7, Frequency.FORTNIGHTLY: 14, Frequency.EVERY_90_DAYS: 90}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or that month's last day when it has no such day."""
    return day + relativedelta(months=months)


def occurrence(start: datetime.date, frequency: Frequency, n: int) -> datetime.date:
    if frequency == Frequency.MONTHLY:
        return add_months(start, n)
    return start + datetime.timedelta(days=INTERVAL_DAYS.get(frequency, 0) * n)


def current_index(start: datetime.date, frequency: Frequency, today: datetime.date) -> int:
    """The index of the latest occurrence on or before today (today ≥ start)."""
    if frequency == Frequency.ONCE:
        return 0
    if frequency == Frequency.MONTHLY:
        n = (today.year - start.year) * 12 + today.month - start.month
        while n > 0 and add_months(start, n) > today:
            n -= 1
        return n
    return (today - start).days // INTERVAL_DAYS[frequency]


@dataclass(frozen=True)
class DueState:
    is_due: bool
    due_since: datetime.date | None  # the occurrence that is waiting, when due
    next_on: datetime.date | None  # the next date it will be (or is) due; None: never again

    def days_overdue(self, today: datetime.date) -> int:
        return (today - self.due_since).days if self.due_since else 0


def due_state(
    start: datetime.date,
    frequency: Frequency,
    today: datetime.date,
    last_done_on: datetime.date | None,
) -> DueState:
    """Whether an assessment on this schedule is due today, given the last day it was done."""
    if today < start:
        return DueState(False, None, start)
    n = current_index(start, frequency, today)
    opened = occurrence(start, frequency, n)
    if last_done_on is None or last_done_on < opened:
        return DueState(True, opened, opened)
    if frequency == Frequency.ONCE:
        return DueState(False, None, None)
    return DueState(False, None, occurrence(start, frequency, n + 1))

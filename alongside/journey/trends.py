"""Check-in trends over 7, 30 or 90 days: day rows, plain-words summary and charts."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.journey.models import HIGH_CRAVING, CheckIn
from alongside.lib import charts
from alongside.lib.charts import mean

PERIODS = (7, 30, 90)


@dataclass
class DayRow:
    on: datetime.date
    check_in: CheckIn | None


@dataclass
class Chart:
    key: str
    caption: str
    title: str
    desc: str  # what the chart shows, in words
    geometry: charts.Chart


@dataclass
class Trend:
    days: int
    start: datetime.date
    end: datetime.date
    rows: list[DayRow]
    checked_in: int = 0
    mood_average: float | None = None
    craving_average: float | None = None
    high_craving_days: int = 0
    sleep_average: float | None = None
    meetings: int = 0
    halt: dict[str, int] = field(default_factory=dict)
    top_triggers: list[tuple[str, int]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    @property
    def summary(self) -> list[str]:
        """The trend in sentences: the text alternative the charts summarise."""
        lines = [
            _("You checked in on %(n)d of the last %(d)d days.")
            % {"n": self.checked_in, "d": self.days}
        ]
        if self.checked_in:
            lines.append(
                _("Average mood %(m)s out of 5; average craving %(c)s out of 10.")
                % {"m": self.mood_average, "c": self.craving_average}
            )
            lines.append(
                _("Days with a strong craving (7 or more): %(n)d. Meetings: %(k)d.")
                % {"n": self.high_craving_days, "k": self.meetings}
            )
            if self.sleep_average is not None:
                lines.append(_("Average sleep: %(h)s hours.") % {"h": self.sleep_average})
        return lines


def _line(
    dates: list[datetime.date],
    values: list[float | None],
    *,
    low: float,
    high: float,
    ticks: list[float],
) -> charts.Chart:
    return charts.build_chart(
        list(zip(dates, values, strict=True)),
        low=low,
        high=high,
        ticks=ticks,
        x_labels=5,
        date_label=lambda day: day.strftime("%b %d").replace(" 0", " "),
    )


def check_in_trend(member: User, days: int, *, today: datetime.date | None = None) -> Trend:
    """The member's check-ins over the last `days` local days (today included): two queries."""
    today = today or member.local_today()
    days = days if days in PERIODS else 30
    start = today - datetime.timedelta(days=days - 1)
    found = {
        c.on: c
        for c in CheckIn.objects.for_member(member)
        .filter(on__gte=start, on__lte=today)
        .prefetch_related("triggers")
    }
    dates = [start + datetime.timedelta(days=i) for i in range(days)]
    trend = Trend(days=days, start=start, end=today, rows=[DayRow(d, found.get(d)) for d in dates])
    present = [c for c in found.values()]
    trend.checked_in = len(present)
    mood = [float(found[d].mood) if d in found else None for d in dates]
    craving = [float(found[d].craving) if d in found else None for d in dates]
    sleep = [
        float(found[d].sleep_hours) if d in found and found[d].sleep_hours is not None else None
        for d in dates
    ]
    trend.mood_average, trend.craving_average, trend.sleep_average = (
        mean(mood),
        mean(craving),
        mean(sleep),
    )
    trend.high_craving_days = sum(1 for c in present if c.craving >= HIGH_CRAVING)
    trend.meetings = sum(1 for c in present if c.attended_meeting)
    trend.halt = {
        str(_("Hungry")): sum(c.hungry for c in present),
        str(_("Angry")): sum(c.angry for c in present),
        str(_("Lonely")): sum(c.lonely for c in present),
        str(_("Tired")): sum(c.tired for c in present),
    }
    trend.top_triggers = Counter(t.name for c in present for t in c.triggers.all()).most_common(5)
    period = _("the last %(d)d days") % {"d": days}
    average = {
        "craving": trend.craving_average,
        "mood": trend.mood_average,
        "sleep": trend.sleep_average,
    }
    shown = {k: v if v is not None else "—" for k, v in average.items()}
    trend.charts = [
        Chart(
            f"craving-{days}",
            _("Craving"),
            _("Craving, %(p)s") % {"p": period},
            _(
                "Craving from 0 to 10 for each day you checked in; average %(a)s, %(n)d days at 7 or more."
            )
            % {"a": shown["craving"], "n": trend.high_craving_days},
            _line(dates, craving, low=0, high=10, ticks=[0, 5, 7, 10]),
        ),
        Chart(
            f"mood-{days}",
            _("Mood"),
            _("Mood, %(p)s") % {"p": period},
            _("Mood from 1 (very low) to 5 (great) for each day you checked in; average %(a)s.")
            % {"a": shown["mood"]},
            _line(dates, mood, low=1, high=5, ticks=[1, 2, 3, 4, 5]),
        ),
        Chart(
            f"sleep-{days}",
            _("Sleep"),
            _("Hours of sleep, %(p)s") % {"p": period},
            _("Hours of sleep on the days you recorded them; average %(a)s.")
            % {"a": shown["sleep"]},
            _line(dates, sleep, low=0, high=12, ticks=[0, 4, 8, 12]),
        ),
    ]
    return trend

"""Check-in trends over 7, 30 or 90 days: day rows, plain-words summary and charts; HALT signs,
medication taken (for members on medication), psychiatric medication taken (for dual recovery)
and use against the member's own limits (for moderation tracks)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy

from alongside.accounts.models import User
from alongside.journey.models import (
    HIGH_CRAVING,
    CheckIn,
    SymptomRating,
    Track,
    TrackedSymptom,
    TrackGoal,
    UseDay,
)
from alongside.journey.services import is_dual_recovery, member_takes_medication, week_start
from alongside.lib import charts
from alongside.lib.charts import mean

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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


@dataclass(frozen=True)
class DayMark:
    """One day of the medication strip: where it is drawn and what was answered."""

    x: int
    on: datetime.date
    status: str  # "taken", "missed" or "unknown"


@dataclass(frozen=True)
class MedicationQuestion:
    """A daily yes-or-no medication question of the check-in, and the words of its strip."""

    field: str  # the CheckIn field holding the answer
    key: str  # for the strip's element ids
    heading: StrOrPromise
    title: StrOrPromise  # with %(d)s, the days shown
    unanswered: StrOrPromise
    answered: StrOrPromise  # plural on %(a)d, the days answered


MEDICATION = MedicationQuestion(
    field="took_medication",
    key="med",
    heading=gettext_lazy("Medication"),
    title=gettext_lazy("Medication taken, the last %(d)s days"),
    unanswered=gettext_lazy("You have not answered the medication question in this period."),
    answered=ngettext_lazy(
        "You took your medication on %(t)d of the %(a)d day you answered; missed %(m)d; "
        "no answer on %(u)d.",
        "You took your medication on %(t)d of the %(a)d days you answered; missed %(m)d; "
        "no answer on %(u)d.",
        "a",
    ),
)
PSYCHIATRIC_MEDICATION = MedicationQuestion(
    field="took_psychiatric_medication",
    key="psych-med",
    heading=gettext_lazy("Psychiatric medication"),
    title=gettext_lazy("Psychiatric medication taken as prescribed, the last %(d)s days"),
    unanswered=gettext_lazy(
        "You have not answered the psychiatric medication question in this period."
    ),
    answered=ngettext_lazy(
        "You took your psychiatric medication as prescribed on %(t)d of the %(a)d day you "
        "answered; missed %(m)d; no answer on %(u)d.",
        "You took your psychiatric medication as prescribed on %(t)d of the %(a)d days you "
        "answered; missed %(m)d; no answer on %(u)d.",
        "a",
    ),
)


@dataclass
class Medication:
    taken: int
    missed: int
    unknown: int
    marks: list[DayMark]
    width: int  # of the strip's viewBox
    question: MedicationQuestion = MEDICATION

    @property
    def answered(self) -> int:
        return self.taken + self.missed

    @property
    def title(self) -> str:
        return str(self.question.title) % {"d": len(self.marks)}

    @property
    def sentence(self) -> str:
        if not self.answered:
            return str(self.question.unanswered)
        return self.question.answered % {
            "t": self.taken,
            "a": self.answered,
            "m": self.missed,
            "u": self.unknown,
        }


@dataclass
class WeekUse:
    start: datetime.date
    total: int
    limit: int | None

    @property
    def is_over(self) -> bool:
        return self.limit is not None and self.total > self.limit


@dataclass
class ModerationTrend:
    track: Track
    logged_days: int
    over_days: int
    weeks: list[WeekUse]
    chart: Chart

    @property
    def sentence(self) -> str:
        track = self.track
        if not self.logged_days:
            return _("You logged no use on %(t)s in this period.") % {"t": track.label}
        if track.daily_limit is None:
            return ngettext(
                "You logged use on %(t)s on %(n)d day.",
                "You logged use on %(t)s on %(n)d days.",
                self.logged_days,
            ) % {
                "t": track.label,
                "n": self.logged_days,
            }
        return ngettext(
            "%(t)s: within your daily limit of %(l)d on %(w)d of the %(n)d day you logged; "
            "over it on %(o)d.",
            "%(t)s: within your daily limit of %(l)d on %(w)d of the %(n)d days you logged; "
            "over it on %(o)d.",
            self.logged_days,
        ) % {
            "t": track.label,
            "l": track.daily_limit,
            "w": self.logged_days - self.over_days,
            "n": self.logged_days,
            "o": self.over_days,
        }


@dataclass
class SymptomTrend:
    """One tracked symptom's intensity (0–10) on the days the member logged it."""

    label: str
    logged_days: int
    average: float | None
    highest: int | None
    chart: Chart

    @property
    def sentence(self) -> str:
        if not self.logged_days:
            return _("%(s)s: not logged in this period.") % {"s": self.label}
        return ngettext(
            "%(s)s: logged on %(n)d day; average %(a)s out of 10, highest %(h)d.",
            "%(s)s: logged on %(n)d days; average %(a)s out of 10, highest %(h)d.",
            self.logged_days,
        ) % {"s": self.label, "n": self.logged_days, "a": self.average, "h": self.highest}


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
    halt_chart: Chart | None = None
    medication: Medication | None = None
    psychiatric_medication: Medication | None = None
    moderation: list[ModerationTrend] = field(default_factory=list)
    symptoms: list[SymptomTrend] = field(default_factory=list)

    @property
    def halt_sentence(self) -> str:
        days = sum(1 for r in self.rows if r.check_in and r.check_in.halt_count)
        return ngettext(
            "On %(n)d of the %(c)d day you checked in you noted at least one of hungry, angry, "
            "lonely or tired.",
            "On %(n)d of the %(c)d days you checked in you noted at least one of hungry, angry, "
            "lonely or tired.",
            self.checked_in,
        ) % {"n": days, "c": self.checked_in}

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
    halt = [float(found[d].halt_count) if d in found else None for d in dates]
    trend.halt_chart = Chart(
        f"halt-{days}",
        _("HALT signs each day"),
        _("HALT signs, %(p)s") % {"p": period},
        _("How many of hungry, angry, lonely and tired (0 to 4) you noted each day you checked in.")
        + " "
        + ", ".join(f"{name}: {count}" for name, count in trend.halt.items()),
        _line(dates, halt, low=0, high=4, ticks=[0, 1, 2, 3, 4]),
    )
    if member_takes_medication(member):
        trend.medication = medication_strip(dates, found)
    trend.moderation = moderation_trends(member, dates, period)
    if is_dual_recovery(member):
        trend.symptoms = symptom_trends(member, dates, period)
        if _has_answered(member, found, PSYCHIATRIC_MEDICATION):
            trend.psychiatric_medication = medication_strip(dates, found, PSYCHIATRIC_MEDICATION)
    return trend


def _has_answered(
    member: User, found: dict[datetime.date, CheckIn], question: MedicationQuestion
) -> bool:
    """Whether the member has ever answered the question: in this period (no query) or before."""
    if any(getattr(c, question.field) is not None for c in found.values()):
        return True
    answered = {f"{question.field}__isnull": False}
    return CheckIn.objects.for_member(member).filter(**answered).exists()


def medication_strip(
    dates: list[datetime.date],
    found: dict[datetime.date, CheckIn],
    question: MedicationQuestion = MEDICATION,
) -> Medication:
    """Each day's answer to a medication question of the check-in ("did you take your
    medication?" unless another is given), as a strip of marks."""
    step = 12
    marks = []
    for index, day in enumerate(dates):
        answer = getattr(found[day], question.field) if day in found else None
        status = "unknown" if answer is None else ("taken" if answer else "missed")
        marks.append(DayMark(index * step, day, status))
    counts = Counter(m.status for m in marks)
    return Medication(
        taken=counts["taken"],
        missed=counts["missed"],
        unknown=counts["unknown"],
        marks=marks,
        width=len(dates) * step,
        question=question,
    )


def moderation_trends(
    member: User, dates: list[datetime.date], period: str
) -> list[ModerationTrend]:
    """Each active moderation track's daily use against its limits (two queries)."""
    start, end = dates[0], dates[-1]
    tracks = list(Track.objects.for_member(member).active().filter(goal=TrackGoal.MODERATION))
    if not tracks:
        return []
    used: dict[int, dict[datetime.date, int]] = {t.pk: {} for t in tracks}
    for use in UseDay.objects.filter(track__in=tracks, on__gte=start, on__lte=end):
        used[use.track_id][use.on] = use.amount
    found = []
    for track in tracks:
        amounts = used[track.pk]
        limit = track.daily_limit
        values = [float(amounts[d]) if d in amounts else None for d in dates]
        high = max([4, *(a for a in amounts.values()), (limit or 0) + 2])
        weeks: dict[datetime.date, int] = {}
        for day, amount in amounts.items():
            weeks[week_start(day)] = weeks.get(week_start(day), 0) + amount
        found.append(
            ModerationTrend(
                track=track,
                logged_days=len(amounts),
                over_days=sum(1 for a in amounts.values() if limit is not None and a > limit),
                weeks=[WeekUse(w, total, track.weekly_limit) for w, total in sorted(weeks.items())],
                chart=Chart(
                    f"use-{track.pk}",
                    track.label,
                    _("%(t)s each day, %(p)s") % {"t": track.label, "p": period},
                    _(
                        "How much you logged each day, in %(u)s; the dashed line is your daily limit."
                    )
                    % {"u": track.unit},
                    charts.build_chart(
                        list(zip(dates, values, strict=True)),
                        low=0,
                        high=high,
                        cutoffs=[charts.CutSpec(limit, "", "limit")] if limit is not None else [],
                        x_labels=5,
                        date_label=lambda day: day.strftime("%b %d").replace(" 0", " "),
                    ),
                ),
            )
        )
    return found


def symptom_trends(member: User, dates: list[datetime.date], period: str) -> list[SymptomTrend]:
    """Dual recovery: each symptom the member tracks (or rated in the period), a chart of its
    intensity by day with the numbers in words (two queries)."""
    start, end = dates[0], dates[-1]
    by_symptom: dict[int, dict[datetime.date, int]] = {}
    for rating in SymptomRating.objects.filter(
        log__member=member, log__on__gte=start, log__on__lte=end
    ).values("symptom_id", "log__on", "intensity"):
        by_symptom.setdefault(rating["symptom_id"], {})[rating["log__on"]] = rating["intensity"]
    symptoms = TrackedSymptom.objects.for_member(member).filter(
        Q(archived_at__isnull=True) | Q(pk__in=list(by_symptom))
    )
    found = []
    for symptom in symptoms:
        days = by_symptom.get(symptom.pk, {})
        values = [float(days[d]) if d in days else None for d in dates]
        average = mean(values)
        trend = SymptomTrend(
            label=symptom.label,
            logged_days=len(days),
            average=average,
            highest=max(days.values()) if days else None,
            chart=Chart(
                f"symptom-{symptom.pk}",
                symptom.label,
                _("%(s)s, %(p)s") % {"s": symptom.label, "p": period},
                "",
                _line(dates, values, low=0, high=10, ticks=[0, 5, 10]),
            ),
        )
        trend.chart.desc = (
            _("Intensity from 0 to 10 on each day you logged it.") + " " + (trend.sentence)
        )
        found.append(trend)
    return found

"""What the member's home shows of their journey, in a fixed number of queries however long
their history grows (tracks, attempts, this week's use, the last two weeks' check-ins, recent
celebrations): day counts with the keytags or chips of the current stretch, a small mood chart,
and celebrations to open."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.journey import keytags
from alongside.journey.models import Celebration, CheckIn, Track, UseDay
from alongside.journey.services import (
    ModerationStatus,
    TrackStats,
    moderation_status,
    sync_celebrations,
    track_stats,
    week_start,
)
from alongside.lib import charts, milestones

TREND_DAYS = 14


@dataclass
class TrackCard:
    track: Track
    stats: TrackStats | None = None
    progress: milestones.Progress | None = None
    moderation: ModerationStatus | None = None
    abstinence_period: dict | None = None
    keyring: keytags.Keyring | None = None
    stretch: keytags.Stretch | None = None


@dataclass
class CelebrationCard:
    celebration: Celebration
    tag: keytags.Tag


@dataclass
class MoodTrend:
    """The last two weeks' mood, for the home page's small chart (the trends page has more)."""

    checked_in: int
    mood_average: float | None
    craving_average: float | None
    chart: charts.Chart
    title: str
    desc: str


@dataclass
class JourneySummary:
    today: datetime.date
    cards: list[TrackCard] = field(default_factory=list)
    checked_in_today: bool = False
    check_ins_this_week: int = 0
    celebrations: list[CelebrationCard] = field(default_factory=list)
    trend: MoodTrend | None = None


def week_use_prefetch(today: datetime.date) -> Prefetch:
    """This week's use of each track, as `track.week_use`."""
    return Prefetch(
        "use_days",
        queryset=UseDay.objects.filter(on__gte=week_start(today), on__lte=today),
        to_attr="week_use",
    )


def tracks_with_history(member: User, today: datetime.date) -> list[Track]:
    """The member's active tracks with their attempts and this week's use (three queries)."""
    return list(
        Track.objects.for_member(member)
        .active()
        .prefetch_related("attempts", week_use_prefetch(today))
    )


def track_card(track: Track, today: datetime.date, style: str = keytags.KEYTAG) -> TrackCard:
    progress = track.progress(today)
    return TrackCard(
        track=track,
        stats=track_stats(track, today),
        progress=progress,
        moderation=moderation_status(track, today, getattr(track, "week_use", None)),
        abstinence_period=track.abstinence_period(today) if track.is_moderation else None,
        keyring=keytags.keyring(progress, style) if progress else None,
        stretch=keytags.stretch(progress) if progress else None,
    )


def mood_trend(check_ins: list[tuple[datetime.date, int, int]], today: datetime.date) -> MoodTrend:
    """A chart of mood over the last TREND_DAYS days (a gap where there was no check-in)."""
    start = today - datetime.timedelta(days=TREND_DAYS - 1)
    mood = {on: float(m) for on, m, _c in check_ins}
    dates = [start + datetime.timedelta(days=i) for i in range(TREND_DAYS)]
    mood_average = charts.mean(list(mood.values()))
    craving_average = charts.mean([float(c) for _on, _m, c in check_ins])
    chart = charts.build_chart(
        [(d, mood.get(d)) for d in dates],
        low=1,
        high=5,
        ticks=[1, 3, 5],
        x_labels=3,
        date_label=lambda day: day.strftime("%b %d").replace(" 0", " "),
        # Narrower than the trends page's charts, so its words stay readable on a phone.
        width=400,
        height=180,
    )
    desc = _("You checked in on %(n)d of the last %(d)d days.") % {
        "n": len(check_ins),
        "d": TREND_DAYS,
    }
    if check_ins:
        desc += " " + _(
            "Mood from 1 (very low) to 5 (great); average %(m)s. Average craving %(c)s out of 10."
        ) % {"m": mood_average, "c": craving_average}
    return MoodTrend(
        checked_in=len(check_ins),
        mood_average=mood_average,
        craving_average=craving_average,
        chart=chart,
        title=_("Your mood, the last %(d)d days") % {"d": TREND_DAYS},
        desc=desc,
    )


def journey_summary(member: User, today: datetime.date | None = None) -> JourneySummary:
    today = today or member.local_today()
    style = keytags.style_for(member.pathways or [])
    tracks = tracks_with_history(member, today)
    sync_celebrations(member=member, tracks=tracks)
    summary = JourneySummary(today=today, cards=[track_card(t, today, style) for t in tracks])
    recent = list(
        CheckIn.objects.for_member(member)
        .filter(on__gt=today - datetime.timedelta(days=TREND_DAYS), on__lte=today)
        .values_list("on", "mood", "craving")
    )
    week = [on for on, _m, _c in recent if on > today - datetime.timedelta(days=7)]
    summary.checked_in_today = today in week
    summary.check_ins_this_week = len(week)
    summary.trend = mood_trend(recent, today)
    summary.celebrations = [
        CelebrationCard(c, keytags.tag_for(c.milestone_key, style, reached_on=c.reached_on))
        for c in Celebration.objects.standing()
        .filter(member=member)
        .select_related("track")
        .annotate(congratulation_count=Count("congratulations"))[:3]
    ]
    return summary

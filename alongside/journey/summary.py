"""What the member's home shows of their journey, in a fixed number of queries however long
their history grows (tracks, attempts, this week's use, today's check-in, recent celebrations)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from alongside.accounts.models import User
from alongside.journey.models import Celebration, CheckIn, Track, UseDay
from alongside.journey.services import (
    ModerationStatus,
    TrackStats,
    moderation_status,
    sync_celebrations,
    track_stats,
    week_start,
)
from alongside.lib import milestones


@dataclass
class TrackCard:
    track: Track
    stats: TrackStats | None = None
    progress: milestones.Progress | None = None
    moderation: ModerationStatus | None = None
    abstinence_period: dict | None = None


@dataclass
class JourneySummary:
    today: datetime.date
    cards: list[TrackCard] = field(default_factory=list)
    checked_in_today: bool = False
    check_ins_this_week: int = 0
    celebrations: list[Celebration] = field(default_factory=list)


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


def track_card(track: Track, today: datetime.date) -> TrackCard:
    return TrackCard(
        track=track,
        stats=track_stats(track, today),
        progress=track.progress(today),
        moderation=moderation_status(track, today, getattr(track, "week_use", None)),
        abstinence_period=track.abstinence_period(today) if track.is_moderation else None,
    )


def journey_summary(member: User, today: datetime.date | None = None) -> JourneySummary:
    today = today or member.local_today()
    tracks = tracks_with_history(member, today)
    sync_celebrations(member=member, tracks=tracks)
    summary = JourneySummary(today=today, cards=[track_card(t, today) for t in tracks])
    week = list(
        CheckIn.objects.for_member(member)
        .filter(on__gt=today - datetime.timedelta(days=7), on__lte=today)
        .values_list("on", flat=True)
    )
    summary.checked_in_today = today in week
    summary.check_ins_this_week = len(week)
    summary.celebrations = list(
        Celebration.objects.standing()
        .filter(member=member)
        .select_related("track")
        .annotate(congratulation_count=Count("congratulations"))[:3]
    )
    return summary

"""Tracks, their attempts, milestones and a moderation track's use per day."""

from __future__ import annotations

import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field

from alongside.journey.models import DateMeaning, EndKind, TrackGoal, TrackKind
from alongside.privacy.models import Scope
from alongside.privacy.schemas import shared_schema
from alongside.schemas import Omittable, RequestSchema, SmallCount

# The model's own limits: a day's use is at most 100; an abstinence period 1–365 days.
UseAmount = Annotated[int, Field(ge=0, le=100)]
AbstinenceDays = Annotated[int, Field(ge=1, le=365)]


class MilestoneOut(Schema):
    key: str
    label: str
    on: datetime.date


class StatsOut(Schema):
    current_days: int
    longest_days: int
    total_days: int
    attempts: int
    lapses: int


class ModerationOut(Schema):
    today: int
    week: int
    daily_limit: int | None
    weekly_limit: int | None
    unit: str
    within_limits: bool


class TrackIn(RequestSchema):
    kind: TrackKind
    goal: TrackGoal
    name: str = Field("", max_length=60)
    sobriety_on: datetime.date | None = None
    date_meaning: DateMeaning = DateMeaning.LAST_USE
    daily_limit: SmallCount | None = None
    weekly_limit: SmallCount | None = None
    unit: str = Field("drinks", max_length=30)
    abstinence_days: AbstinenceDays | None = None
    abstinence_starts_on: datetime.date | None = None
    on_medication: bool = False


class TrackPatch(RequestSchema):
    """Only the fields sent change. Limits and the abstinence period may be null (none)."""

    name: str = Omittable(max_length=60)
    sobriety_on: datetime.date = Omittable(
        description="Abstinence tracks: corrects the current attempt's start"
    )
    date_meaning: DateMeaning = Omittable()
    daily_limit: SmallCount | None = None
    weekly_limit: SmallCount | None = None
    unit: str = Omittable(max_length=30)
    abstinence_days: AbstinenceDays | None = None
    abstinence_starts_on: datetime.date | None = None
    on_medication: bool = Omittable()


class TrackOut(Schema):
    id: int
    kind: TrackKind
    name: str
    label: str
    goal: TrackGoal
    sobriety_on: datetime.date | None
    date_meaning: DateMeaning
    daily_limit: int | None
    weekly_limit: int | None
    unit: str
    abstinence_days: int | None
    abstinence_starts_on: datetime.date | None
    on_medication: bool
    archived: bool
    days: int | None = None
    latest_milestone: MilestoneOut | None = None
    next_milestone: MilestoneOut | None = None
    stats: StatsOut | None = None
    moderation: ModerationOut | None = None


class AttemptOut(Schema):
    id: int
    started_on: datetime.date
    ended_on: datetime.date | None
    end_kind: str
    note: str
    days: int


class LapseIn(RequestSchema):
    used_on: datetime.date
    restart_on: datetime.date | None = None
    kind: EndKind = EndKind.LAPSE
    note: str = Field("", max_length=2000)


class UseIn(RequestSchema):
    amount: UseAmount


class UseOut(Schema):
    track_id: int
    on: datetime.date
    amount: int
    moderation: ModerationOut


# ----------------------------------------------------------------------------------------------
# What a grantee reads: each schema has exactly the fields privacy.scopes lists for its record
# (shared_schema refuses any other), described in the words the member agreed to.


SharedTrackOut = shared_schema(
    "SharedTrackOut",
    Scope.MILESTONES,
    "tracks",
    {
        "track": str,
        "sobriety_on": datetime.date | None,
        "days": int | None,
        "latest_milestone": MilestoneOut | None,
        "next_milestone": MilestoneOut | None,
    },
)

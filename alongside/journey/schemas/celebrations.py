"""Milestone celebrations and supporters' congratulations."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from alongside.journey.schemas.tracks import SharedTrackOut
from alongside.privacy.models import Scope
from alongside.privacy.schemas import shared_schema
from alongside.schemas import RequestSchema


class CongratulationOut(Schema):
    author: str
    message: str
    created_at: datetime.datetime


class CelebrationOut(Schema):
    id: int
    member: str
    track: str
    milestone_key: str
    label: str
    reached_on: datetime.date
    congratulations: list[CongratulationOut]


class CongratulationIn(RequestSchema):
    message: str = Field("", max_length=280)


# ----------------------------------------------------------------------------------------------
# What a grantee reads: each schema has exactly the fields privacy.scopes lists for its record
# (shared_schema refuses any other), described in the words the member agreed to.


class SharedCongratulationOut(Schema):
    author: str
    message: str


SharedCelebrationOut = shared_schema(
    "SharedCelebrationOut",
    Scope.MILESTONES,
    "celebrations",
    {
        "id": int,
        "track": str,
        "milestone": str,
        "reached_on": datetime.date,
        "congratulations": list[SharedCongratulationOut],
    },
)


class MemberMilestonesOut(Schema):
    member: str
    tracks: list[SharedTrackOut]  # type: ignore[valid-type]
    celebrations: list[SharedCelebrationOut]  # type: ignore[valid-type]

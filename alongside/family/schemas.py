"""JSON shapes of the family API."""

from __future__ import annotations

import datetime
import decimal
from enum import StrEnum
from typing import Any

from ninja import Schema
from pydantic import Field

from alongside.family.models import Relationship
from alongside.privacy.models import Scope
from alongside.privacy.schemas import shared_schema
from alongside.schemas import RequestSchema, Text


class AllyScope(StrEnum):
    """The consent scopes an ally may be given (the other two choices are signals)."""

    MILESTONES = Scope.MILESTONES.value
    CHECK_IN_SUMMARY = Scope.CHECK_IN_SUMMARY.value


class AllyPersonOut(Schema):
    id: int
    display_name: str


class AllyChoiceOut(Schema):
    key: str = Field(description="milestones, check_in_summary, hard_days or sos")
    label: str
    words: str = Field(description="What it shows, in the words the consent screens use")


class AllySharingIn(RequestSchema):
    scopes: list[AllyScope] = Field(default_factory=list, max_length=len(AllyScope))
    gets_hard_days: bool = False
    gets_sos: bool = False


class AllyInviteIn(AllySharingIn):
    email: Text = Field(max_length=254, description="Where the invitation is sent")
    relationship: Relationship


class AllyInvitationOut(Schema):
    id: int
    email: str
    relationship: Relationship
    status: str = Field(description="pending, accepted, declined, withdrawn or expired")
    shares: list[AllyChoiceOut] = Field(description="What they will see if they accept")
    sent_at: datetime.datetime
    expires_at: datetime.datetime
    answered_at: datetime.datetime | None


class ReceivedAllyInvitationOut(Schema):
    id: int
    member: AllyPersonOut
    relationship: Relationship
    shares: list[AllyChoiceOut] = Field(description="What you will see if you accept")
    expires_at: datetime.datetime


class AllyOut(Schema):
    id: int
    person: AllyPersonOut
    relationship: Relationship
    started_at: datetime.datetime
    ended_at: datetime.datetime | None
    sees: list[AllyChoiceOut] = Field(description="What they see now (nothing once ended)")
    declined_signals: bool = Field(description="They said no to SOS and hard-day alerts")


class AllyAcceptedOut(Schema):
    ally_id: int
    member: AllyPersonOut
    sees: list[AllyChoiceOut]


class AllySharedPageOut(Schema):
    scope: str
    label: str
    url: str = Field(description="The page where you read it (the API has a route for each)")


class AllySignalOut(Schema):
    id: int
    kind: str = Field(description="hard_day or sos")
    at: datetime.datetime


class AllySupportedOut(Schema):
    member: AllyPersonOut
    relationship: Relationship
    shares: list[AllySharedPageOut]
    signals: list[AllySignalOut]


class CraftGoalOut(Schema):
    key: str
    title: str
    text: str


class CraftStepOut(Schema):
    key: str
    number: int
    title: str
    description: str
    why: str
    goals: list[str]
    worksheets: int
    last_on: datetime.date | None
    is_done: bool


class CraftProgrammeOut(Schema):
    goals: list[CraftGoalOut]
    steps: list[CraftStepOut]
    done: int
    total: int


class CraftWorksheetIn(RequestSchema):
    tool: Text = Field(max_length=40, description="A step's key, as GET /family/craft lists")
    on: datetime.date | None = None
    answers: dict[str, Any]


class CraftWorksheetUpdate(RequestSchema):
    on: datetime.date | None = None
    answers: dict[str, Any]


class CraftWorksheetOut(Schema):
    id: int
    tool: str
    on: datetime.date
    answers: dict[str, Any]
    updated_at: datetime.datetime

    @staticmethod
    def resolve_answers(obj: Any) -> dict[str, Any]:
        return obj.values


class WellbeingIn(RequestSchema):
    on: datetime.date | None = None
    stress: int = Field(ge=0, le=10)
    sleep_hours: decimal.Decimal | None = Field(None, ge=0, le=24, decimal_places=1)
    took_time_for_self: bool = False
    note: Text = Field("", max_length=2000)


class WellbeingOut(Schema):
    id: int
    on: datetime.date
    stress: int
    sleep_hours: decimal.Decimal | None
    took_time_for_self: bool
    note: str


# What a "check-in summary" grantee reads: the day and the mood, nothing else.
SharedCheckInSummaryOut = shared_schema(
    "SharedCheckInSummaryOut",
    Scope.CHECK_IN_SUMMARY,
    "check_in_summary",
    {"on": datetime.date, "mood": int},
)

"""Skills for hard moments, coping cards and tool suggestions."""

from __future__ import annotations

import datetime
import uuid

from ninja import Schema
from pydantic import Field

from alongside.schemas import RequestSchema


class SkillUseIn(RequestSchema):
    """One use of a skill to keep. `client_id` is made by the client when the skill is
    finished; sending the same id again records nothing new."""

    client_id: uuid.UUID
    skill: str = Field(
        max_length=20, description="breathing, grounding, halt, tape_forward or coping_cards"
    )
    helped: int | None = Field(None, description="How much it helped, 1–5 (optional)")
    used_at: datetime.datetime | None = Field(
        None,
        description="When it was used (default: now); up to 30 days ago, for uses queued offline",
    )


class SkillUseOut(Schema):
    id: int
    client_id: uuid.UUID
    skill: str
    helped: int | None
    used_at: datetime.datetime


class CopingCardIn(RequestSchema):
    front: str = Field(max_length=300)
    back: str = Field(max_length=1000)


class CopingCardOut(Schema):
    id: int
    front: str
    back: str
    created_at: datetime.datetime


class ToolSuggestionIn(RequestSchema):
    tool: str = Field(max_length=30, description="A skill key or a pathway tool key (GET /tools)")
    note: str = Field("", max_length=500)


class ToolSuggestionOut(Schema):
    id: int
    tool: str
    label: str
    url: str
    note: str
    suggested_by: str
    created_at: datetime.datetime


class ToolSuggestionMadeOut(Schema):
    id: int
    member_id: int
    tool: str
    note: str
    created_at: datetime.datetime

"""Pathway tools and the worksheets filled in with them."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from alongside.privacy.models import Scope
from alongside.privacy.schemas import shared_schema
from alongside.schemas import RequestSchema


class ToolFieldOut(Schema):
    name: str
    label: str
    kind: str
    required: bool
    choices: list[list[str]] = []
    min_value: int | None = None
    max_value: int | None = None


class ToolOut(Schema):
    key: str
    label: str
    description: str
    offered: bool
    has_timer: bool
    fields: list[ToolFieldOut]


class WorksheetIn(RequestSchema):
    tool: str
    on: datetime.date | None = None
    answers: dict[str, Any]


class WorksheetUpdate(RequestSchema):
    on: datetime.date | None = None
    answers: dict[str, Any]


class WorksheetOut(Schema):
    id: int
    tool: str
    on: datetime.date
    answers: dict[str, Any]
    updated_at: datetime.datetime

    @staticmethod
    def resolve_answers(obj: Any) -> dict[str, Any]:
        return obj.values


# What a "worksheets" grantee reads: only the worksheets the member picked. `tool` is the key
# GET /api/v1/tools describes (with each field's label); `answers` holds the tool's fields by
# name, except who it was filled in with, which is `filled_in_with` (a display name).
SharedWorksheetOut = shared_schema(
    "SharedWorksheetOut",
    Scope.WORKSHEETS,
    "worksheets",
    {
        "id": int,
        "tool": str,
        "on": datetime.date,
        "filled_in_with": str | None,
        "answers": dict[str, Any],
    },
)


class WorksheetCommentIn(RequestSchema):
    body: str = Field(min_length=1, max_length=2000)


class WorksheetCommentOut(Schema):
    id: int
    author: str
    is_yours: bool
    body: str
    created_at: datetime.datetime

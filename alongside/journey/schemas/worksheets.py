"""Pathway tools and the worksheets filled in with them."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Schema

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

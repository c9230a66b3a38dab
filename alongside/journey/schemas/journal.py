"""The private journal."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from alongside.schemas import RequestSchema


class JournalIn(RequestSchema):
    body: str = Field(max_length=20000)
    title: str = Field("", max_length=200)
    written_on: datetime.date | None = None


class JournalOut(Schema):
    id: int
    written_on: datetime.date
    title: str
    body: str
    updated_at: datetime.datetime

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from alongside.journey.models import Mood


class CheckInIn(Schema):
    mood: Mood
    craving: int = Field(ge=0, le=10)
    hungry: bool = False
    angry: bool = False
    lonely: bool = False
    tired: bool = False
    sleep_hours: Decimal | None = Field(None, ge=0, le=24)
    attended_meeting: bool = False
    gratitude: str = Field("", max_length=500)
    note: str = Field("", max_length=5000)
    on: datetime.date | None = None


class CheckInOut(Schema):
    id: int
    on: datetime.date
    mood: Mood
    craving: int
    hungry: bool
    angry: bool
    lonely: bool
    tired: bool
    sleep_hours: Decimal | None
    attended_meeting: bool
    gratitude: str
    note: str
    is_late: bool

"""The daily check-in reminder."""

from __future__ import annotations

from ninja import Schema

from alongside.schemas import LocalTime, RequestSchema


class ReminderIn(RequestSchema):
    """Times are wall-clock times in your own time zone (`time_zone` on your profile)."""

    is_enabled: bool
    at: LocalTime | None = None
    by_email: bool = False
    quiet_from: LocalTime | None = None
    quiet_until: LocalTime | None = None


class ReminderOut(Schema):
    is_enabled: bool
    at: LocalTime
    by_email: bool
    quiet_from: LocalTime | None
    quiet_until: LocalTime | None
    time_zone: str

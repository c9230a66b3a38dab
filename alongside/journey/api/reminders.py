"""The daily check-in reminder and quiet hours."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import ValidationError

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.journey import services
from alongside.journey.api.common import invalid
from alongside.journey.schemas import ReminderIn, ReminderOut
from alongside.notifications import services as notifications

router = Router()


def reminder_out(member) -> dict[str, Any]:
    reminder = services.reminder_for(member)
    preference = notifications.preference_for(member)
    return {
        "is_enabled": reminder.is_enabled,
        "at": reminder.at,
        "by_email": reminder.by_email,
        "quiet_from": preference.quiet_from,
        "quiet_until": preference.quiet_until,
        "time_zone": member.time_zone,
    }


@router.get(
    "/reminders/check-in",
    response=ReminderOut,
    summary="Your daily check-in reminder and quiet hours",
)
def get_reminder(request: HttpRequest) -> dict[str, Any]:
    return reminder_out(request.user)


@router.put(
    "/reminders/check-in",
    response=ReminderOut,
    summary="Set your daily check-in reminder and quiet hours",
)
def put_reminder(request: AuthenticatedHttpRequest, payload: ReminderIn) -> dict[str, Any]:
    if (payload.quiet_from is None) != (payload.quiet_until is None):
        raise ValidationError(
            [
                {
                    "loc": ("body", "payload", "quiet_until"),
                    "msg": "Quiet hours need both a start and an end.",
                }
            ]
        )
    try:
        services.set_check_in_reminder(
            member=request.user,
            is_enabled=payload.is_enabled,
            at=payload.at,
            by_email=payload.by_email,
        )
    except services.JourneyError as error:
        raise invalid(error) from error
    notifications.set_quiet_hours(
        user=request.user, quiet_from=payload.quiet_from, quiet_until=payload.quiet_until
    )
    return reminder_out(request.user)

"""Journey state changes."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.journey.models import CheckIn
from alongside.lib.errors import FieldError

CHECK_IN_FIELDS = (
    "mood", "craving", "hungry", "angry", "lonely", "tired", "sleep_hours", "attended_meeting",
    "gratitude", "note",
)


class CheckInError(FieldError):
    """A check-in that cannot be recorded (a future day, a second one for a past day)."""


@transaction.atomic
def record_check_in(*, member: User, on: datetime.date | None = None, **values: object) -> tuple[CheckIn, bool]:
    """Create or update the member's check-in for a local day (today by default).

    Today's check-in may be edited all day; a past day's may be added once, marked late.
    Raises CheckInError for a future day or a second check-in for a past day.
    """
    today = member.local_today()
    on = on or today
    if on > today:
        raise CheckInError("on", "A check-in cannot be for a day that has not come yet.")
    existing = CheckIn.objects.select_for_update().filter(member=member, on=on).first()
    if existing is not None and on != today:
        raise CheckInError("on", "That day already has a check-in; only today's can be changed.")
    data = {k: v for k, v in values.items() if k in CHECK_IN_FIELDS}
    if existing is not None:
        for name, value in data.items():
            setattr(existing, name, value)
        existing.updated_at = timezone.now()
        existing.full_clean(exclude=["member"])
        existing.save(update_fields=[*data, "updated_at"])
        return existing, False
    check_in = CheckIn(member=member, on=on, is_late=on < today, **data)
    check_in.full_clean(exclude=["member"])
    check_in.save()
    return check_in, True

"""House meetings: when, the minutes (encrypted), and each resident's mark — present, excused
or absent. Marks are kept only for people living in the house who share "housing" with the
manager recording them (a mark is a record about the person)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.housing.access import require_runs, residents_named
from alongside.housing.models import (
    AttendanceMark,
    House,
    HouseMeeting,
    HouseMeetingAttendance,
)
from alongside.housing.services.curfew import CLOCK_SLACK
from alongside.housing.services.stays import resident_of

MAX_MINUTES = 20_000


@transaction.atomic
def record_house_meeting(
    *,
    house: House,
    by: User,
    held_at: datetime.datetime,
    minutes: str = "",
    marks: Mapping[int, str],
) -> HouseMeeting:
    """A house meeting with a mark for each resident in `marks` ({stay id: present, excused
    or absent}). Raises ValidationError ("held_at") for a time still to come, ("minutes") past
    20,000 characters, ("attendance") for a mark not in the list or a stay of someone who does
    not live there now or does not share "housing" with the manager."""
    require_runs(by, house.organization_id)
    errors = {}
    if held_at > timezone.now() + CLOCK_SLACK:
        errors["held_at"] = _("Record a meeting once it has been held.")
    if len(minutes) > MAX_MINUTES:
        errors["minutes"] = _("Up to %(n)s characters.") % {"n": f"{MAX_MINUTES:,}"}
    if any(mark not in AttendanceMark.values for mark in marks.values()):
        errors["attendance"] = _("Mark each resident present, excused or absent.")
    if errors:
        raise ValidationError(errors)
    stays = [resident_of(house, by, stay_id, field="attendance") for stay_id in marks]
    meeting = HouseMeeting.objects.create(
        house=house, held_at=held_at, minutes=minutes.strip(), recorded_by=by
    )
    HouseMeetingAttendance.objects.bulk_create(
        HouseMeetingAttendance(
            meeting=meeting,
            stay=stay,
            present=marks[stay.pk] == AttendanceMark.PRESENT,
            excused=marks[stay.pk] == AttendanceMark.EXCUSED,
        )
        for stay in stays
    )
    return meeting


def meeting_marks(
    *, viewer: User, meeting: HouseMeeting, interface: str = "page"
) -> tuple[list[HouseMeetingAttendance], int]:
    """The marks the viewer may read (residents sharing "housing" with them, each logged), and
    how many others there are."""
    marks = list(meeting.attendance.select_related("stay__resident", "stay__bed"))
    named = residents_named(viewer, [m.stay for m in marks], interface=interface)
    shown = [m for m in marks if m.stay.resident_id in named]
    return shown, len(marks) - len(shown)


def house_meetings(house: House) -> list[HouseMeeting]:
    return list(house.meetings.all()[:100])

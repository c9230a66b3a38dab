"""Programs, groups, meetings and their schedules, attendance, service positions.

By resource: programs (programs.py), groups and their facilitators (groups.py), import sources
and runs (imports.py), meetings and their search slots (meetings.py), a member's saved meetings,
calendar feed and preferences (members.py), attendance and proof sheets (attendance.py), and a
group's service positions and business meetings (service.py). Every name is imported here, so
`from alongside.meetings.models import Meeting` works as it always has."""

# Django registers models in the order they are imported (and creates their content types and
# permissions in it): the order they had when this package was one module.
# isort: off
from alongside.meetings.models.programs import Approach, Goal, Program
from alongside.meetings.models.groups import Facilitator, Group, Size
from alongside.meetings.models.imports import ImportRun, ImportSource, ImportStatus, SourceKind
from alongside.meetings.models.meetings import (
    COVER,
    Attendance,
    Meeting,
    MeetingQuerySet,
    Openness,
    Recurrence,
    WeeklySlot,
    validate_http_url,
)
from alongside.meetings.models.members import (
    CalendarFeed,
    MeetingPreference,
    SavedMeeting,
    _calendar_key,
)
from alongside.meetings.models.attendance import (
    AttendanceMethod,
    AttendanceRecord,
    AttendanceRecordQuerySet,
    ProofSheet,
    Verification,
    _proof_code,
)
from alongside.meetings.models.service import BusinessMeeting, PositionRole, ServiceTerm

# isort: on

__all__ = [
    "COVER",
    "Approach",
    "Attendance",
    "AttendanceMethod",
    "AttendanceRecord",
    "AttendanceRecordQuerySet",
    "BusinessMeeting",
    "CalendarFeed",
    "Facilitator",
    "Goal",
    "Group",
    "ImportRun",
    "ImportSource",
    "ImportStatus",
    "Meeting",
    "MeetingPreference",
    "MeetingQuerySet",
    "Openness",
    "PositionRole",
    "Program",
    "ProofSheet",
    "Recurrence",  # Meeting.recurrence's choices, from alongside.lib.schedule
    "SavedMeeting",
    "ServiceTerm",
    "Size",
    "SourceKind",
    "Verification",
    "WeeklySlot",
    # Migrations name these defaults by their old address, alongside.meetings.models.
    "_calendar_key",
    "_proof_code",
    "validate_http_url",
]

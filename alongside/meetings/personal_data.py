"""How meetings rows that point at a person are exported and erased."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.meetings.models import (
    AttendanceRecord,
    BusinessMeeting,
    CalendarFeed,
    Facilitator,
    ImportRun,
    Meeting,
    MeetingPreference,
    ProofSheet,
    SavedMeeting,
    ServiceTerm,
)
from alongside.privacy.registry import Erase, register


def _attendance_row(record: AttendanceRecord) -> dict:
    return {
        "meeting": record.meeting_name,
        "occurred_at": record.occurred_at.isoformat(),
        "method": record.method,
        "time_zone": record.time_zone,
        "verification": record.verification.value,
        "confirmed_by": record.confirmed_by.display_name
        if record.confirmed_by is not None
        else None,
        "confirmed_at": record.confirmed_at.isoformat() if record.confirmed_at else None,
    }


register(
    AttendanceRecord,
    "member",
    section="meeting_attendance",
    label=_("meeting attendance"),
    erase=Erase.DELETE,
    explain=_("Every attendance record is deleted."),
    serialize=_attendance_row,
)
register(
    AttendanceRecord,
    "confirmed_by",
    section="",
    label=_("attendance you confirmed as a facilitator"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("Members keep their confirmed attendance; your name is removed from it."),
    anonymize=lambda rows: rows.update(confirmed_by=None),
)
register(
    ProofSheet,
    "member",
    section="proof_sheets",
    label=_("proof-of-attendance sheets"),
    erase=Erase.DELETE,
    explain=_(
        "Every sheet you made stops checking out: its check address answers that it is unknown."
    ),
    serialize=lambda p: {
        "name_on_sheet": p.name_on_sheet,
        "purpose": p.purpose,
        "starts_on": p.starts_on.isoformat(),
        "ends_on": p.ends_on.isoformat(),
        "issued_at": p.issued_at.isoformat(),
        "meetings": p.records.count(),
    },
)
register(
    SavedMeeting,
    "member",
    section="saved_meetings",
    label=_("saved meetings"),
    erase=Erase.DELETE,
    explain=_("Your list of meetings is deleted."),
    serialize=lambda s: {
        "meeting": s.meeting.name if s.meeting_id else s.meeting_name,
        "saved_at": s.saved_at.isoformat(),
    },
)
register(
    CalendarFeed,
    "member",
    section="",
    label=_("your meetings calendar address"),
    export=False,
    erase=Erase.DELETE,
    explain=_("The calendar address stops working."),
)
register(
    MeetingPreference,
    "member",
    section="meeting_preferences",
    label=_("meeting preferences"),
    erase=Erase.DELETE,
    explain=_("Your preferences are deleted."),
    exclude=("member", "latitude", "longitude"),
)
register(
    Facilitator,
    "user",
    section="groups_facilitated",
    label=_("groups you facilitate"),
    erase=Erase.DELETE,
    explain=_("You are removed as a facilitator, with the experience you wrote."),
    serialize=lambda f: {
        "group": f.group.name,
        "experience": f.experience,
        "training": f.trained_as,
        "since": f.since.isoformat() if f.since else None,
    },
)
register(
    ServiceTerm,
    "holder",
    section="service_positions",
    label=_("service positions"),
    erase=Erase.ANONYMIZE,
    explain=_("The group keeps its record of terms; your name is removed."),
    serialize=lambda t: {
        "group": t.group.name,
        "position": t.role,
        "starts_on": t.starts_on.isoformat(),
        "ends_on": t.ends_on.isoformat() if t.ends_on else None,
    },
    anonymize=lambda rows: rows.update(holder=None),
)
register(
    BusinessMeeting,
    "recorded_by",
    section="business_meeting_notes",
    label=_("business meeting notes you recorded"),
    erase=Erase.ANONYMIZE,
    explain=_("The group keeps its notes; your name is removed from them."),
    serialize=lambda b: {"group": b.group.name, "held_on": b.held_on.isoformat()},
    anonymize=lambda rows: rows.update(recorded_by=None),
)
register(
    ImportRun,
    "started_by",
    section="",
    label=_("meeting imports you ran"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("The import reports stay; your name is removed."),
    anonymize=lambda rows: rows.update(started_by=None),
)
register(
    ImportRun,
    "confirmed_by",
    section="",
    label=_("large meeting removals you confirmed"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("The import reports stay; your name is removed."),
    anonymize=lambda rows: rows.update(confirmed_by=None),
)
register(
    Meeting,
    "conference_url_approved_by",
    section="",
    label=_("conference links you approved as a directory steward"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("The links stay approved; your name is removed."),
    anonymize=lambda rows: rows.update(conference_url_approved_by=None),
)

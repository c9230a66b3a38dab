"""JSON shapes of the session-notes API. Every shape that shows a note (or lists notes) carries
`notice`: the 42 CFR 2.32 text that must go with every disclosure of a counseling record."""

from __future__ import annotations

import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field

from alongside.counseling.models import AttendanceStatus, NoteFormat
from alongside.counseling.notes import ADDENDUM_MAX, GROUP_PART_MAX, SECTION_MAX
from alongside.schemas import Id, Omittable, RequestSchema

NOTICE = Field(
    description="The 42 CFR Part 2 redisclosure notice (42 CFR 2.32) that goes with this record"
)
SectionKey = Annotated[str, Field(min_length=1, max_length=40)]
SectionText = Annotated[str, Field(max_length=SECTION_MAX)]
Sections = dict[SectionKey, SectionText]


class NotePersonOut(Schema):
    id: int
    display_name: str


class NoteSectionOut(Schema):
    key: str
    label: str
    hint: str


class NoteTemplateOut(Schema):
    format: NoteFormat
    name: str = Field(description="The short name: SOAP, DAP or BIRP")
    label: str
    sections: list[NoteSectionOut]


class NoteAddendumOut(Schema):
    id: int
    author: NotePersonOut
    text: str
    created_at: datetime.datetime


class SessionNoteOut(Schema):
    notice: str = NOTICE
    id: int
    member: NotePersonOut
    author: NotePersonOut
    organization: str
    appointment_id: int | None
    session_starts_at: datetime.datetime | None
    format: NoteFormat
    sections: dict[str, str] = Field(description="Text by section key, in the template's order")
    group_part: str = Field(description="What the group did: the part shared by a group session")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    signed_at: datetime.datetime | None = Field(
        description="Set once: the note is locked from then"
    )
    is_locked: bool
    addenda: list[NoteAddendumOut]


class SessionNoteSummaryOut(Schema):
    id: int
    member: NotePersonOut
    author: NotePersonOut
    format: NoteFormat
    appointment_id: int | None
    session_starts_at: datetime.datetime | None
    created_at: datetime.datetime
    signed_at: datetime.datetime | None


class SessionNoteListOut(Schema):
    notice: str = NOTICE
    notes: list[SessionNoteSummaryOut]


class SessionNoteIn(RequestSchema):
    member_id: Id = Field(description="A member who shares counseling records with you")
    format: NoteFormat
    sections: Sections = Field(default_factory=dict, description="Text by section key")
    appointment_id: Id | None = Field(
        None, description="One of your sessions of the last 30 days that the member attended"
    )


class SessionNotePatch(RequestSchema):
    sections: Sections = Omittable(description="Every section's text (left out: unchanged)")
    group_part: str = Omittable(max_length=GROUP_PART_MAX)


class NoteAddendumIn(RequestSchema):
    text: str = Field(min_length=1, max_length=ADDENDUM_MAX)


class GroupAttendeeIn(RequestSchema):
    member_id: Id
    attended: bool
    sections: Sections | None = Field(
        None, description="Their own part; null or left out keeps what their draft says"
    )


class GroupNotesIn(RequestSchema):
    format: NoteFormat
    group_part: str = Field("", max_length=GROUP_PART_MAX)
    attendees: list[GroupAttendeeIn] = Field(max_length=500)


class GroupAttendeeOut(Schema):
    member: NotePersonOut
    attendance: AttendanceStatus
    shares_counseling: bool
    note_id: int | None = Field(
        description="Their note of this session (null when you cannot see it)"
    )
    note_signed_at: datetime.datetime | None


class GroupSessionOut(Schema):
    notice: str = NOTICE
    appointment_id: int
    group: str
    starts_at: datetime.datetime
    attendees: list[GroupAttendeeOut]


class GroupSkippedOut(Schema):
    member: NotePersonOut
    note_id: int


class GroupNotesOut(Schema):
    notice: str = NOTICE
    created: list[int] = Field(description="Ids of the draft notes written")
    updated: list[int] = Field(description="Ids of the drafts updated")
    no_show: list[NotePersonOut]
    drafts_removed: list[NotePersonOut]
    skipped_signed: list[GroupSkippedOut]
    skipped_other_author: list[GroupSkippedOut]
    not_sharing: list[NotePersonOut]

"""JSON shapes of a counselor's clients, a member's counseling records and adherence, and the
safety-alert worklist. The records' fields are exactly the consent screen's (privacy.scopes,
"counseling"), in its order, after the record's id."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from alongside.schemas import RequestSchema, Text


class AdherenceAttendanceOut(Schema):
    attended: int
    no_show: int
    late_cancel: int
    rate: int | None = Field(description="Per cent attended of the three; null without sessions")


class AdherenceRatioOut(Schema):
    done: int
    of: int
    rate: int | None = Field(description="Per cent; null when `of` is 0")


class AdherenceSummaryOut(Schema):
    attendance: AdherenceAttendanceOut
    objectives: AdherenceRatioOut = Field(
        description="Plan objectives met of all, as the plans stand"
    )
    medication: AdherenceRatioOut | None = Field(
        description="Medication answers saying it was taken, of all answers; null unless the "
        "member shares medication with you"
    )
    assessments: AdherenceRatioOut | None = Field(
        description="Scheduled assessments completed, of those that came due; null unless the "
        "member shares assessments with you"
    )
    line: str = Field(description="The same in words")


class CounselingClientOut(Schema):
    member_id: int
    display_name: str
    summary: AdherenceSummaryOut = Field(description="The last 90 days")


class AdherenceMonthOut(Schema):
    month: datetime.date = Field(description="The month's first day, in the member's time zone")
    attendance: AdherenceAttendanceOut
    objectives: AdherenceRatioOut = Field(description="As the plans stood at the end of the month")
    medication: AdherenceRatioOut | None
    assessments: AdherenceRatioOut | None = Field(description="By the month they came due")


class AdherenceOut(Schema):
    member_id: int
    months: list[AdherenceMonthOut] = Field(description="The last six months, the current one last")
    summary: AdherenceSummaryOut = Field(description="The six months together")


class CounselingAppointmentRecordOut(Schema):
    id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    modality: str = Field(description="in_person, video or phone")
    group: str | None = Field(description="The therapy group's name, for a group session")
    status: str = Field(description="requested, scheduled, declined, cancelled or completed")
    attendance: str = Field(description="expected, attended, no_show, cancelled or late_cancel")


class CounselingPlanRecordOut(Schema):
    id: int = Field(description="The treatment plan's id (the row is its latest version)")
    number: int = Field(description="The version's number")
    written_at: datetime.datetime
    asam: list[dict[str, Any]] = Field(description="{dimension, rating, note} per dimension")
    problems: list[dict[str, Any]] = Field(
        description="{id, text, dimension, goals: [{id, text, objectives: [{id, text, measure, "
        "target_on, status}]}], interventions: [{id, what, who, how_often}]}"
    )
    counselor_signed_at: datetime.datetime | None
    member_signed_at: datetime.datetime | None


class CounselingAddendumRecordOut(Schema):
    author: str
    text: str
    created_at: datetime.datetime


class CounselingNoteRecordOut(Schema):
    id: int
    format: str = Field(description="soap, dap or birp")
    written_at: datetime.datetime
    sections: dict[str, str] = Field(description="The format's sections, by name")
    group_part: str = Field(description="What the group did, for a group session")
    signed_at: datetime.datetime | None = Field(description="Null for your own draft")
    addenda: list[CounselingAddendumRecordOut]


class CounselingRecordsOut(Schema):
    notice: str = Field(description="The 42 CFR §2.32 notice that goes with these records")
    appointments: list[CounselingAppointmentRecordOut]
    plans: list[CounselingPlanRecordOut]
    notes: list[CounselingNoteRecordOut] = Field(
        description="Signed notes with their addenda, and your own drafts"
    )


class CounselingAlertOut(Schema):
    id: int
    member_id: int
    display_name: str
    administration_id: int = Field(description="The result that raised it")
    state: str = Field(description="open, acknowledged or closed")
    raised_at: datetime.datetime
    escalates_at: datetime.datetime = Field(
        description="When it goes (or went) to the on-call people unless acknowledged first"
    )
    escalated_at: datetime.datetime | None
    escalated_to: list[str] = Field(description="Who was on call when it was escalated")
    acknowledged_at: datetime.datetime | None
    acknowledged_by: str | None
    acknowledgement_note: str
    closed_at: datetime.datetime | None
    closed_by: str | None
    closing_note: str


class CounselingAlertNoteIn(RequestSchema):
    note: Text = Field(
        max_length=1000,
        description="Acknowledging: how you are following it up. Closing: how it ended.",
    )

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from alongside.meetings.models import AttendanceMethod
from alongside.privacy.models import Scope
from alongside.privacy.schemas import shared_schema
from alongside.schemas import Id, RequestSchema


class ProgramOut(Schema):
    slug: str
    name: str
    short_name: str
    approach: str
    goal: str
    is_twelve_step: bool
    is_family: bool
    is_professional: bool
    philosophy: str


class MeetingScheduleOut(Schema):
    recurrence: str = Field(description="weekly | biweekly | monthly | once")
    days: list[int] = Field(description="0 = Sunday … 6 = Saturday, local to time_zone")
    start_time: str
    duration_minutes: int
    time_zone: str
    anchor_date: dt.date | None = None
    week_of_month: int | None = None
    rrule: str = Field("", description="RFC 5545 recurrence rule")


class MeetingOut(Schema):
    id: int
    name: str
    program: str
    group: str
    schedule: MeetingScheduleOut
    attendance: str
    is_inactive: bool
    openness: str
    types: list[str]
    languages: list[str]
    location: str
    formatted_address: str
    latitude: float | None
    longitude: float | None
    is_approximate: bool
    conference_url: str
    conference_url_notes: str
    conference_phone: str
    conference_hidden: bool = Field(
        description="True when the group shows how to join only to signed-in members"
    )
    notes: str
    next_starts: list[dt.datetime]
    page: str
    calendar: str


class ResultMeeting(Schema):
    id: int
    name: str
    program: str
    attendance: str
    types: list[str]
    location: str
    time_zone: str


class SearchResultOut(Schema):
    meeting: ResultMeeting
    section: str = Field(description="near | online | all")
    next_start: dt.datetime | None = Field(description="In the viewer's time zone")
    local_start: dt.datetime | None = Field(description="In the meeting's own time zone")
    distance_km: float | None
    reasons: list[str]


class SearchOut(Schema):
    place: str
    count: int = Field(description="Every meeting that matches, on this page or another")
    next: str | None = Field(description="Pass as `cursor` for the next page; null on the last")
    previous: str | None = Field(
        description='Pass as `cursor` for the page before ("" is the first page); null on the first'
    )
    results: list[SearchResultOut]


# The values of models.Verification, as the API document lists them.
VerificationValue = Literal["facilitator", "self_reported", "room"]


class AttendanceOut(Schema):
    id: int
    meeting_id: int | None
    meeting_name: str
    occurred_at: dt.datetime
    method: str = Field(description="qr | online | manual")
    verification: VerificationValue = Field(
        description="facilitator: a facilitator confirmed it (their code was scanned, or they answered the member's request). "
        "self_reported: nobody confirmed it; joining online by the meeting's link is always self-reported. "
        "room: present in the meeting's live room on Alongside for the set share of the meeting."
    )
    confirmed: bool = Field(description="True only when a facilitator confirmed it")
    confirmed_by: str | None
    confirmed_at: dt.datetime | None


class AttendanceListOut(Schema):
    last_90_days: int
    days_in_last_90: int
    total: int
    records: list[AttendanceOut]


SharedAttendanceOut = shared_schema(
    "SharedAttendanceOut",
    Scope.ATTENDANCE,
    "attendance",
    {
        "occurred_at": dt.datetime,
        "meeting_name": str,
        "method": AttendanceMethod,
        "confirmed": bool,
    },
)


class MemberAttendanceOut(Schema):
    """A member's attendance as an "attendance" grantee reads it (the counts are of these rows)."""

    member: str
    last_90_days: int
    days_in_last_90: int
    total: int
    attendance: list[SharedAttendanceOut]  # type: ignore[valid-type]


class ManualAttendanceIn(RequestSchema):
    meeting_id: Id
    on: dt.date
    ask_confirmation: bool = False


class AttendanceCodeIn(RequestSchema):
    token: str = Field(max_length=400)


class RecommendationOut(Schema):
    meeting: ResultMeeting
    next_start: dt.datetime | None
    distance_km: float | None
    score: float
    reasons: list[str]
    cautions: list[str]


class ImportIn(RequestSchema):
    source: str = Field(
        max_length=80,
        description="Slug of an import source you own (your organization's, or the site directory's if you steward it)",
    )
    url: str = Field(
        "",
        max_length=500,
        description="Fetch the feed from this public http(s) address, in the background (202)…",
    )
    feed: str = Field(
        "", description="…or send the feed itself (Meeting Guide JSON, TSML CSV or BMLT JSON)"
    )
    format: str = Field("auto", pattern="^(auto|json|csv)$")
    skip_invalid: bool = False
    confirm_removals: bool = Field(
        False,
        description="Go ahead even if the feed removes more than 20% of the source's meetings",
    )


class ImportOut(Schema):
    id: int
    status: str = Field(
        description="queued (the worker fetches it), confirm (held: removes over 20%), done, or refused"
    )
    message: str
    format: str
    rows: int
    created: int
    updated: int
    unchanged: int
    removed: int
    skipped: int
    restored: int
    listed_before: int
    seconds: float
    summary: list[dict]

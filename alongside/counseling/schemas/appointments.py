"""JSON shapes of appointments, times asked for and therapy groups. Names start with the part's
words (Appointment…, TherapyGroup…): the API files components by class name."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Schema
from pydantic import AwareDatetime, Field

from alongside.counseling.models import (
    AppointmentStatus,
    AttendanceStatus,
    GroupKind,
    Modality,
)
from alongside.counseling.services.appointments import (
    MAX_COUNT,
    MAX_INTERVAL_WEEKS,
    MAX_NOTE,
    MAX_PLACE,
    MAX_REASON,
)
from alongside.counseling.services.therapy_groups import MAX_DESCRIPTION, MAX_GROUP_NAME
from alongside.schemas import Id, Omittable, RequestSchema

ZONED = "With a zone or offset, like 2026-03-03T18:00:00-05:00"


class AppointmentPersonOut(Schema):
    id: int
    display_name: str


class AppointmentPlaceOut(Schema):
    member: AppointmentPersonOut
    status: AttendanceStatus
    recorded_at: datetime.datetime | None


class AppointmentGroupOut(Schema):
    id: int | None = Field(description="Only for the counselor who runs the group")
    name: str


class AppointmentOut(Schema):
    id: int
    your_part: Literal["counselor", "attendee"] = Field(
        description="Whether you hold this appointment or have a place at it"
    )
    status: AppointmentStatus
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    modality: Modality
    location: str
    video_url: str
    counselor: AppointmentPersonOut
    group: AppointmentGroupOut | None
    series_id: int | None
    attendees: list[AppointmentPlaceOut] = Field(
        description=(
            "For the counselor, the attendees who share counseling with them now; for an "
            "attendee, only their own place (members of a group never see each other)"
        )
    )
    request_note: str = Field(description="What the member wrote with a time they asked for")
    cancelled_at: datetime.datetime | None
    cancel_reason: str


class AppointmentIn(RequestSchema):
    member_id: Id
    starts_at: AwareDatetime = Field(description=ZONED)
    ends_at: AwareDatetime = Field(description=ZONED)
    modality: Modality = Modality.IN_PERSON
    location: str = Field("", max_length=MAX_PLACE, description="Where, for in person")
    video_url: str = Field(
        "", max_length=MAX_PLACE, description="Your own video room (https), for video"
    )
    interval_weeks: int = Field(1, ge=1, le=MAX_INTERVAL_WEEKS, description="Repeat every N weeks")
    count: int = Field(
        1,
        ge=1,
        le=MAX_COUNT,
        description="How many sessions; each keeps the first one's time in your zone",
    )


class AppointmentGroupSessionIn(RequestSchema):
    starts_at: AwareDatetime = Field(description=ZONED)
    ends_at: AwareDatetime = Field(description=ZONED)
    modality: Modality = Modality.IN_PERSON
    location: str = Field("", max_length=MAX_PLACE)
    video_url: str = Field("", max_length=MAX_PLACE)
    interval_weeks: int = Field(1, ge=1, le=MAX_INTERVAL_WEEKS)
    count: int = Field(1, ge=1, le=MAX_COUNT)


class AppointmentPatch(RequestSchema):
    starts_at: AwareDatetime = Omittable(description=ZONED)
    ends_at: AwareDatetime = Omittable(description=ZONED)
    modality: Modality = Omittable()
    location: str = Omittable(max_length=MAX_PLACE)
    video_url: str = Omittable(max_length=MAX_PLACE)


class AppointmentCancelIn(RequestSchema):
    reason: str = Field(min_length=1, max_length=MAX_REASON, description="The other side is told")


class AppointmentAttendanceIn(RequestSchema):
    member_id: Id
    status: Literal["attended", "no_show"]


class AppointmentRequestIn(RequestSchema):
    counselor_id: Id
    starts_at: AwareDatetime = Field(description=ZONED)
    ends_at: AwareDatetime = Field(description=ZONED)
    modality: Modality = Modality.IN_PERSON
    note: str = Field("", max_length=MAX_NOTE, description="Kept encrypted")


class AppointmentAcceptIn(RequestSchema):
    modality: Modality = Omittable(description="The one asked for when left out")
    location: str = Omittable(max_length=MAX_PLACE)
    video_url: str = Omittable(max_length=MAX_PLACE)


class AppointmentDeclineIn(RequestSchema):
    reason: str = Field("", max_length=MAX_REASON)


class TherapyGroupSummaryOut(Schema):
    id: int
    name: str
    kind: GroupKind
    roster_size: int
    ended_on: datetime.date | None


class TherapyGroupPlaceOut(Schema):
    member: AppointmentPersonOut
    joined_on: datetime.date


class TherapyGroupOut(Schema):
    id: int
    name: str
    kind: GroupKind
    description: str
    ended_on: datetime.date | None
    roster: list[TherapyGroupPlaceOut]


class TherapyGroupIn(RequestSchema):
    name: str = Field(min_length=1, max_length=MAX_GROUP_NAME)
    kind: GroupKind = GroupKind.CLOSED
    description: str = Field("", max_length=MAX_DESCRIPTION)


class TherapyGroupMemberIn(RequestSchema):
    member_id: Id

"""JSON shapes of the caseload API."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from alongside.caseload.models import EngagementKind, ServicePathway
from alongside.schemas import RequestSchema, Text


class CaseRowOut(Schema):
    member_id: int
    display_name: str
    shares: list[str]
    pathway: str | None
    ok_to_text: bool
    ok_to_call: bool
    needs_reassignment: bool
    last_contact: datetime.date | None
    next_follow_up: datetime.date | None
    gone_quiet: bool


class EngagementOut(Schema):
    id: int
    kind: str
    on: datetime.date
    minutes: int
    note: str
    by: str | None


class FollowUpOut(Schema):
    id: int
    due_on: datetime.date
    about: str
    done_at: datetime.datetime | None


class CaseRecordOut(Schema):
    member_id: int
    display_name: str
    organization: str
    pathway: str
    ok_to_text: bool
    ok_to_call: bool
    needs_reassignment: bool
    engagements: list[EngagementOut]
    follow_ups: list[FollowUpOut]


class CaseRecordIn(RequestSchema):
    pathway: ServicePathway
    ok_to_text: bool
    ok_to_call: bool


class EngagementIn(RequestSchema):
    kind: EngagementKind
    on: datetime.date
    minutes: int = Field(15, ge=1, le=480)
    note: Text = Field("", max_length=4000)


class FollowUpIn(RequestSchema):
    due_on: datetime.date
    about: Text = Field(min_length=1, max_length=200)
    engagement_id: int | None = Field(None, ge=1, le=2**63 - 1)

"""JSON shapes of the support API."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from alongside.schemas import Id, RequestSchema
from alongside.support.models import Response


class CirclePersonOut(Schema):
    id: int
    display_name: str


class CircleEntryOut(Schema):
    id: int
    person: CirclePersonOut
    position: int
    gets_sos: bool
    gets_hard_days: bool
    answer: str


class CircleOut(Schema):
    entries: list[CircleEntryOut]
    candidates: list[CirclePersonOut]
    escalate_after_minutes: int
    on_call_organization_id: int | None


class ChooseIn(RequestSchema):
    person_id: Id


class CircleEntryIn(RequestSchema):
    gets_sos: bool | None = None
    gets_hard_days: bool | None = None
    move: str = Field("", pattern="^(|up|down)$")


class ChosenOut(Schema):
    id: int
    member: CirclePersonOut
    answer: str
    gets_sos: bool
    gets_hard_days: bool


class AnswerIn(RequestSchema):
    accept: bool


class SosEventOut(Schema):
    at: datetime.datetime
    kind: str
    words: str
    person: CirclePersonOut | None
    response: str


class SosOut(Schema):
    id: int
    status: str
    started_at: datetime.datetime
    acknowledged_by: CirclePersonOut | None
    response: str
    says: str
    has_circle: bool
    alerted: list[CirclePersonOut]
    next_escalation_at: datetime.datetime | None
    events: list[SosEventOut]
    crisis_lines: list[str]


class ReceivedAlertOut(Schema):
    id: int
    member: CirclePersonOut
    status: str
    started_at: datetime.datetime
    acknowledged_by: CirclePersonOut | None
    response: str


class AcknowledgeIn(RequestSchema):
    response: Response


class HardDayIn(RequestSchema):
    note: str = ""


class EncouragementOut(Schema):
    id: int
    author: CirclePersonOut
    message: str
    created_at: datetime.datetime


class HardDayOut(Schema):
    id: int
    member: CirclePersonOut
    note: str
    sent_at: datetime.datetime
    encouragements: list[EncouragementOut]


class EncouragementIn(RequestSchema):
    message: str


class ShiftOut(Schema):
    id: int
    person: CirclePersonOut
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    handover_note: str


class RotaOut(Schema):
    organization_id: int
    on_call_now: ShiftOut | None
    handover: ShiftOut | None
    shifts: list[ShiftOut]


class ShiftIn(RequestSchema):
    person_id: Id
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    handover_note: str = ""

from __future__ import annotations

import datetime

from ninja import Schema

from alongside.messaging.models import ReportReason
from alongside.schemas import RequestSchema


class PersonOut(Schema):
    """Someone one may message: their display name only, never an email or a last name."""

    id: int
    display_name: str
    ties: list[str]
    blocked_by_me: bool


class ConversationOut(Schema):
    person_id: int
    display_name: str
    unread: int
    last_message_at: datetime.datetime | None


class InboxOut(Schema):
    unread_total: int
    conversations: list[ConversationOut]


class MessageOut(Schema):
    id: int
    sender_id: int
    sender: str
    mine: bool
    body: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class ConversationDetailOut(Schema):
    person: PersonOut
    messages: list[MessageOut]


class MessageIn(RequestSchema):
    body: str


class ReportIn(RequestSchema):
    reason: ReportReason
    details: str = ""


class ReportOut(Schema):
    id: int
    reason: str
    created_at: datetime.datetime

"""JSON shapes of the rooms API."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field


class RoomPersonOut(Schema):
    id: str = Field(description="An opaque id for this person in this room only.")
    name: str = Field(description="Their handle, or a neutral member number; never a real name.")
    is_host: bool
    muted: bool = Field(description="A facilitator muted them in the chat.")


class RoomHandOut(Schema):
    id: str
    name: str


class RoomTimerOut(Schema):
    speaker_id: str | None
    speaker: str | None
    started_at: datetime.datetime = Field(description="The server's start: count down from it.")
    minutes: int
    ends_at: datetime.datetime


class RoomStateOut(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    closes_at: datetime.datetime
    server_now: datetime.datetime
    has_waiting_room: bool
    people: list[RoomPersonOut] = Field(description="Admitted people with the room open now.")
    hands: list[RoomHandOut] = Field(description="Raised hands, first raised first.")
    speaker: RoomHandOut | None
    timer: RoomTimerOut | None


class VideoTokenOut(Schema):
    engine: str = Field(description="jitsi or livekit")
    token: str = Field(description="A signed JWT for this room and person, short-lived.")
    expires_at: datetime.datetime
    embed_url: str = Field(description="The operator's video page for this room, token included.")

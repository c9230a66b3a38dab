"""JSON shapes of the community API."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from alongside.community.models import ActionKind, Encouragement, FlagReason, WatchedAction
from alongside.community.services.moderation import MAX_SUSPENSION_DAYS
from alongside.community.services.posting import MAX_BODY, MAX_TITLE
from alongside.schemas import RequestSchema


class PersonOut(Schema):
    id: int
    display_name: str


class SpaceOut(Schema):
    slug: str
    name: str
    kind: str = Field(description="program, group or topic")
    description: str
    guidelines: str = Field(description="Markdown; shown before a person's first post")
    has_read_guidelines: bool


class ThreadSummaryOut(Schema):
    id: int
    title: str
    author: PersonOut | None
    created_at: datetime.datetime
    last_post_at: datetime.datetime
    posts: int = Field(description="Published posts")
    unread: int = Field(description="Published posts by others since you last read it")
    celebration: str | None = Field(description="The milestone it shares, e.g. 90 days")


class EncouragementOut(Schema):
    kind: Encouragement
    label: str
    count: int
    mine: bool


class PostOut(Schema):
    id: int
    thread_id: int
    author: PersonOut | None
    body: str = Field(description="Markdown as written")
    html: str = Field(description="Safe HTML: scripts, event handlers and remote images removed")
    status: str = Field(description="published, pending (waiting for review) or hidden")
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    encouragement: list[EncouragementOut]


class ThreadOut(Schema):
    id: int
    space: str
    title: str
    celebration: str | None
    posts: list[PostOut]


class CrisisLineOut(Schema):
    name: str
    contact: str
    how: str
    tel: str
    sms: str


class CrisisSupportOut(Schema):
    """Shown to the author alone when their words may mean they are in danger."""

    message: str
    crisis_lines: list[CrisisLineOut]
    reach_circle: str = Field(description="POST here (signed in) to alert your support circle now")


class PostedOut(Schema):
    thread_id: int
    post: PostOut
    waiting_for_review: bool
    crisis_support: CrisisSupportOut | None


class ThreadIn(RequestSchema):
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    body: str = Field(min_length=1, max_length=MAX_BODY, description="Markdown")
    accepts_guidelines: bool = Field(
        False, description="Needed (true) on your first post in a space: you read its guidelines"
    )


class ReplyIn(RequestSchema):
    body: str = Field(min_length=1, max_length=MAX_BODY, description="Markdown")
    accepts_guidelines: bool = False


class ReactionIn(RequestSchema):
    kind: Encouragement


class ReactionOut(Schema):
    kind: Encouragement
    given: bool = Field(description="True: you now give it; false: you took it back")


class FlagIn(RequestSchema):
    reason: FlagReason
    details: str = Field("", max_length=500)


class FlagOut(Schema):
    id: int
    post_id: int
    reason: FlagReason


class CongratulationIn(RequestSchema):
    message: str = Field("", max_length=280)


class CongratulationOut(Schema):
    id: int
    message: str


class ShareIn(RequestSchema):
    celebration_id: int = Field(ge=1, le=2**63 - 1)
    space: str = Field(min_length=1, max_length=80, description="The group space's slug")
    note: str = Field("", max_length=2000)
    accepts_guidelines: bool = False


class QueueItemOut(Schema):
    post: PostOut
    space: str
    thread_title: str
    open_flags: int
    held_because: str
    waiting_seconds: int


class ModerateIn(RequestSchema):
    action: ActionKind
    reason: str = Field(min_length=1, max_length=500, description="The author is told")
    days: int | None = Field(None, ge=1, le=MAX_SUSPENSION_DAYS, description="For suspend")
    body: str = Field("", max_length=MAX_BODY, description="For edit: the post as it should read")


class ModerationOut(Schema):
    id: int
    action: ActionKind
    reason: str
    post: PostOut


class WatchedWordIn(RequestSchema):
    phrase: str = Field(min_length=1, max_length=100)
    action: WatchedAction


class WatchedWordOut(Schema):
    id: int
    phrase: str
    action: WatchedAction

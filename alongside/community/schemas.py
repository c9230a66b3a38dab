"""JSON shapes of the community API."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from alongside.community.models import ActionKind, Encouragement, FlagReason, WatchedAction
from alongside.community.services.moderation import MAX_SUSPENSION_DAYS
from alongside.community.services.posting import MAX_BODY, MAX_TITLE
from alongside.schemas import RequestSchema


class ForumPersonOut(Schema):
    id: int
    display_name: str


class ForumSpaceOut(Schema):
    slug: str
    name: str
    kind: str = Field(description="program, group or topic")
    description: str
    guidelines: str = Field(description="Markdown; shown before a person's first post")
    has_read_guidelines: bool


class ForumThreadSummaryOut(Schema):
    id: int
    title: str
    author: ForumPersonOut | None
    created_at: datetime.datetime
    last_post_at: datetime.datetime
    posts: int = Field(description="Published posts")
    unread: int = Field(description="Published posts by others since you last read it")
    celebration: str | None = Field(description="The milestone it shares, e.g. 90 days")


class ForumEncouragementOut(Schema):
    kind: Encouragement
    label: str
    count: int
    mine: bool


class ForumPostOut(Schema):
    id: int
    thread_id: int
    author: ForumPersonOut | None
    body: str = Field(description="Markdown as written")
    html: str = Field(description="Safe HTML: scripts, event handlers and remote images removed")
    status: str = Field(description="published, pending (waiting for review) or hidden")
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    encouragement: list[ForumEncouragementOut]


class ForumThreadOut(Schema):
    id: int
    space: str
    title: str
    celebration: str | None
    page: int = Field(description="This page's number, from 1")
    pages: int = Field(description="How many pages the thread has for you")
    post_count: int = Field(description="How many posts of the thread you may see")
    posts: list[ForumPostOut]


class ForumCrisisLineOut(Schema):
    name: str
    contact: str
    how: str
    tel: str
    sms: str


class ForumCrisisSupportOut(Schema):
    """Shown to the author alone when their words may mean they are in danger."""

    message: str
    crisis_lines: list[ForumCrisisLineOut]
    reach_circle: str = Field(description="POST here (signed in) to alert your support circle now")


class ForumPostedOut(Schema):
    thread_id: int
    post: ForumPostOut
    waiting_for_review: bool
    crisis_support: ForumCrisisSupportOut | None


class ForumThreadIn(RequestSchema):
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    body: str = Field(min_length=1, max_length=MAX_BODY, description="Markdown")
    accepts_guidelines: bool = Field(
        False, description="Needed (true) on your first post in a space: you read its guidelines"
    )


class ForumReplyIn(RequestSchema):
    body: str = Field(min_length=1, max_length=MAX_BODY, description="Markdown")
    accepts_guidelines: bool = False


class ForumReactionIn(RequestSchema):
    kind: Encouragement


class ForumReactionOut(Schema):
    kind: Encouragement
    given: bool = Field(description="True: you now give it; false: you took it back")


class ForumFlagIn(RequestSchema):
    reason: FlagReason
    details: str = Field("", max_length=500)


class ForumFlagOut(Schema):
    id: int
    post_id: int
    reason: FlagReason


class ForumCongratulationIn(RequestSchema):
    message: str = Field("", max_length=280)


class ForumCongratulationOut(Schema):
    id: int
    message: str


class ForumShareIn(RequestSchema):
    celebration_id: int = Field(ge=1, le=2**63 - 1)
    space: str = Field(min_length=1, max_length=80, description="The group space's slug")
    note: str = Field("", max_length=2000)
    accepts_guidelines: bool = False


class ForumQueueItemOut(Schema):
    post: ForumPostOut
    space: str
    thread_title: str
    open_flags: int
    held_because: str
    waiting_seconds: int


class ForumModerateIn(RequestSchema):
    action: ActionKind
    reason: str = Field(min_length=1, max_length=500, description="The author is told")
    days: int | None = Field(None, ge=1, le=MAX_SUSPENSION_DAYS, description="For suspend")
    body: str = Field("", max_length=MAX_BODY, description="For edit: the post as it should read")


class ForumModerationOut(Schema):
    id: int
    action: ActionKind
    reason: str
    post: ForumPostOut


class ForumWatchedWordIn(RequestSchema):
    phrase: str = Field(min_length=1, max_length=100)
    action: WatchedAction


class ForumWatchedWordOut(Schema):
    id: int
    phrase: str
    action: WatchedAction


class ForumModeratorOut(Schema):
    id: int
    person: ForumPersonOut
    on_duty: bool


class ForumModeratorIn(RequestSchema):
    user_id: int = Field(
        ge=1, le=2**63 - 1, description="Someone holding a role in the organization"
    )


class ForumDutyIn(RequestSchema):
    on_duty: bool


class ForumDutyOut(Schema):
    on_duty: bool
    organizations: list[str] = Field(description="Slugs of the organizations you moderate")

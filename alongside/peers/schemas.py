"""JSON shapes of the peer-support API."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from alongside.accounts.models import Pathway
from alongside.peers.models import (
    MAX_CAPACITY,
    Frequency,
    Gender,
    SupportKind,
    SupportLanguage,
    Weekday,
)
from alongside.schemas import Id, QuerySchema, RequestSchema, Text


class PeerOut(Schema):
    id: int
    display_name: str


class ProfileOut(Schema):
    is_listed: bool
    offers_sponsorship: bool
    offers_mentoring: bool
    pathways: list[str]
    languages: list[str]
    recovery_since: datetime.date | None
    capacity: int
    places_open: int
    gender: str
    same_gender_only: bool
    availability: str
    about: str


class ProfileIn(RequestSchema):
    is_listed: bool = True
    offers_sponsorship: bool = True
    offers_mentoring: bool = False
    pathways: list[Pathway] = Field(default_factory=list, max_length=len(Pathway.values))
    languages: list[SupportLanguage] = Field(min_length=1, max_length=len(SupportLanguage.values))
    recovery_since: datetime.date | None = None
    capacity: int = Field(3, ge=1, le=MAX_CAPACITY)
    gender: Gender = Gender.UNSAID
    same_gender_only: bool = False
    availability: Text = Field("", max_length=120)
    about: Text = Field("", max_length=800)


class LookingQuery(QuerySchema):
    kind: SupportKind = SupportKind.SPONSOR
    pathway: Pathway | None = None
    language: SupportLanguage | None = None
    gender: Gender = Gender.UNSAID
    same_gender: bool = False


class SuggestionOut(Schema):
    person: PeerOut
    kinds: list[str]
    places_open: int
    years_in_recovery: int | None
    reasons: list[str]
    availability: str
    about: str


class AskIn(RequestSchema):
    supporter_id: Id
    kind: SupportKind
    message: Text = Field("", max_length=600)
    gender: Gender = Gender.UNSAID


class RequestOut(Schema):
    id: int
    member: PeerOut
    supporter: PeerOut
    kind: str
    status: str
    message: str | None
    created_at: datetime.datetime
    answer_by: datetime.datetime
    answered_at: datetime.datetime | None
    relationship_id: int | None


class RequestAnswerIn(RequestSchema):
    accept: bool


class RelationshipOut(Schema):
    id: int
    member: PeerOut
    supporter: PeerOut
    kind: str
    status: str
    started_at: datetime.datetime
    review_on: datetime.date
    review_due: bool
    ended_at: datetime.datetime | None
    proposed_scopes: list[str]


class RhythmIn(RequestSchema):
    frequency: Frequency
    weekday: Weekday | None = None
    window_start: datetime.time
    window_end: datetime.time


class RhythmPauseIn(RequestSchema):
    paused: bool


class PartnerDayOut(Schema):
    on: datetime.date
    state: str
    done_by: str


class RhythmOut(Schema):
    partnership_id: int
    frequency: str
    weekday: int | None
    window_start: datetime.time
    window_end: datetime.time
    time_zone: str
    described: str
    proposed_by: PeerOut
    agreed_at: datetime.datetime | None
    paused: bool
    next_window_at: datetime.datetime | None
    recent: list[PartnerDayOut]

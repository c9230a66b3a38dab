"""JSON shapes of the assignment-run API."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from alongside.accounts.models import Pathway
from alongside.matching.models import MAX_CASELOAD_CAPACITY, RunKind, RunStatus
from alongside.peers.models import Gender, SupportLanguage
from alongside.schemas import Id, RequestSchema


class RunPersonOut(Schema):
    id: int
    display_name: str


class PairReasonOut(Schema):
    name: str  # "pathway", "language", "time_zone", "experience", "capacity", "continuity"
    points: float
    words: str


class ProposedPairOut(Schema):
    person: RunPersonOut
    supporter: RunPersonOut
    score: float
    continuing: bool
    reasons: list[PairReasonOut]


class UnmatchedSeekerOut(Schema):
    person: RunPersonOut
    reason: str


class AssignmentRunSummaryOut(Schema):
    id: int
    organization_id: int
    organization: str
    kind: RunKind
    status: RunStatus
    started_by: RunPersonOut | None
    created_at: datetime.datetime
    decided_by: RunPersonOut | None
    decided_at: datetime.datetime | None


class AssignmentRunOut(AssignmentRunSummaryOut):
    pairs: list[ProposedPairOut]
    unmatched: list[UnmatchedSeekerOut]


class AssignmentRunIn(RequestSchema):
    organization_id: Id
    kind: RunKind


class ProgramEnrolmentOut(Schema):
    id: int
    organization_id: int
    organization: str
    languages: list[str]
    pathways: list[str]
    gender: str
    wants_same_gender: bool
    excluded: list[RunPersonOut]
    created_at: datetime.datetime
    matched_at: datetime.datetime | None
    relationship_id: int | None
    ended_at: datetime.datetime | None


class ProgramEnrolmentIn(RequestSchema):
    organization_id: Id
    languages: list[SupportLanguage] = Field(min_length=1, max_length=len(SupportLanguage.values))
    pathways: list[Pathway] = Field(default_factory=list, max_length=len(Pathway.values))
    gender: Gender = Gender.UNSAID
    wants_same_gender: bool = False
    excluded: list[Id] = Field(default_factory=list, max_length=200)  # mentors' user ids


class CaseloadCapacityOut(Schema):
    membership_id: int
    specialist: RunPersonOut
    organization_id: int
    organization: str
    capacity: int
    is_default: bool
    languages: list[str]
    on_caseload: int
    places_left: int


class CaseloadCapacityIn(RequestSchema):
    capacity: int = Field(ge=0, le=MAX_CASELOAD_CAPACITY)
    languages: list[SupportLanguage] = Field(
        default_factory=list, max_length=len(SupportLanguage.values)
    )

"""JSON shapes of the training API."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from alongside.schemas import Id, RequestSchema, Text
from alongside.training.models import PracticeKind, RequirementKind, SetKind


class TraineeOut(Schema):
    id: int
    display_name: str


class RequirementOut(Schema):
    domain: str
    label: str
    hours: Decimal
    kind: str
    within_years: int | None
    face_to_face_share: Decimal | None


class RequirementSetOut(Schema):
    id: int
    code: str
    name: str
    issuer: str
    kind: str
    period_months: int | None
    organization_id: int | None
    requirements: list[RequirementOut]


class RequirementIn(RequestSchema):
    label: Text = Field(min_length=1, max_length=120)
    hours: Decimal = Field(gt=0, le=10_000, max_digits=6, decimal_places=2)
    kind: RequirementKind = RequirementKind.TRAINING
    within_years: int | None = Field(None, ge=1, le=50)
    face_to_face_share: Decimal | None = Field(None, ge=0, le=1, max_digits=3, decimal_places=2)


class RequirementSetIn(RequestSchema):
    name: Text = Field(min_length=1, max_length=120)
    issuer: Text = Field(min_length=1, max_length=120)
    kind: SetKind = SetKind.INITIAL
    period_months: int | None = Field(None, ge=1, le=240)
    items: list[RequirementIn] = Field(min_length=1, max_length=40)


class RowOut(Schema):
    domain: str
    label: str
    kind: str
    required: Decimal
    counted: Decimal
    needed: Decimal
    face_to_face_share: Decimal | None
    met: bool


class ProgressOut(Schema):
    requirement_set_id: int
    name: str
    met: bool
    rows: list[RowOut]


class TrainingIn(RequestSchema):
    domain: Text = Field(max_length=40)
    title: Text = Field(min_length=1, max_length=200)
    provider: Text = Field("", max_length=120)
    # The rules (above 0, at most 40) are the service's, so the page and the API say the same.
    hours: Decimal = Field(max_digits=6, decimal_places=2)
    completed_on: datetime.date
    face_to_face: bool = True


class TrainingOut(Schema):
    id: int
    domain: str
    title: str
    provider: str
    hours: Decimal
    completed_on: datetime.date
    face_to_face: bool


class PracticeIn(RequestSchema):
    kind: PracticeKind
    hours: Decimal = Field(max_digits=7, decimal_places=2)
    from_on: datetime.date
    to_on: datetime.date
    note: Text = Field("", max_length=500)


class PracticeOut(Schema):
    id: int
    person: TraineeOut
    kind: str
    hours: Decimal
    from_on: datetime.date
    to_on: datetime.date
    note: str
    attested_by: TraineeOut | None
    attested_at: datetime.datetime | None


class CredentialIn(RequestSchema):
    requirement_set_id: Id
    number: Text = Field("", max_length=60)
    issued_on: datetime.date
    expires_on: datetime.date


class CredentialOut(Schema):
    id: int
    requirement_set_id: int
    name: str
    number: str
    issued_on: datetime.date
    expires_on: datetime.date


class TeamMemberOut(Schema):
    person: TraineeOut
    progress: list[ProgressOut]
    credentials: list[CredentialOut]


class SupervisionIn(RequestSchema):
    supervisee_id: Id
    supervisor_id: Id


class SupervisionOut(Schema):
    id: int
    organization_id: int
    supervisor: TraineeOut
    supervisee: TraineeOut
    started_at: datetime.datetime
    ended_at: datetime.datetime | None

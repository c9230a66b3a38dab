"""JSON shapes of treatment plans in the API.

A version's content is checked by the plan service (services/plan_content.py), not here: the
API and the plan editor share one check, whose errors name the path of each bad value as a
person reads it (`problems[0].goals[1].objectives[0].target_on`). So the content's leaves are
documented with their types and limits but taken as sent; only the shape (known keys, objects
and lists) is checked on the way in.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import ConfigDict, Field, WithJsonSchema

from alongside.counseling.models import AsamEdition, PlanStatus
from alongside.counseling.services.plan_content import (
    MAX_GOALS,
    MAX_INTERVENTIONS,
    MAX_NOTE,
    MAX_OBJECTIVES,
    MAX_PROBLEMS,
    MAX_SHORT,
    MAX_TEXT,
    ObjectiveStatus,
)
from alongside.schemas import RequestSchema, Text

# Each is a value the plan service checks and names by its path when bad, documented as given.
PlanItemId = Annotated[
    Any,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[a-z][a-z0-9]{0,15}$",
            "description": "Keep the id of an item you change; leave it out for a new item.",
        }
    ),
]
LongText = Annotated[Any, WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_TEXT})]
ShortText = Annotated[
    Any, WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_SHORT})
]
Note = Annotated[Any, WithJsonSchema({"type": "string", "maxLength": MAX_NOTE})]
Dimension = Annotated[Any, WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 6})]
Rating = Annotated[Any, WithJsonSchema({"type": ["integer", "null"], "minimum": 0, "maximum": 4})]
TargetDay = Annotated[
    Any, WithJsonSchema({"type": "string", "format": "date", "examples": ["2026-03-31"]})
]
ObjectiveStatusValue = Annotated[
    Any, WithJsonSchema({"type": "string", "enum": list(ObjectiveStatus.values)})
]


def _required(*names: str) -> ConfigDict:
    # The service says which is missing, by path; the document still says what a plan needs.
    return ConfigDict(extra="forbid", json_schema_extra={"required": list(names)})


class PlanObjectiveIn(RequestSchema):
    model_config = _required("text", "measure", "target_on")

    id: PlanItemId = None
    text: LongText = None
    measure: LongText = Field(None, description="How both of you will tell it is met")
    target_on: TargetDay = None
    status: ObjectiveStatusValue = ObjectiveStatus.NOT_STARTED.value


class PlanGoalIn(RequestSchema):
    model_config = _required("text")

    id: PlanItemId = None
    text: LongText = None
    objectives: list[PlanObjectiveIn] = Field(default_factory=list, max_length=MAX_OBJECTIVES)


class PlanInterventionIn(RequestSchema):
    model_config = _required("what", "who", "how_often")

    id: PlanItemId = None
    what: LongText = None
    who: ShortText = None
    how_often: ShortText = Field(None, description="For example: weekly, twice a month")


class PlanProblemIn(RequestSchema):
    model_config = _required("text", "dimension")

    id: PlanItemId = None
    text: LongText = None
    dimension: Dimension = Field(None, description="The ASAM dimension (1 to 6) it belongs to")
    goals: list[PlanGoalIn] = Field(default_factory=list, max_length=MAX_GOALS)
    interventions: list[PlanInterventionIn] = Field(
        default_factory=list, max_length=MAX_INTERVENTIONS
    )


class PlanAsamIn(RequestSchema):
    model_config = _required("dimension")

    dimension: Dimension = None
    rating: Rating = Field(None, description="Risk from 0 (none) to 4 (severe); null: not yet")
    note: Note = ""


class TreatmentContentIn(RequestSchema):
    """A whole version: what the plan says after the change (the versions before are kept)."""

    asam: list[PlanAsamIn] = Field(default_factory=list, max_length=6)
    problems: list[PlanProblemIn] = Field(default_factory=list, max_length=MAX_PROBLEMS)


class TreatmentPlanIn(RequestSchema):
    edition: AsamEdition = AsamEdition.FOURTH
    review_every_days: int = Field(90, ge=7, le=365)


class TreatmentPlanPatch(RequestSchema):
    review_every_days: int = Field(ge=7, le=365)


class PlanSignatureIn(RequestSchema):
    version: int = Field(
        ge=1, le=2**31 - 1, description="The version you read: signing refuses any other"
    )


class PlanReviewIn(RequestSchema):
    summary: Text = Field(min_length=1, max_length=4000)
    content: TreatmentContentIn | None = Field(
        None, description="The plan's next version, when the review changes it"
    )


# ---------------------------------------------------------------- out


class PlanPersonOut(Schema):
    id: int
    display_name: str


class PlanAsamOut(Schema):
    dimension: int
    name: str = Field(description="The dimension's name in the plan's ASAM edition")
    rating: int | None
    note: str


class PlanObjectiveOut(Schema):
    id: str
    text: str
    measure: str
    target_on: datetime.date | None
    status: ObjectiveStatus


class PlanGoalOut(Schema):
    id: str
    text: str
    objectives: list[PlanObjectiveOut]


class PlanInterventionOut(Schema):
    id: str
    what: str
    who: str
    how_often: str


class PlanProblemOut(Schema):
    id: str
    text: str
    dimension: int
    dimension_name: str
    goals: list[PlanGoalOut]
    interventions: list[PlanInterventionOut]


class TreatmentContentOut(Schema):
    asam: list[PlanAsamOut]
    problems: list[PlanProblemOut]


class PlanVersionSummaryOut(Schema):
    number: int
    written_by: PlanPersonOut | None
    written_at: datetime.datetime
    counselor_signed_at: datetime.datetime | None
    counselor_signed_by: PlanPersonOut | None
    member_signed_at: datetime.datetime | None


class PlanVersionOut(PlanVersionSummaryOut):
    content: TreatmentContentOut
    changes: list[str] = Field(description="What changed from the version before, in words")


class PlanReviewOut(Schema):
    reviewed_on: datetime.date
    by: PlanPersonOut | None
    summary: str
    version: int | None


class TreatmentPlanSummaryOut(Schema):
    id: int
    member: PlanPersonOut
    counselor: PlanPersonOut | None
    organization: str
    edition: AsamEdition
    status: PlanStatus
    review_every_days: int
    next_review_on: datetime.date | None
    latest_version: int
    in_effect_version: int | None = Field(description="The newest version both have signed")
    objectives_met: int
    objectives_total: int


class TreatmentPlanOut(TreatmentPlanSummaryOut):
    current: PlanVersionOut = Field(description="The newest version")
    versions: list[PlanVersionSummaryOut] = Field(description="Every version, newest first")
    reviews: list[PlanReviewOut]

"""Dual recovery: the symptoms a member tracks and the daily symptom log beside the check-in."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from alongside.journey.models import MoodState, SymptomKind
from alongside.privacy.models import Scope
from alongside.privacy.schemas import shared_schema
from alongside.schemas import Id, RequestSchema

CommonSymptom = Literal[
    "low_mood",
    "anxiety",
    "racing_thoughts",
    "voices",
    "trouble_sleeping",
    "irritability",
    "numb",
    "self_harm",
]


class TrackedSymptomOut(Schema):
    id: int
    kind: SymptomKind
    label: str


class SymptomsOut(Schema):
    is_offered: bool = Field(
        description="Whether the check-in asks about symptoms: on the Dual Recovery Anonymous "
        "pathway, or turned on below."
    )
    is_enabled: bool = Field(description="I live with a mental-health condition too.")
    symptoms: list[TrackedSymptomOut]


class SymptomsIn(RequestSchema):
    is_enabled: bool
    kinds: list[CommonSymptom] = Field(default=[], description="Common symptoms to track.")
    keep_own: list[Id] = Field(
        default=[], description="Ids of your own named symptoms to keep tracking."
    )
    new_own: str = Field("", max_length=100, description="A symptom in your own words to add.")


class RatingIn(RequestSchema):
    symptom: Id = Field(description="The id of a symptom you track.")
    intensity: int | None = Field(ge=0, le=10, description="0 (not at all) to 10; null clears it.")


class SymptomLogIn(RequestSchema):
    on: datetime.date | None = None
    mood_state: MoodState | Literal[""] | None = Field(
        None, description='A mood state, "" to clear it, or leave it out to keep the day\'s.'
    )
    symptoms: list[RatingIn] = Field(default=[], max_length=100)


class RatingOut(Schema):
    symptom_id: int
    symptom: str
    intensity: int

    @staticmethod
    def resolve_symptom(obj: Any) -> str:
        return obj.symptom.label


class SymptomLogOut(Schema):
    id: int
    on: datetime.date
    mood_state: MoodState | Literal[""]
    symptoms: list[RatingOut]
    is_late: bool

    @staticmethod
    def resolve_symptoms(obj: Any) -> list[Any]:
        return list(obj.ratings.all())


class SharedRatingOut(Schema):
    symptom: str
    intensity: int


SharedSymptomLogOut = shared_schema(
    "SharedSymptomLogOut",
    Scope.CHECK_INS,
    "symptom_logs",
    {
        "on": datetime.date,
        "mood_state": MoodState | None,
        "symptoms": list[SharedRatingOut],
        "is_late": bool,
    },
)

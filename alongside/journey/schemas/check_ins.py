"""Daily check-ins, their trends, and the support shown when a day is hard."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from alongside.journey.models import Mood
from alongside.journey.schemas.plans import ContactOut, CopingOut, IfThenOut, TriggerOut
from alongside.journey.schemas.tracks import UseAmount
from alongside.privacy.models import Scope
from alongside.privacy.schemas import shared_schema
from alongside.schemas import Id, RequestSchema


class CheckInIn(RequestSchema):
    mood: Mood
    craving: int = Field(ge=0, le=10)
    hungry: bool = False
    angry: bool = False
    lonely: bool = False
    tired: bool = False
    sleep_hours: Decimal | None = Field(None, ge=0, le=24, max_digits=3, decimal_places=1)
    attended_meeting: bool = False
    gratitude: str = Field("", max_length=500)
    note: str = Field("", max_length=5000)
    on: datetime.date | None = None
    triggers: list[Id] | None = Field(None, description="Ids from your own trigger list.")
    coping_used: list[Id] | None = Field(None, description="Ids from your own coping strategies.")
    took_medication: bool | None = Field(
        None, description="Asked of members on medication for OUD/AUD."
    )
    took_psychiatric_medication: bool | None = Field(
        None, description="Dual recovery: took psychiatric medication as prescribed."
    )
    use: dict[Id, UseAmount] | None = Field(
        None, description="Moderation track id → the day's total."
    )


class CheckInOut(Schema):
    id: int
    on: datetime.date
    mood: Mood
    craving: int
    hungry: bool
    angry: bool
    lonely: bool
    tired: bool
    sleep_hours: Decimal | None
    attended_meeting: bool
    took_medication: bool | None = None
    took_psychiatric_medication: bool | None = None
    triggers: list[int] = []
    coping_used: list[int] = []
    gratitude: str
    note: str
    is_late: bool

    @staticmethod
    def resolve_triggers(obj: Any) -> list[int]:
        return [t.pk for t in obj.triggers.all()]

    @staticmethod
    def resolve_coping_used(obj: Any) -> list[int]:
        return [c.pk for c in obj.coping_used.all()]


class CheckInTrendDayOut(Schema):
    on: datetime.date
    mood: int | None
    craving: int | None
    sleep_hours: Decimal | None
    halt: int | None
    attended_meeting: bool | None


class HaltTotalsOut(Schema):
    """Days in the period on which each HALT sign was noted."""

    hungry: int
    angry: int
    lonely: int
    tired: int


class MedicationTrendOut(Schema):
    """Answers to "did you take your medication?" (members on medication only), or, for
    psychiatric medication, "did you take it as prescribed?" (dual recovery, once answered)."""

    taken: int
    missed: int
    unknown: int


class WeekUseOut(Schema):
    start: datetime.date
    total: int
    limit: int | None
    is_over: bool


class ModerationTrendOut(Schema):
    """One moderation track's logged use in the period against the member's limits."""

    track_id: int
    label: str
    unit: str
    daily_limit: int | None
    weekly_limit: int | None
    logged_days: int
    over_days: int
    weeks: list[WeekUseOut]


class SymptomTrendOut(Schema):
    """Dual recovery: one tracked symptom's intensity (0–10) on the days it was logged."""

    label: str
    logged_days: int
    average: float | None
    highest: int | None
    sentence: str


class CheckInTrendOut(Schema):
    days: int
    start: datetime.date
    end: datetime.date
    checked_in: int
    mood_average: float | None
    craving_average: float | None
    high_craving_days: int
    sleep_average: float | None
    meetings: int
    summary: list[str]
    series: list[CheckInTrendDayOut]
    halt: HaltTotalsOut
    medication: MedicationTrendOut | None = None
    psychiatric_medication: MedicationTrendOut | None = None
    moderation: list[ModerationTrendOut] = []
    symptoms: list[SymptomTrendOut] = []


class SupportOut(Schema):
    needed: bool
    high_craving: bool
    triggers: list[TriggerOut]
    coping_strategies: list[CopingOut]
    support_contacts: list[ContactOut]
    if_then_plans: list[IfThenOut]


# ----------------------------------------------------------------------------------------------
# What a grantee reads: each schema has exactly the fields privacy.scopes lists for its record
# (shared_schema refuses any other), described in the words the member agreed to.


SharedCheckInOut = shared_schema(
    "SharedCheckInOut",
    Scope.CHECK_INS,
    "check_ins",
    {
        "on": datetime.date,
        "mood": Mood,
        "craving": int,
        "hungry": bool,
        "angry": bool,
        "lonely": bool,
        "tired": bool,
        "sleep_hours": Decimal | None,
        "attended_meeting": bool,
        "triggers": list[str],
        "coping_used": list[str],
        "is_late": bool,
    },
)
SharedMedicationOut = shared_schema(
    "SharedMedicationOut",
    Scope.MEDICATION,
    "medication",
    {
        "on": datetime.date,
        "took_medication": bool | None,
        "took_psychiatric_medication": bool | None,
    },
)


class MemberMedicationOut(Schema):
    member: str
    medication: list[SharedMedicationOut]  # type: ignore[valid-type]

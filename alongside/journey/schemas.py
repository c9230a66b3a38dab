from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from alongside.journey.models import (
    DateMeaning,
    Domain,
    EndKind,
    GoalStatus,
    Mood,
    TrackGoal,
    TrackKind,
    TriggerKind,
)
from alongside.privacy.models import Scope
from alongside.privacy.schemas import shared_schema
from alongside.schemas import Id, LocalTime, Omittable, RequestSchema, SmallCount

# The model's own limits: a day's use is at most 100; an abstinence period 1–365 days.
UseAmount = Annotated[int, Field(ge=0, le=100)]
AbstinenceDays = Annotated[int, Field(ge=1, le=365)]

# ----------------------------------------------------------------------------------------------
# Check-ins


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
    """Answers to "did you take your medication?" (members on medication only)."""

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
    moderation: list[ModerationTrendOut] = []


# ----------------------------------------------------------------------------------------------
# Tracks and milestones


class MilestoneOut(Schema):
    key: str
    label: str
    on: datetime.date


class StatsOut(Schema):
    current_days: int
    longest_days: int
    total_days: int
    attempts: int
    lapses: int


class ModerationOut(Schema):
    today: int
    week: int
    daily_limit: int | None
    weekly_limit: int | None
    unit: str
    within_limits: bool


class TrackIn(RequestSchema):
    kind: TrackKind
    goal: TrackGoal
    name: str = Field("", max_length=60)
    sobriety_on: datetime.date | None = None
    date_meaning: DateMeaning = DateMeaning.LAST_USE
    daily_limit: SmallCount | None = None
    weekly_limit: SmallCount | None = None
    unit: str = Field("drinks", max_length=30)
    abstinence_days: AbstinenceDays | None = None
    abstinence_starts_on: datetime.date | None = None
    on_medication: bool = False


class TrackPatch(RequestSchema):
    """Only the fields sent change. Limits and the abstinence period may be null (none)."""

    name: str = Omittable(max_length=60)
    sobriety_on: datetime.date = Omittable(
        description="Abstinence tracks: corrects the current attempt's start"
    )
    date_meaning: DateMeaning = Omittable()
    daily_limit: SmallCount | None = None
    weekly_limit: SmallCount | None = None
    unit: str = Omittable(max_length=30)
    abstinence_days: AbstinenceDays | None = None
    abstinence_starts_on: datetime.date | None = None
    on_medication: bool = Omittable()


class TrackOut(Schema):
    id: int
    kind: TrackKind
    name: str
    label: str
    goal: TrackGoal
    sobriety_on: datetime.date | None
    date_meaning: DateMeaning
    daily_limit: int | None
    weekly_limit: int | None
    unit: str
    abstinence_days: int | None
    abstinence_starts_on: datetime.date | None
    on_medication: bool
    archived: bool
    days: int | None = None
    latest_milestone: MilestoneOut | None = None
    next_milestone: MilestoneOut | None = None
    stats: StatsOut | None = None
    moderation: ModerationOut | None = None


class AttemptOut(Schema):
    id: int
    started_on: datetime.date
    ended_on: datetime.date | None
    end_kind: str
    note: str
    days: int


class LapseIn(RequestSchema):
    used_on: datetime.date
    restart_on: datetime.date | None = None
    kind: EndKind = EndKind.LAPSE
    note: str = Field("", max_length=2000)


class UseIn(RequestSchema):
    amount: UseAmount


class UseOut(Schema):
    track_id: int
    on: datetime.date
    amount: int
    moderation: ModerationOut


class CongratulationOut(Schema):
    author: str
    message: str
    created_at: datetime.datetime


class CelebrationOut(Schema):
    id: int
    member: str
    track: str
    milestone_key: str
    label: str
    reached_on: datetime.date
    congratulations: list[CongratulationOut]


class CongratulationIn(RequestSchema):
    message: str = Field("", max_length=280)


# ----------------------------------------------------------------------------------------------
# What a grantee reads: each schema has exactly the fields privacy.scopes lists for its record
# (shared_schema refuses any other), described in the words the member agreed to.


class SharedStepOut(Schema):
    text: str
    done: bool


class SharedCongratulationOut(Schema):
    author: str
    message: str


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
        "took_medication": bool,
    },
)
SharedTrackOut = shared_schema(
    "SharedTrackOut",
    Scope.MILESTONES,
    "tracks",
    {
        "track": str,
        "sobriety_on": datetime.date | None,
        "days": int | None,
        "latest_milestone": MilestoneOut | None,
        "next_milestone": MilestoneOut | None,
    },
)
SharedCelebrationOut = shared_schema(
    "SharedCelebrationOut",
    Scope.MILESTONES,
    "celebrations",
    {
        "id": int,
        "track": str,
        "milestone": str,
        "reached_on": datetime.date,
        "congratulations": list[SharedCongratulationOut],
    },
)
SharedGoalOut = shared_schema(
    "SharedGoalOut",
    Scope.PLANS,
    "goals",
    {
        "title": str,
        "domain": Domain,
        "status": GoalStatus,
        "target_on": datetime.date | None,
        "steps": list[SharedStepOut],
    },
)
SharedTriggerOut = shared_schema(
    "SharedTriggerOut", Scope.PLANS, "triggers", {"name": str, "kind": TriggerKind}
)
SharedWarningSignOut = shared_schema(
    "SharedWarningSignOut", Scope.PLANS, "warning_signs", {"text": str}
)
SharedCopingOut = shared_schema(
    "SharedCopingOut", Scope.PLANS, "coping_strategies", {"text": str, "triggers": list[str]}
)
SharedContactOut = shared_schema(
    "SharedContactOut", Scope.PLANS, "support_contacts", {"name": str, "relationship": str}
)
SharedIfThenOut = shared_schema(
    "SharedIfThenOut", Scope.PLANS, "if_then_plans", {"if_text": str, "then_text": str}
)
SharedSafetySectionOut = shared_schema(
    "SharedSafetySectionOut", Scope.PLANS, "safety_plan", {"heading": str, "text": str}
)


class MemberMedicationOut(Schema):
    member: str
    medication: list[SharedMedicationOut]  # type: ignore[valid-type]


class MemberMilestonesOut(Schema):
    member: str
    tracks: list[SharedTrackOut]  # type: ignore[valid-type]
    celebrations: list[SharedCelebrationOut]  # type: ignore[valid-type]


# ----------------------------------------------------------------------------------------------
# Relapse-prevention plan, safety plan, goals


class TriggerIn(RequestSchema):
    kind: TriggerKind
    name: str = Field(max_length=200)


class TriggerOut(Schema):
    id: int
    kind: TriggerKind
    name: str


class CopingIn(RequestSchema):
    text: str = Field(max_length=500)
    triggers: list[Id] = []


class CopingOut(Schema):
    id: int
    text: str
    triggers: list[int]

    @staticmethod
    def resolve_triggers(obj: Any) -> list[int]:
        return [t.pk for t in obj.triggers.all()]


class TextIn(RequestSchema):
    text: str = Field(max_length=500)


class TextOut(Schema):
    id: int
    text: str


class ContactIn(RequestSchema):
    name: str = Field(max_length=100)
    phone: str = Field(max_length=40)
    relationship: str = Field("", max_length=100)


class ContactOut(Schema):
    id: int
    name: str
    phone: str
    relationship: str
    tel: str
    sms: str

    @staticmethod
    def resolve_tel(obj: Any) -> str:
        return f"tel:{obj.dial}"

    @staticmethod
    def resolve_sms(obj: Any) -> str:
        return f"sms:{obj.dial}"


class IfThenIn(RequestSchema):
    if_text: str = Field(max_length=500)
    then_text: str = Field(max_length=500)


class IfThenOut(Schema):
    id: int
    if_text: str
    then_text: str


class PlanOut(Schema):
    triggers: list[TriggerOut]
    warning_signs: list[TextOut]
    coping_strategies: list[CopingOut]
    support_contacts: list[ContactOut]
    if_then_plans: list[IfThenOut]


class SupportOut(Schema):
    needed: bool
    high_craving: bool
    triggers: list[TriggerOut]
    coping_strategies: list[CopingOut]
    support_contacts: list[ContactOut]
    if_then_plans: list[IfThenOut]


class SafetyPlanIn(RequestSchema):
    warning_signs: str = Omittable(max_length=4000)
    internal_coping: str = Omittable(max_length=4000)
    social_distractions: str = Omittable(max_length=4000)
    people_to_ask: str = Omittable(max_length=4000)
    professionals: str = Omittable(max_length=4000)
    safe_environment: str = Omittable(max_length=4000)
    reason_for_living: str = Omittable(max_length=4000)


class SafetySectionOut(Schema):
    field: str
    heading: str
    text: str


class SafetyPlanLineOut(Schema):
    name: str
    contact: str
    tel: str
    sms: str


class SafetyPlanOut(Schema):
    sections: list[SafetySectionOut]
    crisis_lines: list[SafetyPlanLineOut]
    updated_at: datetime.datetime | None


class StepIn(RequestSchema):
    text: str = Field(max_length=300)
    target_on: datetime.date | None = None


class StepPatch(RequestSchema):
    done: bool


class StepOut(Schema):
    id: int
    text: str
    target_on: datetime.date | None
    done_on: datetime.date | None


class GoalIn(RequestSchema):
    domain: Domain
    title: str = Field(max_length=300)
    why: str = Field("", max_length=2000)
    target_on: datetime.date | None = None
    status: GoalStatus = GoalStatus.NOT_STARTED


class GoalPatch(RequestSchema):
    """Only the fields sent change; only the target date may be null (none)."""

    domain: Domain = Omittable()
    title: str = Omittable(max_length=300)
    why: str = Omittable(max_length=2000)
    target_on: datetime.date | None = None
    status: GoalStatus = Omittable()


class GoalOut(Schema):
    id: int
    domain: Domain
    title: str
    why: str
    target_on: datetime.date | None
    status: GoalStatus
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj: Any) -> list[Any]:
        return list(obj.steps.all())


class MemberPlansOut(Schema):
    member: str
    goals: list[SharedGoalOut]  # type: ignore[valid-type]
    triggers: list[SharedTriggerOut]  # type: ignore[valid-type]
    warning_signs: list[SharedWarningSignOut]  # type: ignore[valid-type]
    coping_strategies: list[SharedCopingOut]  # type: ignore[valid-type]
    support_contacts: list[SharedContactOut]  # type: ignore[valid-type]
    if_then_plans: list[SharedIfThenOut]  # type: ignore[valid-type]
    safety_plan: list[SharedSafetySectionOut]  # type: ignore[valid-type]


# ----------------------------------------------------------------------------------------------
# Journal, worksheets, reminders


class JournalIn(RequestSchema):
    body: str = Field(max_length=20000)
    title: str = Field("", max_length=200)
    written_on: datetime.date | None = None


class JournalOut(Schema):
    id: int
    written_on: datetime.date
    title: str
    body: str
    updated_at: datetime.datetime


class ToolFieldOut(Schema):
    name: str
    label: str
    kind: str
    required: bool
    choices: list[list[str]] = []
    min_value: int | None = None
    max_value: int | None = None


class ToolOut(Schema):
    key: str
    label: str
    description: str
    offered: bool
    has_timer: bool
    fields: list[ToolFieldOut]


class WorksheetIn(RequestSchema):
    tool: str
    on: datetime.date | None = None
    answers: dict[str, Any]


class WorksheetUpdate(RequestSchema):
    on: datetime.date | None = None
    answers: dict[str, Any]


class WorksheetOut(Schema):
    id: int
    tool: str
    on: datetime.date
    answers: dict[str, Any]
    updated_at: datetime.datetime

    @staticmethod
    def resolve_answers(obj: Any) -> dict[str, Any]:
        return obj.values


class ReminderIn(RequestSchema):
    """Times are wall-clock times in your own time zone (`time_zone` on your profile)."""

    is_enabled: bool
    at: LocalTime | None = None
    by_email: bool = False
    quiet_from: LocalTime | None = None
    quiet_until: LocalTime | None = None


class ReminderOut(Schema):
    is_enabled: bool
    at: LocalTime
    by_email: bool
    quiet_from: LocalTime | None
    quiet_until: LocalTime | None
    time_zone: str


PlanKind = Literal[
    "triggers", "coping-strategies", "warning-signs", "support-contacts", "if-then-plans"
]

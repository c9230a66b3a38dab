"""The relapse-prevention plan, the safety plan, and recovery goals with their steps."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from alongside.journey.models import Domain, GoalStatus, TriggerKind, WarningCondition
from alongside.privacy.models import Scope
from alongside.privacy.schemas import shared_schema
from alongside.schemas import Id, Omittable, RequestSchema


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


class WarningSignIn(TextIn):
    condition: WarningCondition = Field(
        WarningCondition.SUBSTANCE_USE,
        description="Dual recovery: a warning sign of the substance use or of the mental-health "
        "condition.",
    )


class WarningSignOut(TextOut):
    condition: WarningCondition


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
    warning_signs: list[WarningSignOut]
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


PlanKind = Literal[
    "triggers", "coping-strategies", "warning-signs", "support-contacts", "if-then-plans"
]


# ----------------------------------------------------------------------------------------------
# What a grantee reads: each schema has exactly the fields privacy.scopes lists for its record
# (shared_schema refuses any other), described in the words the member agreed to.


class SharedStepOut(Schema):
    text: str
    done: bool


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


class MemberPlansOut(Schema):
    member: str
    goals: list[SharedGoalOut]  # type: ignore[valid-type]
    triggers: list[SharedTriggerOut]  # type: ignore[valid-type]
    warning_signs: list[SharedWarningSignOut]  # type: ignore[valid-type]
    coping_strategies: list[SharedCopingOut]  # type: ignore[valid-type]
    support_contacts: list[SharedContactOut]  # type: ignore[valid-type]
    if_then_plans: list[SharedIfThenOut]  # type: ignore[valid-type]
    safety_plan: list[SharedSafetySectionOut]  # type: ignore[valid-type]

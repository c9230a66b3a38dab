"""Plans: the relapse-prevention plan, the safety plan, recovery goals and their steps, and a
member's goals and plans for those they share them with."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.journey import access, services, shared
from alongside.journey.api.common import API, create, invalid
from alongside.journey.models import (
    CopingStrategy,
    IfThenPlan,
    RecoveryGoal,
    SafetyPlan,
    SupportContact,
    Trigger,
    WarningSign,
)
from alongside.journey.schemas import (
    ContactIn,
    ContactOut,
    CopingIn,
    CopingOut,
    GoalIn,
    GoalOut,
    GoalPatch,
    IfThenIn,
    IfThenOut,
    MemberPlansOut,
    PlanKind,
    PlanOut,
    SafetyPlanIn,
    SafetyPlanOut,
    StepIn,
    StepOut,
    StepPatch,
    TriggerIn,
    TriggerOut,
    WarningSignIn,
    WarningSignOut,
)
from alongside.resources.crisis_lines import lines_for
from alongside.schemas import Id

router = Router()

# ----------------------------------------------------------------------------------------------
# Relapse-prevention plan


def plan_out(member) -> dict[str, Any]:
    return {
        "triggers": list(Trigger.objects.for_member(member).live()),
        "warning_signs": list(WarningSign.objects.for_member(member)),
        "coping_strategies": list(
            CopingStrategy.objects.for_member(member).live().prefetch_related("triggers")
        ),
        "support_contacts": list(SupportContact.objects.for_member(member)),
        "if_then_plans": list(IfThenPlan.objects.for_member(member)),
    }


@router.get("/relapse-prevention-plan", response=PlanOut, summary="Your relapse-prevention plan")
def get_plan(request: HttpRequest) -> dict[str, Any]:
    return plan_out(request.user)


@router.post(
    "/relapse-prevention-plan/triggers", response={201: TriggerOut}, summary="Add a trigger"
)
def add_trigger(request: HttpRequest, payload: TriggerIn):
    return create(services.add_trigger, member=request.user, kind=payload.kind, name=payload.name)


@router.post(
    "/relapse-prevention-plan/coping-strategies",
    response={201: CopingOut},
    summary="Add a coping strategy, linked to triggers",
)
def add_coping(request: HttpRequest, payload: CopingIn):
    return create(
        services.add_coping_strategy,
        member=request.user,
        text=payload.text,
        trigger_ids=payload.triggers,
    )


@router.post(
    "/relapse-prevention-plan/warning-signs",
    response={201: WarningSignOut},
    summary="Add a warning sign (for dual recovery, of either condition)",
)
def add_warning_sign(request: HttpRequest, payload: WarningSignIn):
    return create(
        services.add_warning_sign,
        member=request.user,
        text=payload.text,
        condition=payload.condition,
    )


@router.post(
    "/relapse-prevention-plan/support-contacts",
    response={201: ContactOut},
    summary="Add a person to call",
)
def add_contact(request: HttpRequest, payload: ContactIn):
    return create(services.add_support_contact, member=request.user, **payload.dict())


@router.post(
    "/relapse-prevention-plan/if-then-plans",
    response={201: IfThenOut},
    summary="Add an if-then plan",
)
def add_if_then(request: HttpRequest, payload: IfThenIn):
    return create(services.add_if_then_plan, member=request.user, **payload.dict())


@router.delete(
    "/relapse-prevention-plan/{kind}/{item_id}",
    response={204: None},
    summary="Remove a trigger, strategy, warning sign, person or if-then plan",
)
def remove_plan_item(request: AuthenticatedHttpRequest, kind: PlanKind, item_id: Id):
    item = access.access_plan_item(request.user, kind, item_id)
    if isinstance(item, Trigger):
        services.remove_trigger(trigger=item)
    elif isinstance(item, CopingStrategy):
        services.remove_coping_strategy(strategy=item)
    else:
        services.remove_plan_item(item=item)
    return Status(204, None)


# ----------------------------------------------------------------------------------------------
# Safety plan


def _sections(plan: SafetyPlan) -> list[dict[str, str]]:
    return [
        {"field": s["field"], "heading": s["heading"], "text": s["text"]} for s in plan.sections()
    ]


def safety_out(member) -> dict[str, Any]:
    plan = services.safety_plan_for(member)
    return {
        "sections": _sections(plan),
        "crisis_lines": [
            {"name": x.name, "contact": x.contact, "tel": x.tel, "sms": x.sms}
            for x in lines_for(member.country)
        ],
        "updated_at": plan.updated_at if plan.pk else None,
    }


@router.get(
    "/safety-plan",
    response=SafetyPlanOut,
    summary="Your safety plan, its sections in order, with crisis lines",
)
def get_safety_plan(request: HttpRequest) -> dict[str, Any]:
    return safety_out(request.user)


@router.put("/safety-plan", response=SafetyPlanOut, summary="Save sections of your safety plan")
def put_safety_plan(request: AuthenticatedHttpRequest, payload: SafetyPlanIn) -> dict[str, Any]:
    try:
        services.save_safety_plan(member=request.user, **payload.dict(exclude_unset=True))
    except services.JourneyError as error:
        raise invalid(error) from error
    return safety_out(request.user)


# ----------------------------------------------------------------------------------------------
# Recovery goals


@router.get("/goals", response=list[GoalOut], summary="Your recovery goals and their steps")
def list_goals(request: AuthenticatedHttpRequest) -> list[RecoveryGoal]:
    return list(RecoveryGoal.objects.for_member(request.user).prefetch_related("steps"))


@router.post("/goals", response={201: GoalOut}, summary="Add a recovery goal")
def create_goal(request: HttpRequest, payload: GoalIn):
    return create(services.add_goal, member=request.user, **payload.dict())


@router.get("/goals/{goal_id}", response=GoalOut, summary="One of your goals")
def get_goal(request: AuthenticatedHttpRequest, goal_id: Id) -> RecoveryGoal:
    return access.access_goal(request.user, goal_id)


@router.patch("/goals/{goal_id}", response=GoalOut, summary="Change a goal or mark its progress")
def patch_goal(request: AuthenticatedHttpRequest, goal_id: Id, payload: GoalPatch) -> RecoveryGoal:
    goal = access.access_goal(request.user, goal_id)
    try:
        return services.update_goal(goal=goal, **payload.dict(exclude_unset=True))
    except services.JourneyError as error:
        raise invalid(error) from error


@router.delete("/goals/{goal_id}", response={204: None}, summary="Delete a goal and its steps")
def delete_goal(request: AuthenticatedHttpRequest, goal_id: Id):
    services.delete_goal(goal=access.access_goal(request.user, goal_id))
    return Status(204, None)


@router.post("/goals/{goal_id}/steps", response={201: StepOut}, summary="Add a step to a goal")
def add_step(request: AuthenticatedHttpRequest, goal_id: Id, payload: StepIn):
    return create(
        services.add_step, goal=access.access_goal(request.user, goal_id), **payload.dict()
    )


@router.patch(
    "/goals/{goal_id}/steps/{step_id}", response=StepOut, summary="Mark a step done or not done"
)
def patch_step(request: AuthenticatedHttpRequest, goal_id: Id, step_id: Id, payload: StepPatch):
    return services.mark_step(
        step=access.access_goal_step(request.user, goal_id, step_id), done=payload.done
    )


@router.delete("/goals/{goal_id}/steps/{step_id}", response={204: None}, summary="Delete a step")
def delete_step(request: AuthenticatedHttpRequest, goal_id: Id, step_id: Id):
    services.delete_step(step=access.access_goal_step(request.user, goal_id, step_id))
    return Status(204, None)


@router.get(
    "/members/{member_id}/plans",
    response=MemberPlansOut,
    summary="A member's goals and plans, when they share plans with you",
)
def member_plans(request: AuthenticatedHttpRequest, member_id: Id) -> dict[str, Any]:
    member = access.access_member_plans(request.user, member_id, interface=API)
    return {"member": member.display_name, **shared.plans_of(member)}

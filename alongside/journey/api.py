"""The journey in the JSON API: every member action of the pages, through the same access
functions and services. Errors: 404 for missing or not-yours, 422 naming the field."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.errors import ValidationError
from pydantic import AfterValidator, WithJsonSchema

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.journey import access, services, shared
from alongside.journey.models import (
    Celebration,
    CheckIn,
    CopingStrategy,
    IfThenPlan,
    JournalEntry,
    RecoveryGoal,
    SafetyPlan,
    SupportContact,
    Track,
    Trigger,
    WarningSign,
    Worksheet,
)
from alongside.journey.schemas import (
    AttemptOut,
    CelebrationOut,
    CheckInIn,
    CheckInOut,
    CheckInTrendOut,
    CongratulationIn,
    ContactIn,
    ContactOut,
    CopingIn,
    CopingOut,
    GoalIn,
    GoalOut,
    GoalPatch,
    IfThenIn,
    IfThenOut,
    JournalIn,
    JournalOut,
    LapseIn,
    MemberMedicationOut,
    MemberMilestonesOut,
    MemberPlansOut,
    PlanKind,
    PlanOut,
    ReminderIn,
    ReminderOut,
    SafetyPlanIn,
    SafetyPlanOut,
    SharedCheckInOut,
    StepIn,
    StepOut,
    StepPatch,
    SupportOut,
    TextIn,
    TextOut,
    ToolOut,
    TrackIn,
    TrackOut,
    TrackPatch,
    TriggerIn,
    TriggerOut,
    UseIn,
    UseOut,
    WorksheetIn,
    WorksheetOut,
    WorksheetUpdate,
)
from alongside.journey.summary import track_card, tracks_with_history, week_use_prefetch
from alongside.journey.tools import TOOLS, get_tool, tools_for
from alongside.journey.trends import PERIODS, check_in_trend
from alongside.notifications import services as notifications
from alongside.privacy.models import Action, Interface
from alongside.resources.crisis_lines import lines_for
from alongside.schemas import Day, Id, Text

router = Router(tags=["journey"])


def _known_period(days: int) -> int:
    if days not in PERIODS:
        raise ValueError(f"Choose {', '.join(str(p) for p in PERIODS)} days.")
    return days


TrendDays = Annotated[
    int, AfterValidator(_known_period), WithJsonSchema({"type": "integer", "enum": list(PERIODS)})
]
API = Interface.API


def invalid(error: services.JourneyError) -> ValidationError:
    """A service's refusal as the API's 422, naming the field."""
    if isinstance(error, services.WorksheetInvalid):
        return ValidationError(
            [
                {"loc": ("body", "payload", "answers", name), "msg": message}
                for name, messages in error.errors.items()
                for message in messages
            ]
        )
    return ValidationError([{"loc": ("body", "payload", error.field), "msg": error.message}])


# ----------------------------------------------------------------------------------------------
# Check-ins


@router.get("/check-ins", response=list[CheckInOut], summary="Your own recent check-ins")
def my_check_ins(request: AuthenticatedHttpRequest) -> list[CheckIn]:
    return list(
        CheckIn.objects.for_member(request.user).prefetch_related("triggers", "coping_used")[:90]
    )


@router.post(
    "/check-ins", response={201: CheckInOut, 200: CheckInOut}, summary="Record today's check-in"
)
def post_check_in(request: AuthenticatedHttpRequest, payload: CheckInIn):
    values = payload.dict(exclude={"on"}, exclude_none=True)
    values.setdefault("sleep_hours", None)
    on = payload.on or request.user.local_today()
    try:
        created = services.record_check_in(member=request.user, on=on, **values)
    except services.JourneyError as error:
        raise invalid(error) from error
    check_in = (
        CheckIn.objects.for_member(request.user)
        .prefetch_related("triggers", "coping_used")
        .get(on=on)
    )
    return Status(201 if created else 200, check_in)


@router.get(
    "/check-ins/trends",
    response=CheckInTrendOut,
    summary="Your check-in trends over 7, 30 or 90 days",
)
def check_in_trends(request: AuthenticatedHttpRequest, days: TrendDays = 30) -> dict[str, Any]:
    trend = check_in_trend(request.user, days)
    series = [
        {
            "on": row.on,
            "mood": row.check_in.mood if row.check_in else None,
            "craving": row.check_in.craving if row.check_in else None,
            "sleep_hours": row.check_in.sleep_hours if row.check_in else None,
            "halt": row.check_in.halt_count if row.check_in else None,
            "attended_meeting": row.check_in.attended_meeting if row.check_in else None,
        }
        for row in trend.rows
    ]
    return {
        **{
            k: getattr(trend, k)
            for k in (
                "days",
                "start",
                "end",
                "checked_in",
                "mood_average",
                "craving_average",
                "high_craving_days",
                "sleep_average",
                "meetings",
                "summary",
            )
        },
        "series": series,
        "halt": {
            "hungry": sum(1 for r in trend.rows if r.check_in and r.check_in.hungry),
            "angry": sum(1 for r in trend.rows if r.check_in and r.check_in.angry),
            "lonely": sum(1 for r in trend.rows if r.check_in and r.check_in.lonely),
            "tired": sum(1 for r in trend.rows if r.check_in and r.check_in.tired),
        },
        "medication": (
            {
                "taken": trend.medication.taken,
                "missed": trend.medication.missed,
                "unknown": trend.medication.unknown,
            }
            if trend.medication
            else None
        ),
        "moderation": [
            {
                "track_id": m.track.pk,
                "label": m.track.label,
                "unit": m.track.unit,
                "daily_limit": m.track.daily_limit,
                "weekly_limit": m.track.weekly_limit,
                "logged_days": m.logged_days,
                "over_days": m.over_days,
                "weeks": [
                    {"start": w.start, "total": w.total, "limit": w.limit, "is_over": w.is_over}
                    for w in m.weeks
                ],
            }
            for m in trend.moderation
        ],
    }


@router.get(
    "/check-ins/today/support",
    response=SupportOut,
    summary="After a strong craving or a trigger: your linked strategies and people to call",
)
def todays_support(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    todays = CheckIn.objects.for_member(request.user).filter(on=request.user.local_today()).first()
    support = services.support_for(todays) if todays else services.Support()
    return {
        "needed": support.needed,
        "high_craving": support.high_craving,
        "triggers": support.triggers,
        "coping_strategies": support.strategies,
        "support_contacts": support.contacts,
        "if_then_plans": support.if_thens,
    }


@router.get(
    "/members/{member_id}/check-ins",
    response=list[SharedCheckInOut],  # type: ignore[valid-type]  # a schema built by shared_schema()
    summary="A member's check-ins, when they share them with you (never the note, gratitude or medication)",
)
def member_check_ins(request: AuthenticatedHttpRequest, member_id: Id) -> list[dict[str, Any]]:
    _member, check_ins = access.access_member_check_ins(request.user, member_id, interface=API)
    return shared.check_ins(check_ins)


@router.get(
    "/members/{member_id}/medication",
    response=MemberMedicationOut,
    summary="Whether a member took their medication as planned, when they share medication with you",
)
def member_medication(request: AuthenticatedHttpRequest, member_id: Id) -> dict[str, Any]:
    member, check_ins = access.access_member_medication(request.user, member_id, interface=API)
    return {"member": member.display_name, "medication": shared.medication(check_ins)}


# ----------------------------------------------------------------------------------------------
# Tracks


def track_out(track: Track, today: datetime.date) -> dict[str, Any]:
    card = track_card(track, today)
    data = {
        name: getattr(track, name)
        for name in (
            "id",
            "kind",
            "name",
            "label",
            "goal",
            "sobriety_on",
            "date_meaning",
            "daily_limit",
            "weekly_limit",
            "unit",
            "abstinence_days",
            "abstinence_starts_on",
            "on_medication",
        )
    }
    data["archived"] = track.archived_at is not None
    if card.progress is not None:
        data["days"] = card.progress.days
        latest, upcoming = card.progress.latest, card.progress.next
        data["latest_milestone"] = (
            {"key": latest.key, "label": _label(latest.key), "on": latest.on} if latest else None
        )
        data["next_milestone"] = {
            "key": upcoming.key,
            "label": _label(upcoming.key),
            "on": upcoming.on,
        }
    if card.stats is not None:
        data["stats"] = card.stats.__dict__
    if card.moderation is not None:
        data["moderation"] = {
            **card.moderation.__dict__,
            "within_limits": card.moderation.within_limits,
        }
    return data


def _label(key: str) -> str:
    from alongside.journey.models import milestone_label

    return milestone_label(key)


def _one_track(request: AuthenticatedHttpRequest, track_id: Id) -> Track:
    track = access.access_track(request.user, track_id)
    prefetch_related_objects([track], "attempts", week_use_prefetch(request.user.local_today()))
    return track


@router.get(
    "/tracks",
    response=list[TrackOut],
    summary="Your tracks, with day counts, milestones and limits",
)
def list_tracks(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    today = request.user.local_today()
    return [track_out(t, today) for t in tracks_with_history(request.user, today)]


@router.post(
    "/tracks", response={201: TrackOut}, summary="Start a track (abstinence or moderation)"
)
def create_track(request: AuthenticatedHttpRequest, payload: TrackIn):
    try:
        track = services.start_track(member=request.user, **payload.dict())
    except services.JourneyError as error:
        raise invalid(error) from error
    return Status(201, track_out(_one_track(request, track.pk), request.user.local_today()))


@router.get("/tracks/{track_id}", response=TrackOut, summary="One of your tracks")
def get_track(request: AuthenticatedHttpRequest, track_id: Id) -> dict[str, Any]:
    return track_out(_one_track(request, track_id), request.user.local_today())


@router.patch(
    "/tracks/{track_id}", response=TrackOut, summary="Change a track, or correct its sobriety date"
)
def patch_track(
    request: AuthenticatedHttpRequest, track_id: Id, payload: TrackPatch
) -> dict[str, Any]:
    track = access.access_track(request.user, track_id)
    try:
        services.update_track(track=track, **payload.dict(exclude_unset=True))
    except services.JourneyError as error:
        raise invalid(error) from error
    return track_out(_one_track(request, track_id), request.user.local_today())


@router.post(
    "/tracks/{track_id}/archive",
    response=TrackOut,
    summary="Put a track away (its history is kept)",
)
def archive_track(request: AuthenticatedHttpRequest, track_id: Id) -> dict[str, Any]:
    services.archive_track(track=access.access_track(request.user, track_id))
    return track_out(_one_track(request, track_id), request.user.local_today())


def _attempts(track: Track, today: datetime.date) -> list[dict[str, Any]]:
    return [
        {
            "id": a.pk,
            "started_on": a.started_on,
            "ended_on": a.ended_on,
            "end_kind": a.end_kind,
            "note": a.note,
            "days": a.days(today),
        }
        for a in track.attempts.all()
    ]


@router.get(
    "/tracks/{track_id}/attempts",
    response=list[AttemptOut],
    summary="Every attempt on a track, oldest first",
)
def list_attempts(request: AuthenticatedHttpRequest, track_id: Id) -> list[dict[str, Any]]:
    return _attempts(_one_track(request, track_id), request.user.local_today())


@router.post(
    "/tracks/{track_id}/lapses",
    response={201: AttemptOut},
    summary="Record a lapse or relapse: the count starts again, history is kept",
)
def record_lapse(request: AuthenticatedHttpRequest, track_id: Id, payload: LapseIn):
    track = access.access_track(request.user, track_id)
    try:
        attempt = services.record_relapse(track=track, **payload.dict())
    except services.JourneyError as error:
        raise invalid(error) from error
    today = request.user.local_today()
    return Status(
        201,
        {
            "id": attempt.pk,
            "started_on": attempt.started_on,
            "ended_on": None,
            "end_kind": "",
            "note": "",
            "days": attempt.days(today),
        },
    )


@router.put(
    "/tracks/{track_id}/use/{on}", response=UseOut, summary="Set a day's use on a moderation track"
)
def put_use(
    request: AuthenticatedHttpRequest, track_id: Id, on: Day, payload: UseIn
) -> dict[str, Any]:
    track = access.access_track(request.user, track_id)
    try:
        day = services.set_use(track=track, on=on, amount=payload.amount)
    except services.JourneyError as error:
        raise invalid(error) from error
    status = services.moderation_status(track, request.user.local_today())
    return {
        "track_id": track.pk,
        "on": day.on,
        "amount": day.amount,
        # set_use took only a moderation track, which always has a status
        "moderation": {**status.__dict__, "within_limits": status.within_limits},  # type: ignore[union-attr]
    }


# ----------------------------------------------------------------------------------------------
# Celebrations and supporters' view of milestones


def celebration_out(celebration: Celebration) -> dict[str, Any]:
    return {
        "id": celebration.pk,
        "member": celebration.member.display_name,
        "track": celebration.track.label,
        "milestone_key": celebration.milestone_key,
        "label": celebration.label,
        "reached_on": celebration.reached_on,
        "congratulations": [
            {"author": c.author.display_name, "message": c.message, "created_at": c.created_at}
            for c in celebration.congratulations.all()
        ],
    }


def _celebrations(member) -> list[Celebration]:
    return list(
        Celebration.objects.standing()
        .filter(member=member)
        .select_related("member", "track")
        .prefetch_related("congratulations__author")[:50]
    )


@router.get("/celebrations", response=list[CelebrationOut], summary="Your milestone celebrations")
def my_celebrations(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    services.sync_celebrations(member=request.user)
    return [celebration_out(c) for c in _celebrations(request.user)]


@router.get(
    "/celebrations/{celebration_id}",
    response=CelebrationOut,
    summary="A celebration, for its member or someone they share milestones with",
)
def get_celebration(request: AuthenticatedHttpRequest, celebration_id: Id) -> dict[str, Any]:
    return celebration_out(access.access_celebration(request.user, celebration_id, interface=API))


@router.post(
    "/celebrations/{celebration_id}/congratulations",
    response={201: CelebrationOut, 200: CelebrationOut},
    summary="Congratulate a member you support on a milestone",
)
def post_congratulation(
    request: AuthenticatedHttpRequest, celebration_id: Id, payload: CongratulationIn
):
    celebration = access.access_celebration(
        request.user, celebration_id, interface=API, action=Action.WRITE
    )
    try:
        _congratulation, created = services.congratulate(
            celebration=celebration, author=request.user, message=payload.message
        )
    except services.JourneyError as error:
        raise invalid(error) from error
    return Status(201 if created else 200, celebration_out(celebration))


@router.get(
    "/members/{member_id}/milestones",
    response=MemberMilestonesOut,
    summary="A member's milestones, when they share them with you",
)
def member_milestones(request: AuthenticatedHttpRequest, member_id: Id) -> dict[str, Any]:
    member, covered = access.access_member_milestones(request.user, member_id, interface=API)
    return {"member": member.display_name, **shared.milestones_of(member, covered)}


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


def _create(call, *args: Any, **kwargs: Any):
    try:
        return Status(201, call(*args, **kwargs))
    except services.JourneyError as error:
        raise invalid(error) from error


@router.post(
    "/relapse-prevention-plan/triggers", response={201: TriggerOut}, summary="Add a trigger"
)
def add_trigger(request: HttpRequest, payload: TriggerIn):
    return _create(services.add_trigger, member=request.user, kind=payload.kind, name=payload.name)


@router.post(
    "/relapse-prevention-plan/coping-strategies",
    response={201: CopingOut},
    summary="Add a coping strategy, linked to triggers",
)
def add_coping(request: HttpRequest, payload: CopingIn):
    return _create(
        services.add_coping_strategy,
        member=request.user,
        text=payload.text,
        trigger_ids=payload.triggers,
    )


@router.post(
    "/relapse-prevention-plan/warning-signs", response={201: TextOut}, summary="Add a warning sign"
)
def add_warning_sign(request: HttpRequest, payload: TextIn):
    return _create(services.add_warning_sign, member=request.user, text=payload.text)


@router.post(
    "/relapse-prevention-plan/support-contacts",
    response={201: ContactOut},
    summary="Add a person to call",
)
def add_contact(request: HttpRequest, payload: ContactIn):
    return _create(services.add_support_contact, member=request.user, **payload.dict())


@router.post(
    "/relapse-prevention-plan/if-then-plans",
    response={201: IfThenOut},
    summary="Add an if-then plan",
)
def add_if_then(request: HttpRequest, payload: IfThenIn):
    return _create(services.add_if_then_plan, member=request.user, **payload.dict())


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
    return _create(services.add_goal, member=request.user, **payload.dict())


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
    return _create(
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


# ----------------------------------------------------------------------------------------------
# Journal (the member's alone)


@router.get("/journal", response=list[JournalOut], summary="Your private journal (never shared)")
def list_journal(request: AuthenticatedHttpRequest) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(member=request.user)[:200])


@router.post("/journal", response={201: JournalOut}, summary="Write a journal entry")
def create_journal_entry(request: HttpRequest, payload: JournalIn):
    return _create(services.write_journal_entry, member=request.user, **payload.dict())


@router.get("/journal/{entry_id}", response=JournalOut, summary="One journal entry")
def get_journal_entry(request: AuthenticatedHttpRequest, entry_id: Id) -> JournalEntry:
    return access.access_journal_entry(request.user, entry_id)


@router.put("/journal/{entry_id}", response=JournalOut, summary="Rewrite a journal entry")
def put_journal_entry(
    request: AuthenticatedHttpRequest, entry_id: Id, payload: JournalIn
) -> JournalEntry:
    entry = access.access_journal_entry(request.user, entry_id)
    try:
        return services.update_journal_entry(entry=entry, **payload.dict())
    except services.JourneyError as error:
        raise invalid(error) from error


@router.delete("/journal/{entry_id}", response={204: None}, summary="Delete a journal entry")
def delete_journal_entry(request: AuthenticatedHttpRequest, entry_id: Id):
    services.delete_journal_entry(entry=access.access_journal_entry(request.user, entry_id))
    return Status(204, None)


# ----------------------------------------------------------------------------------------------
# Pathway tools and worksheets


@router.get(
    "/tools",
    response=list[ToolOut],
    summary="Pathway tools, those for your pathways marked offered",
)
def list_tools(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    offered, _others = tools_for(request.user.pathways)
    return [
        {
            "key": t.key,
            "label": str(t.label),
            "description": str(t.description),
            "offered": t in offered,
            "has_timer": t.has_timer,
            "fields": [
                {
                    "name": f.name,
                    "label": str(f.label),
                    "kind": f.kind,
                    "required": f.required,
                    "choices": [[k, str(v)] for k, v in f.choices],
                    "min_value": f.min_value,
                    "max_value": f.max_value,
                }
                for f in t.fields
            ],
        }
        for t in TOOLS
    ]


@router.get(
    "/worksheets", response=list[WorksheetOut], summary="Your saved worksheets, newest first"
)
def list_worksheets(
    request: AuthenticatedHttpRequest,
    tool: Text | None = Query(None),  # noqa: B008
) -> list[Worksheet]:
    found = Worksheet.objects.filter(member=request.user)
    if tool:
        found = found.filter(tool=tool)
    return list(found[:200])


@router.post(
    "/worksheets", response={201: WorksheetOut}, summary="Save a worksheet to your history"
)
def create_worksheet(request: HttpRequest, payload: WorksheetIn):
    if get_tool(payload.tool) is None:
        raise ValidationError(
            [{"loc": ("body", "payload", "tool"), "msg": "There is no such tool."}]
        )
    return _create(
        services.save_worksheet,
        member=request.user,
        tool_key=payload.tool,
        answers=payload.answers,
        on=payload.on,
    )


@router.get("/worksheets/{worksheet_id}", response=WorksheetOut, summary="One saved worksheet")
def get_worksheet(request: AuthenticatedHttpRequest, worksheet_id: Id) -> Worksheet:
    return access.access_worksheet(request.user, worksheet_id)


@router.put("/worksheets/{worksheet_id}", response=WorksheetOut, summary="Change a saved worksheet")
def put_worksheet(
    request: AuthenticatedHttpRequest, worksheet_id: Id, payload: WorksheetUpdate
) -> Worksheet:
    sheet = access.access_worksheet(request.user, worksheet_id)
    try:
        return services.save_worksheet(
            member=request.user,
            tool_key=sheet.tool,
            answers=payload.answers,
            on=payload.on,
            worksheet=sheet,
        )
    except services.JourneyError as error:
        raise invalid(error) from error


@router.delete("/worksheets/{worksheet_id}", response={204: None}, summary="Delete a worksheet")
def delete_worksheet(request: AuthenticatedHttpRequest, worksheet_id: Id):
    services.delete_worksheet(worksheet=access.access_worksheet(request.user, worksheet_id))
    return Status(204, None)


# ----------------------------------------------------------------------------------------------
# Reminder


def reminder_out(member) -> dict[str, Any]:
    reminder = services.reminder_for(member)
    preference = notifications.preference_for(member)
    return {
        "is_enabled": reminder.is_enabled,
        "at": reminder.at,
        "by_email": reminder.by_email,
        "quiet_from": preference.quiet_from,
        "quiet_until": preference.quiet_until,
        "time_zone": member.time_zone,
    }


@router.get(
    "/reminders/check-in",
    response=ReminderOut,
    summary="Your daily check-in reminder and quiet hours",
)
def get_reminder(request: HttpRequest) -> dict[str, Any]:
    return reminder_out(request.user)


@router.put(
    "/reminders/check-in",
    response=ReminderOut,
    summary="Set your daily check-in reminder and quiet hours",
)
def put_reminder(request: AuthenticatedHttpRequest, payload: ReminderIn) -> dict[str, Any]:
    if (payload.quiet_from is None) != (payload.quiet_until is None):
        raise ValidationError(
            [
                {
                    "loc": ("body", "payload", "quiet_until"),
                    "msg": "Quiet hours need both a start and an end.",
                }
            ]
        )
    try:
        services.set_check_in_reminder(
            member=request.user,
            is_enabled=payload.is_enabled,
            at=payload.at,
            by_email=payload.by_email,
        )
    except services.JourneyError as error:
        raise invalid(error) from error
    notifications.set_quiet_hours(
        user=request.user, quiet_from=payload.quiet_from, quiet_until=payload.quiet_until
    )
    return reminder_out(request.user)

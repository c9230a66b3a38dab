"""The caseload API under /api/v1/caseload/: the same services and access as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.api_errors import ApiError
from alongside.caseload import access, services
from alongside.caseload.models import CaseRecord, Intake
from alongside.caseload.schemas import (
    Barc10Out,
    CaseRecordIn,
    CaseRecordOut,
    CaseRowOut,
    EngagementIn,
    FollowUpIn,
    FollowUpOut,
    IntakeIn,
    MemberGoalIn,
    MemberGoalOut,
    MemberGoalPatch,
    MemberStepIn,
    MemberStepOut,
    MemberStepPatch,
    SettingsIn,
    SettingsOut,
    TeamCaseloadCountsOut,
    TeamCaseloadOut,
)
from alongside.journey.models import GoalStep, RecoveryGoal
from alongside.privacy.models import Action, Interface
from alongside.schemas import Id

router = Router(tags=["caseload"])
API = Interface.API


def _intake(intake: Intake | None) -> dict[str, Any] | None:
    if intake is None:
        return None
    return {
        "on": intake.on,
        "referral": intake.referral,
        "referral_note": intake.referral_note,
        "pathways": intake.pathways,
        "needs": intake.needs,
        "help_wanted": intake.help_wanted,
        "contact_times": intake.contact_times,
    }


def _record(record: CaseRecord) -> dict[str, Any]:
    return {
        "member_id": record.member_id,
        "display_name": str(record.member.display_name),
        "organization": record.organization.name,
        "pathway": record.pathway,
        "ok_to_text": record.ok_to_text,
        "ok_to_call": record.ok_to_call,
        "needs_reassignment": record.needs_reassignment,
        "intake": _intake(services.intake_of(record)),
        "barc10_requested_on": record.barc10_requested_on,
        "engagements": [
            {
                "id": e.pk,
                "kind": e.kind,
                "on": e.on,
                "minutes": e.minutes,
                "note": e.note,
                "by": str(e.by.display_name) if e.by else None,
            }
            for e in record.engagements.select_related("by")[:200]
        ],
        "follow_ups": [_follow_up(f) for f in record.follow_ups.all()[:200]],
    }


def _follow_up(follow_up) -> dict[str, Any]:
    return {
        "id": follow_up.pk,
        "due_on": follow_up.due_on,
        "about": follow_up.about,
        "done_at": follow_up.done_at,
    }


def _row(row: services.Row) -> dict[str, Any]:
    return {
        "member_id": row.member.pk,
        "display_name": str(row.member.display_name),
        "shares": row.shares,
        "pathway": row.record.pathway if row.record else None,
        "ok_to_text": bool(row.record and row.record.ok_to_text),
        "ok_to_call": bool(row.record and row.record.ok_to_call),
        "needs_reassignment": row.needs_reassignment,
        "last_contact": row.last_contact,
        "next_follow_up": row.next_follow_up,
        "follow_ups_overdue": row.overdue_follow_ups,
        "gone_quiet": row.is_quiet,
        "assigned_to_you": row.is_assigned_to_staff,
        "last_barc10_on": row.last_barc10,
        "barc10_due_on": row.barc10_due_on,
        "barc10_due": row.barc10_due,
    }


def _goal(goal: RecoveryGoal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "title": goal.title,
        "domain": goal.domain,
        "status": goal.status,
        "target_on": goal.target_on,
        "steps": [_step(s) for s in goal.steps.all()],
    }


def _step(step: GoalStep) -> dict[str, Any]:
    return {"id": step.pk, "text": step.text, "done": step.is_done}


# ---------------------------------------------------------------- the table and its setting


@router.get("/caseload", response=list[CaseRowOut], summary="Everyone who shares with you")
def get_caseload(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    return [_row(row) for row in services.shown_rows(services.caseload(request.user))]


@router.get(
    "/caseload/settings", response=SettingsOut, summary="After how many days someone is quiet"
)
def get_settings(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return {"quiet_after_days": services.quiet_after_days(request.user)}


@router.put(
    "/caseload/settings", response=SettingsOut, summary="Change after how many days (1 to 365)"
)
def put_settings(request: AuthenticatedHttpRequest, payload: SettingsIn) -> dict[str, Any]:
    setting = services.set_quiet_after(staff=request.user, days=payload.quiet_after_days)
    return {"quiet_after_days": setting.quiet_after_days}


# ---------------------------------------------------------------- supervisors


def _counts(counts: services.Counts) -> dict[str, int]:
    return {
        "people": counts.people,
        "quiet": counts.quiet,
        "follow_ups_overdue": counts.follow_ups_overdue,
        "needs_reassignment": counts.needs_reassignment,
        "barc10_due": counts.barc10_due,
    }


@router.get(
    "/caseload/team",
    response=list[TeamCaseloadCountsOut],
    summary="The caseloads of the peer specialists you supervise, as counts",
)
def get_team(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "supervisee_id": m.person.pk,
            "display_name": str(m.person.display_name),
            "counts": _counts(m.counts),
        }
        for m in services.team_caseloads(request.user)
    ]


@router.get(
    "/caseload/team/{supervisee_id}",
    response=TeamCaseloadOut,
    summary="A supervisee's caseload: counts, and the people who also share with you",
)
def get_team_caseload(request: AuthenticatedHttpRequest, supervisee_id: Id) -> dict[str, Any]:
    supervision = access.access_supervision(request.user, supervisee_id)
    page, counts = access.supervisee_caseload(request.user, supervision, interface=API)
    return {
        "supervisee_id": supervision.supervisee.pk,
        "display_name": str(supervision.supervisee.display_name),
        "counts": _counts(counts),
        "named": [_row(row) for row in page.object_list],
    }


# ---------------------------------------------------------------- one person's record


@router.get("/caseload/{member_id}", response=CaseRecordOut, summary="One person's case record")
def get_record(request: AuthenticatedHttpRequest, member_id: Id) -> dict[str, Any]:
    return _record(access.access_member_record(request.user, member_id, interface=API))


@router.put("/caseload/{member_id}", response=CaseRecordOut, summary="Service pathway and contact")
def put_record(
    request: AuthenticatedHttpRequest, member_id: Id, payload: CaseRecordIn
) -> dict[str, Any]:
    record = access.access_member_record(request.user, member_id, interface=API)
    services.update_record(
        record=record,
        pathway=payload.pathway,
        ok_to_text=payload.ok_to_text,
        ok_to_call=payload.ok_to_call,
    )
    return _record(record)


@router.put(
    "/caseload/{member_id}/intake",
    response=CaseRecordOut,
    summary="Write the intake (comprehensive pathway only)",
)
def put_intake(
    request: AuthenticatedHttpRequest, member_id: Id, payload: IntakeIn
) -> dict[str, Any]:
    record = access.access_member_record(request.user, member_id, interface=API)
    services.save_intake(record=record, by=request.user, **payload.model_dump())
    return _record(record)


@router.get(
    "/caseload/{member_id}/barc10",
    response=Barc10Out,
    summary="Their last BARC-10 and when one is due (when they share assessments)",
)
def get_barc10(request: AuthenticatedHttpRequest, member_id: Id) -> dict[str, Any]:
    record = access.access_member_record(request.user, member_id, interface=API)
    shared, latest = access.last_barc10_for(request.user, record.member, interface=API)
    last_on = latest.taken_at.astimezone(record.member.zone).date() if latest else None
    intake = services.intake_of(record)
    return {
        "shared": shared,
        "last_score": latest.total if latest else None,
        "last_on": last_on,
        "due_on": (
            services.barc10_due_on(record, last_on, intake.on if intake else None)
            if shared
            else None
        ),
        "requested_on": record.barc10_requested_on,
    }


@router.post(
    "/caseload/{member_id}/barc10/request",
    response={201: CaseRecordOut, 409: dict},
    summary="Ask them to complete the BARC-10 (a notice; once a day, 409 after)",
)
def post_barc10_request(request: AuthenticatedHttpRequest, member_id: Id):
    record = access.access_member_record(request.user, member_id, interface=API)
    try:
        services.request_barc10(record=record, by=request.user)
    except ValidationError as error:
        raise ApiError(409, "conflict", " ".join(error.messages)) from None
    return Status(201, _record(record))


@router.post(
    "/caseload/{member_id}/engagements",
    response={201: CaseRecordOut},
    summary="Record an engagement (its note is kept encrypted)",
)
def post_engagement(request: AuthenticatedHttpRequest, member_id: Id, payload: EngagementIn):
    record = access.access_member_record(request.user, member_id, interface=API)
    services.record_engagement(record=record, by=request.user, **payload.model_dump())
    return Status(201, _record(record))


@router.post(
    "/caseload/{member_id}/follow-ups",
    response={201: FollowUpOut},
    summary="Set a follow-up (not before the engagement it follows)",
)
def post_follow_up(request: AuthenticatedHttpRequest, member_id: Id, payload: FollowUpIn):
    record = access.access_member_record(request.user, member_id, interface=API)
    engagement = None
    if payload.engagement_id is not None:
        engagement = record.engagements.filter(pk=payload.engagement_id).first()
        if engagement is None:
            raise ValidationError({"engagement_id": "No such engagement in this record."})
    made = services.add_follow_up(
        record=record,
        by=request.user,
        due_on=payload.due_on,
        about=payload.about,
        engagement=engagement,
    )
    return Status(201, _follow_up(made))


@router.post(
    "/caseload/follow-ups/{follow_up_id}/done",
    response={200: FollowUpOut, 409: dict},
    summary="Mark a follow-up done (409 if it already is)",
)
def follow_up_done(request: AuthenticatedHttpRequest, follow_up_id: Id) -> dict[str, Any]:
    found = access.access_follow_up(request.user, follow_up_id)
    try:
        services.complete_follow_up(follow_up=found)
    except ValidationError as error:
        raise ApiError(409, "conflict", " ".join(error.messages)) from None
    return _follow_up(found)


# ---------------------------------------------------------------- their goals, by "plans"


@router.get(
    "/caseload/{member_id}/goals",
    response=list[MemberGoalOut],
    summary="Their recovery goals (404 unless they share their plans with you)",
)
def get_goals(request: AuthenticatedHttpRequest, member_id: Id) -> list[dict[str, Any]]:
    member = access.access_caseload_member(request.user, member_id)
    access.require_plans(request.user, member, interface=API, action=Action.READ)
    return [_goal(g) for g in services.member_goals(member)]


@router.post(
    "/caseload/{member_id}/goals",
    response={201: MemberGoalOut},
    summary="Add a goal with them (they are told, and see it was you)",
)
def post_goal(request: AuthenticatedHttpRequest, member_id: Id, payload: MemberGoalIn):
    member = access.access_caseload_member(request.user, member_id)
    access.require_plans(request.user, member, interface=API)
    goal = services.add_member_goal(member=member, by=request.user, **payload.model_dump())
    return Status(201, _goal(goal))


@router.patch(
    "/caseload/{member_id}/goals/{goal_id}",
    response=MemberGoalOut,
    summary="Change one of their goals (they are told, and see it was you)",
)
def patch_goal(
    request: AuthenticatedHttpRequest, member_id: Id, goal_id: Id, payload: MemberGoalPatch
) -> dict[str, Any]:
    goal = access.access_member_goal(
        request.user, member_id, goal_id, interface=API, action=Action.WRITE
    )
    services.update_member_goal(
        goal=goal, by=request.user, **payload.model_dump(exclude_unset=True)
    )
    return _goal(goal)


@router.post(
    "/caseload/{member_id}/goals/{goal_id}/steps",
    response={201: MemberStepOut},
    summary="Add a step to one of their goals",
)
def post_step(request: AuthenticatedHttpRequest, member_id: Id, goal_id: Id, payload: MemberStepIn):
    goal = access.access_member_goal(
        request.user, member_id, goal_id, interface=API, action=Action.WRITE
    )
    step = services.add_member_step(goal=goal, by=request.user, text=payload.text)
    return Status(201, _step(step))


@router.patch(
    "/caseload/{member_id}/goals/{goal_id}/steps/{step_id}",
    response=MemberStepOut,
    summary="Mark a step of one of their goals done or not done",
)
def patch_step(
    request: AuthenticatedHttpRequest,
    member_id: Id,
    goal_id: Id,
    step_id: Id,
    payload: MemberStepPatch,
) -> dict[str, Any]:
    step = access.access_member_goal_step(request.user, member_id, goal_id, step_id, interface=API)
    services.mark_member_step(step=step, by=request.user, done=payload.done)
    return _step(step)

"""Treatment plans in the API: the same access functions and services as the pages.

404 for a plan or client that is missing or not the caller's; 403 when the caller may read a
plan but not do this to it (a member writing or signing as the counselor, a counselor
co-signing); 409 when the plan's state refuses it (closed, signed already, a newer version
saved meanwhile); 422 naming the path of each bad value of a version's content."""

from __future__ import annotations

from typing import Any

from ninja import Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.api_errors import ApiError
from alongside.counseling import access
from alongside.counseling.models import PlanReview, PlanVersion, TreatmentPlan
from alongside.counseling.schemas.plans import (
    PlanReviewIn,
    PlanReviewOut,
    PlanSignatureIn,
    PlanVersionOut,
    TreatmentContentIn,
    TreatmentPlanIn,
    TreatmentPlanOut,
    TreatmentPlanPatch,
    TreatmentPlanSummaryOut,
)
from alongside.counseling.services import plan_content
from alongside.counseling.services import plans as services
from alongside.privacy.models import Action, Interface
from alongside.schemas import Id, person_out

router = Router(tags=["counseling"])
API = Interface.API


def _conflict(error: services.PlanConflict) -> ApiError:
    return ApiError(409, "conflict", " ".join(error.messages))


def _summary(plan: TreatmentPlan, versions: list[PlanVersion] | None = None) -> dict[str, Any]:
    versions = versions if versions is not None else services.versions_of(plan)
    met, total = plan_content.progress(versions[0].content)
    effect = services.in_effect(versions)
    return {
        "id": plan.pk,
        "member": person_out(plan.member),
        "counselor": person_out(plan.counselor),
        "organization": plan.organization.name,
        "edition": plan.edition,
        "status": plan.status,
        "review_every_days": plan.review_every_days,
        "next_review_on": plan.next_review_on,
        "latest_version": versions[0].number,
        "in_effect_version": effect.number if effect else None,
        "objectives_met": met,
        "objectives_total": total,
    }


def _version_summary(version: PlanVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "written_by": person_out(version.written_by),
        "written_at": version.written_at,
        "counselor_signed_at": version.counselor_signed_at,
        "counselor_signed_by": person_out(version.counselor_signed_by),
        "member_signed_at": version.member_signed_at,
    }


def _version(plan: TreatmentPlan, version: PlanVersion) -> dict[str, Any]:
    before = services.version_before(version)
    shown = plan_content.readable(version.content, edition=plan.edition)
    return {
        **_version_summary(version),
        "content": {
            "asam": [
                {k: r[k] for k in ("dimension", "name", "rating", "note")} for r in shown["asam"]
            ],
            "problems": [
                {
                    **problem,
                    "goals": [
                        {
                            **goal,
                            "objectives": [
                                {**o, "target_on": o["target_day"]} for o in goal["objectives"]
                            ],
                        }
                        for goal in problem["goals"]
                    ],
                }
                for problem in shown["problems"]
            ],
        },
        "changes": plan_content.changes(
            before.content if before else None, version.content, edition=plan.edition
        ),
    }


def _plan(plan: TreatmentPlan) -> dict[str, Any]:
    versions = services.versions_of(plan)
    return {
        **_summary(plan, versions),
        "current": _version(plan, versions[0]),
        "versions": [_version_summary(v) for v in versions],
        "reviews": [_review(r) for r in plan.reviews.select_related("by", "version")],
    }


def _review(review: PlanReview) -> dict[str, Any]:
    return {
        "reviewed_on": review.reviewed_on,
        "by": person_out(review.by),
        "summary": review.summary,
        "version": review.version.number if review.version else None,
    }


def _summaries(plans: list[TreatmentPlan]) -> list[dict[str, Any]]:
    return [_summary(p) for p in plans]


# ---------------------------------------------------------------- lists


@router.get(
    "/counseling/plans",
    response=list[TreatmentPlanSummaryOut],
    summary="Your own treatment plans",
)
def list_own_plans(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    return _summaries(services.member_plans(request.user))


@router.get(
    "/counseling/plan-reviews/due",
    response=list[TreatmentPlanSummaryOut],
    summary="Your clients' plans whose review is due within 14 days, or overdue",
)
def list_reviews_due(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    today = request.user.local_today()
    plans = access.plans_shared_with(
        request.user, interface=API, due_by=services.review_horizon(today)
    )
    return _summaries(services.reviews_due(plans, today=today))


@router.get(
    "/counseling/clients/{member_id}/plans",
    response=list[TreatmentPlanSummaryOut],
    summary="A client's treatment plans (yours, with your own id)",
)
def list_client_plans(request: AuthenticatedHttpRequest, member_id: Id) -> list[dict[str, Any]]:
    member = access.access_member_plans(request.user, member_id, interface=API)
    return _summaries(services.plans_of_client(member))


@router.post(
    "/counseling/clients/{member_id}/plans",
    response={201: TreatmentPlanOut},
    summary="Start a treatment plan with a client who shares counseling with you",
)
def start_plan(request: AuthenticatedHttpRequest, member_id: Id, payload: TreatmentPlanIn):
    member = access.access_client(
        request.user,
        member_id,
        interface=API,
        record_type="counseling.treatmentplan",
        action=Action.WRITE,
    )
    plan = services.start_plan(
        member=member,
        counselor=request.user,
        edition=payload.edition,
        review_every_days=payload.review_every_days,
    )
    return Status(201, _plan(plan))


# ---------------------------------------------------------------- one plan


@router.get("/counseling/plans/{plan_id}", response=TreatmentPlanOut, summary="One plan")
def get_plan(request: AuthenticatedHttpRequest, plan_id: Id) -> dict[str, Any]:
    return _plan(access.access_plan(request.user, plan_id, interface=API))


@router.patch(
    "/counseling/plans/{plan_id}",
    response={200: TreatmentPlanOut, 409: dict},
    summary="How often the plan is reviewed (7 to 365 days)",
)
def patch_plan(request: AuthenticatedHttpRequest, plan_id: Id, payload: TreatmentPlanPatch):
    plan = access.access_plan_to_change(request.user, plan_id, interface=API)
    try:
        services.set_review_every(plan=plan, days=payload.review_every_days)
    except services.PlanConflict as error:
        raise _conflict(error) from None
    return _plan(plan)


@router.get(
    "/counseling/plans/{plan_id}/versions/{number}",
    response=PlanVersionOut,
    summary="One version of a plan, with what changed from the one before",
)
def get_version(request: AuthenticatedHttpRequest, plan_id: Id, number: Id) -> dict[str, Any]:
    version = access.access_plan_version(request.user, plan_id, number, interface=API)
    return _version(version.plan, version)


@router.post(
    "/counseling/plans/{plan_id}/versions",
    response={200: PlanVersionOut, 201: PlanVersionOut, 409: dict},
    summary="Save the plan's next version (the whole content); 200 when nothing changed",
)
def post_version(request: AuthenticatedHttpRequest, plan_id: Id, payload: TreatmentContentIn):
    plan = access.access_plan_to_change(request.user, plan_id, interface=API)
    try:
        version, created = services.save_version(
            plan=plan, by=request.user, content=payload.model_dump(exclude_unset=True)
        )
    except services.PlanConflict as error:
        raise _conflict(error) from None
    return Status(201 if created else 200, _version(plan, version))


@router.post(
    "/counseling/plans/{plan_id}/sign",
    response={200: PlanVersionOut, 409: dict},
    summary="Sign the newest version as the counselor (the member is asked to co-sign)",
)
def sign(request: AuthenticatedHttpRequest, plan_id: Id, payload: PlanSignatureIn):
    plan = access.access_plan_to_change(request.user, plan_id, interface=API)
    try:
        version = services.sign_version(plan=plan, by=request.user, number=payload.version)
    except services.PlanConflict as error:
        raise _conflict(error) from None
    return _version(plan, version)


@router.post(
    "/counseling/plans/{plan_id}/co-sign",
    response={200: PlanVersionOut, 409: dict},
    summary="Co-sign the newest version of your own plan, once your counselor signed it",
)
def cosign(request: AuthenticatedHttpRequest, plan_id: Id, payload: PlanSignatureIn):
    plan = access.access_plan_to_cosign(request.user, plan_id, interface=API)
    try:
        version = services.cosign_version(plan=plan, member=request.user, number=payload.version)
    except services.PlanConflict as error:
        raise _conflict(error) from None
    return _version(plan, version)


@router.post(
    "/counseling/plans/{plan_id}/reviews",
    response={201: PlanReviewOut, 409: dict},
    summary="Record a review of a plan in effect, optionally with its next version",
)
def post_review(request: AuthenticatedHttpRequest, plan_id: Id, payload: PlanReviewIn):
    plan = access.access_plan_to_change(request.user, plan_id, interface=API)
    content = payload.content.model_dump(exclude_unset=True) if payload.content else None
    try:
        review = services.record_review(
            plan=plan, by=request.user, summary=payload.summary, content=content
        )
    except services.PlanConflict as error:
        raise _conflict(error) from None
    return Status(201, _review(review))


@router.post(
    "/counseling/plans/{plan_id}/close",
    response={200: TreatmentPlanOut, 409: dict},
    summary="Close the plan (kept and readable, no longer changed)",
)
def close(request: AuthenticatedHttpRequest, plan_id: Id):
    plan = access.access_plan_to_change(request.user, plan_id, interface=API)
    try:
        services.close_plan(plan=plan)
    except services.PlanConflict as error:
        raise _conflict(error) from None
    return _plan(plan)

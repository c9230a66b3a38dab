"""The assignment-run API under /api/v1/matching/: runs (list, start, read, approve, discard), a
member's places in mentoring programs (join, leave) and peer specialists' caseload capacity.
The same access and services as the pages, so the same rules."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.api_errors import ApiError
from alongside.matching import access, services
from alongside.matching.models import AssignmentRun, ProgramEnrolment
from alongside.matching.schemas import (
    AssignmentRunIn,
    AssignmentRunOut,
    AssignmentRunSummaryOut,
    CaseloadCapacityIn,
    CaseloadCapacityOut,
    ProgramEnrolmentIn,
    ProgramEnrolmentOut,
)
from alongside.privacy.models import Interface
from alongside.schemas import Id, person_out

router = Router(tags=["matching"])


def _summary(run: AssignmentRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "organization_id": run.organization_id,
        "organization": run.organization.name,
        "kind": run.kind,
        "status": run.status,
        "started_by": person_out(run.started_by),
        "created_at": run.created_at,
        "decided_by": person_out(run.decided_by),
        "decided_at": run.decided_at,
    }


def _run(run: AssignmentRun) -> dict[str, Any]:
    return {
        **_summary(run),
        "pairs": [
            {
                "person": person_out(p.seeker),
                "supporter": person_out(p.supporter),
                "score": p.score,
                "continuing": p.continuing,
                "reasons": p.reasons_in_words,
            }
            for p in services.pairs_of(run)
        ],
        "unmatched": [
            {"person": person_out(u.seeker), "reason": u.reason_in_words}
            for u in services.unmatched_of(run)
        ],
    }


def _conflict(error: ValidationError) -> ApiError:
    return ApiError(409, "conflict", " ".join(error.messages))


@router.get(
    "/matching/runs",
    response=list[AssignmentRunSummaryOut],
    summary="Recent runs where you assign (an admin's or a supervisor's organizations)",
)
def list_runs(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    organizations = services.organizations_assigned_by(request.user)
    return [_summary(r) for r in services.recent_runs(organizations)]


@router.post(
    "/matching/runs",
    response={201: AssignmentRunOut, 404: dict},
    summary="Start a run: pairs proposed for everyone waiting; nobody is told until approved",
)
def start_run(request: AuthenticatedHttpRequest, payload: AssignmentRunIn):
    organization = access.access_assigning_organization(request.user, payload.organization_id)
    run = services.start_run(organization=organization, kind=payload.kind, by=request.user)
    found = access.access_run(request.user, run.pk, interface=Interface.API)
    return Status(201, _run(found))


@router.get(
    "/matching/runs/{run_id}",
    response=AssignmentRunOut,
    summary="A run with every pair's reasons and everyone unmatched with theirs",
)
def get_run(request: AuthenticatedHttpRequest, run_id: Id) -> dict[str, Any]:
    return _run(access.access_run(request.user, run_id, interface=Interface.API))


@router.post(
    "/matching/runs/{run_id}/approve",
    response={200: AssignmentRunSummaryOut, 409: dict},
    summary="Approve: make every pair and tell both people (409 if decided, or a pair is stale)",
)
def approve_run(request: AuthenticatedHttpRequest, run_id: Id) -> dict[str, Any]:
    found = access.access_run(request.user, run_id, interface=Interface.API, reading=False)
    try:
        services.approve_run(run=found, by=request.user)
    except ValidationError as error:
        raise _conflict(error) from None
    return _summary(found)


@router.post(
    "/matching/runs/{run_id}/discard",
    response={200: AssignmentRunSummaryOut, 409: dict},
    summary="Discard: nothing changes and nobody is told (409 if already decided)",
)
def discard_run(request: AuthenticatedHttpRequest, run_id: Id) -> dict[str, Any]:
    found = access.access_run(request.user, run_id, interface=Interface.API, reading=False)
    try:
        services.discard_run(run=found, by=request.user)
    except ValidationError as error:
        raise _conflict(error) from None
    return _summary(found)


def _enrolment(enrolment: ProgramEnrolment) -> dict[str, Any]:
    return {
        "id": enrolment.pk,
        "organization_id": enrolment.organization_id,
        "organization": enrolment.organization.name,
        "languages": enrolment.languages,
        "pathways": enrolment.pathways,
        "gender": enrolment.gender,
        "wants_same_gender": enrolment.wants_same_gender,
        "excluded": [person_out(p) for p in enrolment.excluded.all()],
        "created_at": enrolment.created_at,
        "matched_at": enrolment.matched_at,
        "relationship_id": enrolment.relationship_id,
        "ended_at": enrolment.ended_at,
    }


@router.get(
    "/matching/program-places",
    response=list[ProgramEnrolmentOut],
    summary="Your places in mentoring programs (waiting or matched)",
)
def list_enrolments(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    return [_enrolment(e) for e in services.enrolments_of(request.user)]


@router.post(
    "/matching/program-places",
    response={201: ProgramEnrolmentOut, 404: dict},
    summary="Join the mentoring program of an organization you are a member of",
)
def join_program(request: AuthenticatedHttpRequest, payload: ProgramEnrolmentIn):
    organization = access.access_program(request.user, payload.organization_id)
    enrolment = services.join_program(
        member=request.user,
        organization=organization,
        languages=[str(code) for code in payload.languages],
        pathways=[str(code) for code in payload.pathways],
        gender=str(payload.gender),
        wants_same_gender=payload.wants_same_gender,
        excluded=payload.excluded,
    )
    return Status(201, _enrolment(enrolment))


@router.post(
    "/matching/program-places/{enrolment_id}/leave",
    response={200: ProgramEnrolmentOut, 409: dict},
    summary="Leave a mentoring program (409 if already left)",
)
def leave_program(request: AuthenticatedHttpRequest, enrolment_id: Id) -> dict[str, Any]:
    enrolment = access.access_own_enrolment(request.user, enrolment_id)
    try:
        left = services.leave_program(enrolment=enrolment)
    except ValidationError as error:
        raise _conflict(error) from None
    return _enrolment(left)


def _capacity(load: services.SpecialistLoad) -> dict[str, Any]:
    m = load.membership
    return {
        "membership_id": m.pk,
        "specialist": person_out(m.user),
        "organization_id": m.organization_id,
        "organization": m.organization.name,
        "capacity": load.capacity,
        "is_default": load.is_default,
        "languages": load.languages,
        "on_caseload": load.on_caseload,
        "places_left": load.places_left,
    }


@router.get(
    "/matching/caseload-capacity",
    response=list[CaseloadCapacityOut],
    summary="Caseload capacity: your own as a peer specialist, and your organization's as admin",
)
def list_capacity(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    loads = services.specialist_loads(services.specialist_memberships(request.user))
    return [_capacity(load) for load in loads]


@router.put(
    "/matching/caseload-capacity/{membership_id}",
    response=CaseloadCapacityOut,
    summary="Set how many people a peer specialist can carry, and the languages they work in",
)
def put_capacity(
    request: AuthenticatedHttpRequest, membership_id: Id, payload: CaseloadCapacityIn
) -> dict[str, Any]:
    membership = access.access_specialist_membership(request.user, membership_id)
    services.set_caseload_capacity(
        membership=membership,
        capacity=payload.capacity,
        languages=[str(code) for code in payload.languages],
        by=request.user,
    )
    return _capacity(services.specialist_loads([membership])[0])

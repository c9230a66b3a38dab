"""The training API under /api/v1/training/: requirement sets, my hours and progress, my
credentials, attestation by supervisors, and supervision set by an organization's admin. The
same services as the pages, so the same rules."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.api_errors import ApiError
from alongside.privacy import policy
from alongside.schemas import Id, person_out
from alongside.training import access, services
from alongside.training.models import (
    Credential,
    PracticeEntry,
    RequirementSet,
    Supervision,
    TrainingEntry,
)
from alongside.training.schemas import (
    CredentialIn,
    CredentialOut,
    PracticeIn,
    PracticeOut,
    ProgressOut,
    RequirementSetIn,
    RequirementSetOut,
    SupervisionIn,
    SupervisionOut,
    TeamMemberOut,
    TrainingIn,
    TrainingOut,
)

router = Router(tags=["training"])


def _set(found: RequirementSet) -> dict[str, Any]:
    return {
        "id": found.pk,
        "code": found.code,
        "name": found.name,
        "issuer": found.issuer,
        "kind": found.kind,
        "period_months": found.period_months,
        "organization_id": found.organization_id,
        "requirements": [
            {
                "domain": r.domain,
                "label": r.label,
                "hours": r.hours,
                "kind": r.kind,
                "within_years": r.within_years,
                "face_to_face_share": r.face_to_face_share,
            }
            for r in found.requirements.all()
        ],
    }


def _progress(person: User) -> list[dict[str, Any]]:
    return [
        {
            "requirement_set_id": p.requirement_set.pk,
            "name": p.requirement_set.name,
            "met": p.met,
            "rows": [
                {
                    "domain": row.requirement.domain,
                    "label": row.requirement.label,
                    "kind": row.requirement.kind,
                    "required": row.requirement.hours,
                    "counted": row.counted,
                    "needed": row.needed,
                    "face_to_face_share": row.face_to_face_share,
                    "met": row.met,
                }
                for row in p.rows
            ],
        }
        for p in services.progress(person, services.requirement_sets_for(person))
    ]


def _training(entry: TrainingEntry) -> dict[str, Any]:
    fields = TrainingOut.model_fields.keys()
    return {name: getattr(entry, name) for name in fields}


def _practice(entry: PracticeEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "person": person_out(entry.person),
        "kind": entry.kind,
        "hours": entry.hours,
        "from_on": entry.from_on,
        "to_on": entry.to_on,
        "note": entry.note,
        "attested_by": person_out(entry.attested_by),
        "attested_at": entry.attested_at,
    }


def _credential(found: Credential) -> dict[str, Any]:
    return {
        "id": found.pk,
        "requirement_set_id": found.requirement_set_id,
        "name": found.requirement_set.name,
        "number": found.number,
        "issued_on": found.issued_on,
        "expires_on": found.expires_on,
    }


def _supervision(found: Supervision) -> dict[str, Any]:
    return {
        "id": found.pk,
        "organization_id": found.organization_id,
        "supervisor": person_out(found.supervisor),
        "supervisee": person_out(found.supervisee),
        "started_at": found.started_at,
        "ended_at": found.ended_at,
    }


@router.get(
    "/training/requirement-sets",
    response=list[RequirementSetOut],
    summary="The requirement sets you can work toward: the boards', and your organizations'",
)
def get_requirement_sets(request: AuthenticatedHttpRequest) -> list[dict]:
    return [_set(s) for s in services.requirement_sets_for(request.user)]


@router.post(
    "/training/organizations/{organization_id}/requirement-sets",
    response={201: RequirementSetOut},
    summary="Add your state's own requirement set (the organization's admins)",
)
def post_requirement_set(
    request: AuthenticatedHttpRequest, organization_id: Id, payload: RequirementSetIn
):
    organization = access.access_training_admin(request.user, organization_id)
    made = services.add_requirement_set(
        organization=organization,
        name=payload.name,
        issuer=payload.issuer,
        kind=payload.kind,
        period_months=payload.period_months,
        items=[services.RequirementItem(**item.model_dump()) for item in payload.items],
    )
    return Status(201, _set(made))


@router.get(
    "/training/progress",
    response=list[ProgressOut],
    summary="Your hours against each requirement set, requirement by requirement",
)
def get_progress(request: AuthenticatedHttpRequest) -> list[dict]:
    return _progress(request.user)


@router.get("/training/entries", response=list[TrainingOut], summary="Your training hours")
def get_training(request: AuthenticatedHttpRequest) -> list[dict]:
    return [_training(e) for e in TrainingEntry.objects.filter(person=request.user)[:500]]


@router.post(
    "/training/entries",
    response={201: TrainingOut},
    summary="Log a course you took (more than 0 and at most 40 hours, not in the future)",
)
def post_training(request: AuthenticatedHttpRequest, payload: TrainingIn):
    made = services.log_training(person=request.user, **payload.model_dump())
    return Status(201, _training(made))


@router.get(
    "/training/practice",
    response=list[PracticeOut],
    summary="Your practice and supervision hours, attested or waiting",
)
def get_practice(request: AuthenticatedHttpRequest) -> list[dict]:
    found = PracticeEntry.objects.filter(person=request.user).select_related(
        "person", "attested_by"
    )
    return [_practice(e) for e in found[:500]]


@router.post(
    "/training/practice",
    response={201: PracticeOut},
    summary="Log practice or supervision hours for your supervisor to attest",
)
def post_practice(request: AuthenticatedHttpRequest, payload: PracticeIn):
    made = services.log_practice(person=request.user, **payload.model_dump())
    return Status(201, _practice(made))


@router.get(
    "/training/practice/waiting",
    response=list[PracticeOut],
    summary="Hours your team logged that wait for your attestation",
)
def get_waiting(request: AuthenticatedHttpRequest) -> list[dict]:
    if not access.may_open_team(request.user):
        return []
    return [_practice(e) for e in services.waiting_for(request.user)]


@router.post(
    "/training/practice/{entry_id}/attest",
    response={200: PracticeOut, 403: dict, 409: dict},
    summary="Attest hours of someone you supervise (403 for anyone else who may see them, "
    "409 once attested)",
)
def attest_practice(request: AuthenticatedHttpRequest, entry_id: Id) -> dict:
    entry = access.access_practice_entry(request.user, entry_id, write=True)
    try:
        attested = services.attest(entry=entry, by=request.user)
    except ValidationError as error:
        raise ApiError(409, "conflict", " ".join(error.messages)) from None
    return _practice(attested)


@router.get("/training/credentials", response=list[CredentialOut], summary="Your credentials")
def get_credentials(request: AuthenticatedHttpRequest) -> list[dict]:
    return [_credential(c) for c in services.credentials_of(request.user)]


@router.post(
    "/training/credentials",
    response={201: CredentialOut, 404: dict},
    summary="Record a credential you hold (reminders come 90, 60 and 30 days before it expires)",
)
def post_credential(request: AuthenticatedHttpRequest, payload: CredentialIn):
    found = next(
        (
            s
            for s in services.requirement_sets_for(request.user)
            if s.pk == payload.requirement_set_id
        ),
        None,
    )
    if found is None:
        raise policy.refuse(
            request.user,
            record_type="training.requirementset",
            record_id=payload.requirement_set_id,
        )
    made = services.add_credential(
        person=request.user,
        requirement_set=found,
        number=payload.number,
        issued_on=payload.issued_on,
        expires_on=payload.expires_on,
    )
    return Status(201, _credential(made))


@router.get(
    "/training/team",
    response=list[TeamMemberOut],
    summary="The people you supervise: their progress and credentials",
)
def get_team(request: AuthenticatedHttpRequest) -> list[dict]:
    if not access.may_open_team(request.user):
        return []
    return [
        {
            "person": person_out(person),
            "progress": _progress(person),
            "credentials": [_credential(c) for c in services.credentials_of(person)],
        }
        for person in services.team_of(request.user)
    ]


@router.get(
    "/training/organizations/{organization_id}/supervisions",
    response=list[SupervisionOut],
    summary="Who supervises whom at the organization (its admins)",
)
def get_supervisions(request: AuthenticatedHttpRequest, organization_id: Id) -> list[dict]:
    organization = access.access_training_admin(request.user, organization_id)
    return [_supervision(s) for s in services.supervisions_at(organization)]


@router.post(
    "/training/organizations/{organization_id}/supervisions",
    response={201: SupervisionOut},
    summary="Name who supervises a staff member or mentor (ends the one they had there)",
)
def post_supervision(
    request: AuthenticatedHttpRequest, organization_id: Id, payload: SupervisionIn
):
    organization = access.access_training_admin(request.user, organization_id)
    made = services.set_supervisor(
        organization=organization,
        supervisee_id=payload.supervisee_id,
        supervisor_id=payload.supervisor_id,
    )
    return Status(201, _supervision(made))


@router.post(
    "/training/supervisions/{supervision_id}/end",
    response={200: SupervisionOut, 409: dict},
    summary="End a supervision (409 if it has already ended)",
)
def end_supervision(request: AuthenticatedHttpRequest, supervision_id: Id) -> dict:
    found = access.access_supervision(request.user, supervision_id)
    try:
        ended = services.end_supervision(supervision=found)
    except ValidationError as error:
        raise ApiError(409, "conflict", " ".join(error.messages)) from None
    return _supervision(ended)

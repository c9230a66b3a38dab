"""Dual recovery: the symptoms you track and your daily symptom log; a member's, when they share
their check-ins with you."""

from __future__ import annotations

from typing import Any

from ninja import Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.journey import access, services, shared
from alongside.journey.api.common import API, invalid
from alongside.journey.models import SymptomLog
from alongside.journey.schemas import (
    SharedSymptomLogOut,
    SymptomLogIn,
    SymptomLogOut,
    SymptomsIn,
    SymptomsOut,
)
from alongside.schemas import Id

router = Router()


def _symptoms_out(member: Any) -> dict[str, Any]:
    setup = services.symptom_setup(member)
    return {
        "is_offered": setup.is_offered,
        "is_enabled": setup.is_enabled,
        "symptoms": setup.symptoms,
    }


@router.get("/symptoms", response=SymptomsOut, summary="The symptoms you track")
def my_symptoms(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return _symptoms_out(request.user)


@router.put("/symptoms", response=SymptomsOut, summary="Choose the symptoms you track")
def choose_symptoms(request: AuthenticatedHttpRequest, payload: SymptomsIn) -> dict[str, Any]:
    try:
        services.choose_symptoms(member=request.user, **payload.dict())
    except services.JourneyError as error:
        raise invalid(error) from error
    return _symptoms_out(request.user)


@router.get("/symptom-logs", response=list[SymptomLogOut], summary="Your recent symptom logs")
def my_symptom_logs(request: AuthenticatedHttpRequest) -> list[SymptomLog]:
    return list(
        SymptomLog.objects.for_member(request.user).prefetch_related("ratings__symptom")[:90]
    )


@router.post(
    "/symptom-logs",
    response={201: SymptomLogOut, 200: SymptomLogOut},
    summary="Log today's symptoms (0–10 each) and mood state",
)
def post_symptom_log(request: AuthenticatedHttpRequest, payload: SymptomLogIn):
    on = payload.on or request.user.local_today()
    try:
        created = services.record_symptom_log(
            member=request.user,
            on=on,
            mood_state=payload.mood_state,
            intensities={r.symptom: r.intensity for r in payload.symptoms},
        )
    except services.JourneyError as error:
        raise invalid(error) from error
    log = (
        SymptomLog.objects.for_member(request.user).prefetch_related("ratings__symptom").get(on=on)
    )
    return Status(201 if created else 200, log)


@router.get(
    "/members/{member_id}/symptom-logs",
    response=list[SharedSymptomLogOut],  # type: ignore[valid-type]  # built by shared_schema()
    summary="A member's symptom logs, when they share their check-ins with you",
)
def member_symptom_logs(request: AuthenticatedHttpRequest, member_id: Id) -> list[dict[str, Any]]:
    _member, logs = access.access_member_symptom_logs(request.user, member_id, interface=API)
    return shared.symptom_logs(logs)

"""Milestone celebrations and congratulations, and a member's milestones for those they share
them with."""

from __future__ import annotations

from typing import Any

from ninja import Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.journey import access, services, shared
from alongside.journey.api.common import API, invalid
from alongside.journey.models import Celebration
from alongside.journey.schemas import CelebrationOut, CongratulationIn, MemberMilestonesOut
from alongside.privacy.models import Action
from alongside.schemas import Id

router = Router()


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

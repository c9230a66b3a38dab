"""Skills for hard moments: uses kept in the member's history (idempotent by the client's id, so
a queue sent again after being offline never doubles), coping cards, and tool suggestions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.journey import access
from alongside.journey.api.common import create, invalid
from alongside.journey.models import CopingCard, SkillUse
from alongside.journey.schemas.skills import (
    CopingCardIn,
    CopingCardOut,
    SkillUseIn,
    SkillUseOut,
    ToolSuggestionIn,
    ToolSuggestionMadeOut,
    ToolSuggestionOut,
)
from alongside.journey.services import JourneyError
from alongside.journey.services import skills as services
from alongside.schemas import Id

router = Router()


@router.get(
    "/skill-uses", response=list[SkillUseOut], summary="Skills you chose to keep in your history"
)
def list_skill_uses(request: AuthenticatedHttpRequest) -> list[SkillUse]:
    return list(SkillUse.objects.for_member(request.user)[:200])


@router.post(
    "/skill-uses",
    response={200: SkillUseOut, 201: SkillUseOut},
    summary="Keep one use of a skill (201 new; 200 when this client_id was already kept)",
)
def record_skill_use(request: AuthenticatedHttpRequest, payload: SkillUseIn) -> Status[SkillUse]:
    try:
        use, created = services.record_skill_use(member=request.user, **payload.dict())
    except JourneyError as error:
        raise invalid(error) from error
    return Status(201 if created else 200, use)


@router.get("/coping-cards", response=list[CopingCardOut], summary="Your coping cards")
def list_coping_cards(request: AuthenticatedHttpRequest) -> list[CopingCard]:
    return list(CopingCard.objects.filter(member=request.user))


@router.post("/coping-cards", response={201: CopingCardOut}, summary="Write a coping card")
def create_coping_card(request: HttpRequest, payload: CopingCardIn):
    return create(services.add_coping_card, member=request.user, **payload.dict())


@router.delete("/coping-cards/{card_id}", response={204: None}, summary="Delete a coping card")
def delete_coping_card(request: AuthenticatedHttpRequest, card_id: Id):
    services.delete_coping_card(card=access.access_coping_card(request.user, card_id))
    return Status(204, None)


def _suggestion_out(card: services.SuggestionCard) -> dict[str, Any]:
    suggestion = card.suggestion
    return {
        "id": suggestion.pk,
        "tool": suggestion.tool,
        "label": card.label,
        "url": card.url,
        "note": suggestion.note,
        "suggested_by": card.suggested_by,
        "created_at": suggestion.created_at,
    }


@router.get(
    "/tool-suggestions",
    response=list[ToolSuggestionOut],
    summary="Tools suggested to you and not dismissed, with who suggested each",
)
def list_tool_suggestions(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    return [_suggestion_out(card) for card in services.open_suggestions(request.user)]


@router.post(
    "/tool-suggestions/{suggestion_id}/dismiss",
    response={204: None},
    summary="Dismiss a suggestion made to you",
)
def dismiss_tool_suggestion(request: AuthenticatedHttpRequest, suggestion_id: Id):
    suggestion = access.access_own_suggestion(request.user, suggestion_id)
    services.dismiss_suggestion(suggestion=suggestion)
    return Status(204, None)


@router.post(
    "/members/{member_id}/tool-suggestions",
    response={201: ToolSuggestionMadeOut},
    summary="Suggest a tool to a member who shares with you (404 for anyone else)",
)
def suggest_tool(request: AuthenticatedHttpRequest, member_id: Id, payload: ToolSuggestionIn):
    member = access.access_member_to_suggest(request.user, member_id)
    return create(services.suggest_tool, suggester=request.user, member=member, **payload.dict())

"""The family API under /api/v1/family/: the same services and access as the pages.

The member's invitations and allies; invitations addressed to you; the people you are an ally
of; your CRAFT programme, worksheets and well-being check-ins (yours alone); and a member's
check-in summary when they share it with you."""

from __future__ import annotations

from typing import Any

from ninja import Router, Status
from ninja.errors import ValidationError

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.sensitive import Credential
from alongside.api_errors import ApiError
from alongside.family import access, services, shared
from alongside.family.craft import GOALS
from alongside.family.models import Ally, AllyInvitation, CraftWorksheet, WellbeingCheckIn
from alongside.family.schemas import (
    AllyAcceptedOut,
    AllyInvitationOut,
    AllyInviteIn,
    AllyOut,
    AllySharingIn,
    AllySupportedOut,
    CraftProgrammeOut,
    CraftWorksheetIn,
    CraftWorksheetOut,
    CraftWorksheetUpdate,
    ReceivedAllyInvitationOut,
    SharedCheckInSummaryOut,
    WellbeingIn,
    WellbeingOut,
)
from alongside.journey.services.writing import WorksheetInvalid
from alongside.privacy.models import Interface
from alongside.schemas import Id, person_out

router = Router(tags=["family"])
API = Interface.API


def invalid(error: services.FamilyError | WorksheetInvalid) -> ValidationError:
    """A service's refusal as the API's 422, naming the field (a worksheet's, under answers)."""
    if isinstance(error, WorksheetInvalid):
        return ValidationError(
            [
                {"loc": ("body", "payload", "answers", name), "msg": message}
                for name, messages in error.errors.items()
                for message in messages
            ]
        )
    return ValidationError([{"loc": ("body", "payload", error.field), "msg": error.message}])


def closed(error: services.InvitationClosed) -> ApiError:
    return ApiError(409, "conflict", error.message)


def _choices(keys: list[str]) -> list[dict[str, str]]:
    return [{"key": c.key, "label": c.label, "words": c.words} for c in services.choices(keys)]


def _invitation(invitation: AllyInvitation) -> dict[str, Any]:
    return {
        "id": invitation.pk,
        "email": invitation.email,
        "relationship": invitation.relationship,
        "status": invitation.state(),
        "shares": _choices(invitation.choice_keys()),
        "sent_at": invitation.created_at,
        "expires_at": invitation.expires_at,
        "answered_at": invitation.answered_at,
    }


def _ally(ally: Ally, sharing: services.Sharing | None = None) -> dict[str, Any]:
    sharing = sharing or services.sharing_of(ally)
    return {
        "id": ally.pk,
        "person": person_out(ally.person),
        "relationship": ally.relationship,
        "started_at": ally.started_at,
        "ended_at": ally.ended_at,
        "sees": [] if ally.ended_at else _choices(sharing.keys),
        "declined_signals": sharing.declined_signals,
    }


# ---------------------------------------------------------------- the member's allies


@router.get("/family/allies", response=list[AllyOut], summary="Your allies and what each sees")
def list_allies(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    return [_ally(ally, sharing) for ally, sharing in services.allies_of(request.user)]


@router.put(
    "/family/allies/{ally_id}",
    response={200: AllyOut, 404: dict},
    summary="Change what an ally sees, from their next request (confirm it is you first)",
)
def put_ally(request: AuthenticatedHttpRequest, ally_id: Id, payload: AllySharingIn):
    ally = access.access_own_ally(request.user, ally_id)
    try:
        sharing = services.change_sharing(
            ally=ally,
            credential=Credential.of(request),
            scopes=[s.value for s in payload.scopes],
            gets_hard_days=payload.gets_hard_days,
            gets_sos=payload.gets_sos,
            interface=API,
        )
    except services.FamilyError as error:
        raise invalid(error) from error
    return _ally(ally, sharing)


@router.post(
    "/family/allies/{ally_id}/end",
    response={200: AllyOut, 404: dict},
    summary="Stop sharing everything with an ally, from their next request (confirm it is you)",
)
def end_ally(request: AuthenticatedHttpRequest, ally_id: Id):
    ally = access.access_own_ally(request.user, ally_id)
    services.end_ally(ally=ally, credential=Credential.of(request), interface=API)
    return _ally(ally)


@router.get(
    "/family/invitations",
    response=list[AllyInvitationOut],
    summary="Invitations you sent that were not accepted, waiting ones first",
)
def list_invitations(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    return [_invitation(i) for i in services.invitations_sent(request.user)]


@router.post(
    "/family/invitations",
    response={201: AllyInvitationOut},
    summary="Invite an ally by email, saying what they will see once they accept (confirm it is you first)",
)
def post_invitation(request: AuthenticatedHttpRequest, payload: AllyInviteIn):
    try:
        invitation = services.invite_ally(
            credential=Credential.of(request),
            email=payload.email,
            relationship=payload.relationship,
            scopes=[s.value for s in payload.scopes],
            gets_hard_days=payload.gets_hard_days,
            gets_sos=payload.gets_sos,
        )
    except services.FamilyError as error:
        raise invalid(error) from error
    return Status(201, _invitation(invitation))


@router.post(
    "/family/invitations/{invitation_id}/withdraw",
    response={200: AllyInvitationOut, 404: dict, 409: dict},
    summary="Withdraw an invitation still waiting (409 once answered)",
)
def withdraw_invitation(request: AuthenticatedHttpRequest, invitation_id: Id):
    invitation = access.access_sent_invitation(request.user, invitation_id)
    if not services.withdraw_invitation(invitation=invitation):
        raise ApiError(409, "conflict", "That invitation was already answered or has expired.")
    return _invitation(invitation)


# ---------------------------------------------------------------- invitations to you


@router.get(
    "/family/invitations/received",
    response=list[ReceivedAllyInvitationOut],
    summary="Invitations waiting for your answer (to an address you have verified)",
)
def list_received(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": i.pk,
            "member": person_out(i.member),
            "relationship": i.relationship,
            "shares": _choices(i.choice_keys()),
            "expires_at": i.expires_at,
        }
        for i in services.invitations_received(request.user)
    ]


@router.post(
    "/family/invitations/{invitation_id}/accept",
    response={200: AllyAcceptedOut, 404: dict, 409: dict},
    summary="Accept an invitation: from now on you see what they chose (409 when it is closed)",
)
def accept_invitation(request: AuthenticatedHttpRequest, invitation_id: Id):
    invitation = access.access_invitation(request.user, invitation_id)
    try:
        ally = services.accept_invitation(invitation=invitation, user=request.user, interface=API)
    except services.InvitationClosed as error:
        raise closed(error) from error
    return {
        "ally_id": ally.pk,
        "member": person_out(ally.member),
        "sees": _choices(services.sharing_of(ally).keys),
    }


@router.post(
    "/family/invitations/{invitation_id}/decline",
    response={200: AllyInvitationOut, 404: dict, 409: dict},
    summary="Decline an invitation: nothing is shared (409 when it is closed)",
)
def decline_invitation(request: AuthenticatedHttpRequest, invitation_id: Id):
    invitation = access.access_invitation(request.user, invitation_id)
    try:
        declined = services.decline_invitation(invitation=invitation, user=request.user)
    except services.InvitationClosed as error:
        raise closed(error) from error
    return _invitation(declined)


@router.get(
    "/family/supporting",
    response=list[AllySupportedOut],
    summary="The people you are an ally of: what each shares with you, and their recent signals",
)
def list_supporting(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "member": person_out(s.member),
            "relationship": s.ally.relationship,
            "shares": [
                {"scope": scope, "label": label, "url": url} for scope, label, url in s.pages
            ],
            "signals": [
                *({"id": h.pk, "kind": "hard_day", "at": h.sent_at} for h in s.hard_days),
                *({"id": a.pk, "kind": "sos", "at": a.started_at} for a in s.alerts),
            ],
        }
        for s in services.supporting(request.user)
    ]


# ---------------------------------------------------------------- your CRAFT programme


@router.get(
    "/family/craft", response=CraftProgrammeOut, summary="The CRAFT programme and your progress"
)
def get_programme(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    progress = services.progress(request.user)
    return {
        "goals": [{"key": g.key, "title": str(g.title), "text": str(g.text)} for g in GOALS],
        "steps": [
            {
                "key": s.step.key,
                "number": s.step.number,
                "title": str(s.step.title),
                "description": str(s.step.tool.description),
                "why": str(s.step.why),
                "goals": list(s.step.goals),
                "worksheets": s.worksheets,
                "last_on": s.last_on,
                "is_done": s.is_done,
            }
            for s in progress.steps
        ],
        "done": progress.done,
        "total": progress.total,
    }


@router.get(
    "/family/craft/worksheets",
    response=list[CraftWorksheetOut],
    summary="Your CRAFT worksheets, newest first (only ever yours)",
)
def list_craft_worksheets(request: AuthenticatedHttpRequest) -> list[CraftWorksheet]:
    return services.craft_worksheets(request.user)[:200]


@router.post(
    "/family/craft/worksheets",
    response={201: CraftWorksheetOut},
    summary="Save a CRAFT worksheet (422 naming each answer that does not fit)",
)
def post_craft_worksheet(request: AuthenticatedHttpRequest, payload: CraftWorksheetIn):
    try:
        sheet = services.save_craft_worksheet(
            person=request.user, tool=payload.tool, answers=payload.answers, on=payload.on
        )
    except (services.FamilyError, WorksheetInvalid) as error:
        raise invalid(error) from error
    return Status(201, sheet)


@router.get(
    "/family/craft/worksheets/{worksheet_id}",
    response={200: CraftWorksheetOut, 404: dict},
    summary="One of your CRAFT worksheets",
)
def get_craft_worksheet(request: AuthenticatedHttpRequest, worksheet_id: Id):
    return access.access_craft_worksheet(request.user, worksheet_id)


@router.put(
    "/family/craft/worksheets/{worksheet_id}",
    response={200: CraftWorksheetOut, 404: dict},
    summary="Change one of your CRAFT worksheets",
)
def put_craft_worksheet(
    request: AuthenticatedHttpRequest, worksheet_id: Id, payload: CraftWorksheetUpdate
):
    sheet = access.access_craft_worksheet(request.user, worksheet_id)
    try:
        return services.save_craft_worksheet(
            person=request.user,
            tool=sheet.tool,
            answers=payload.answers,
            on=payload.on,
            worksheet=sheet,
        )
    except (services.FamilyError, WorksheetInvalid) as error:
        raise invalid(error) from error


@router.delete(
    "/family/craft/worksheets/{worksheet_id}",
    response={204: None, 404: dict},
    summary="Delete one of your CRAFT worksheets",
)
def delete_craft_worksheet(request: AuthenticatedHttpRequest, worksheet_id: Id):
    services.delete_craft_worksheet(
        worksheet=access.access_craft_worksheet(request.user, worksheet_id)
    )
    return Status(204, None)


# ---------------------------------------------------------------- your well-being


@router.get(
    "/family/wellbeing",
    response=list[WellbeingOut],
    summary="Your recent well-being check-ins (only ever yours)",
)
def list_wellbeing(request: AuthenticatedHttpRequest) -> list[WellbeingCheckIn]:
    return services.recent_wellbeing(request.user)


@router.post(
    "/family/wellbeing",
    response={201: WellbeingOut},
    summary="Check in on yourself for a day (today unless given; a second one replaces the first)",
)
def post_wellbeing(request: AuthenticatedHttpRequest, payload: WellbeingIn):
    try:
        found = services.record_wellbeing(person=request.user, **payload.model_dump())
    except services.FamilyError as error:
        raise invalid(error) from error
    return Status(201, found)


@router.delete(
    "/family/wellbeing/{check_in_id}",
    response={204: None, 404: dict},
    summary="Delete one of your well-being check-ins",
)
def delete_wellbeing(request: AuthenticatedHttpRequest, check_in_id: Id):
    services.delete_wellbeing(check_in=access.access_wellbeing(request.user, check_in_id))
    return Status(204, None)


# ---------------------------------------------------------------- a member's check-in summary


@router.get(
    "/family/members/{member_id}/check-ins",
    response={200: list[SharedCheckInSummaryOut], 404: dict},  # type: ignore[valid-type]  # built by shared_schema()
    summary="A member's check-in summary, when they share it with you: the day and mood only",
)
def member_check_ins(request: AuthenticatedHttpRequest, member_id: Id):
    _member, rows = access.access_member_check_in_summary(request.user, member_id, interface=API)
    return shared.check_in_summary(rows)

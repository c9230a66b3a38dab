"""The peer-support API under /api/v1/peers/: the supporter profile, the shortlist, requests
and relationships. The same services as the pages, so the same rules."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from ninja import Query, Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.api_errors import ApiError
from alongside.messaging import access as messaging_access
from alongside.peers import access, partners, services
from alongside.peers.models import (
    PartnerRhythm,
    SupporterProfile,
    SupportRelationship,
    SupportRequest,
)
from alongside.peers.schemas import (
    AskIn,
    LookingQuery,
    ProfileIn,
    ProfileOut,
    RelationshipOut,
    RequestAnswerIn,
    RequestOut,
    RhythmIn,
    RhythmOut,
    RhythmPauseIn,
    SuggestionOut,
)
from alongside.schemas import Id

router = Router(tags=["peers"])


def _person(user: User) -> dict[str, Any]:
    return {"id": user.pk, "display_name": str(user.display_name)}


def _profile(profile: SupporterProfile) -> dict[str, Any]:
    fields = ProfileOut.model_fields.keys() - {"places_open"}
    return {name: getattr(profile, name) for name in fields} | {
        "places_open": services.places_left(profile)
    }


def _request(request: SupportRequest, viewer: User) -> dict[str, Any]:
    relationship = getattr(request, "relationship", None)
    return {
        "id": request.pk,
        "member": _person(request.member),
        "supporter": _person(request.supporter),
        "kind": request.kind,
        "status": request.status,
        # The note is for the person asked (and the one who wrote it).
        "message": request.message
        if viewer.pk in (request.member_id, request.supporter_id)
        else None,
        "created_at": request.created_at,
        "answer_by": request.answer_by,
        "answered_at": request.answered_at,
        "relationship_id": relationship.pk if relationship is not None else None,
    }


def _relationship(relationship: SupportRelationship) -> dict[str, Any]:
    return {
        "id": relationship.pk,
        "member": _person(relationship.member),
        "supporter": _person(relationship.supporter),
        "kind": relationship.kind,
        "status": relationship.status,
        "started_at": relationship.started_at,
        "review_on": relationship.review_on,
        "review_due": relationship.review_due(),
        "ended_at": relationship.ended_at,
        "proposed_scopes": services.proposed_scopes(relationship),
    }


def _conflict(error: ValidationError) -> ApiError:
    """A request or relationship no longer in the state the action needs: 409, saying why."""
    return ApiError(409, "conflict", " ".join(error.messages))


@router.get(
    "/peers/profile",
    response={200: ProfileOut, 204: None},
    summary="Your supporter profile (204 when you have none)",
)
def get_profile(request: AuthenticatedHttpRequest):
    found = services.profile_of(request.user)
    return Status(204, None) if found is None else _profile(found)


@router.put(
    "/peers/profile", response=ProfileOut, summary="Create or change your supporter profile"
)
def put_profile(request: AuthenticatedHttpRequest, payload: ProfileIn) -> dict[str, Any]:
    values = payload.model_dump()
    values["pathways"] = [str(p) for p in values["pathways"]]
    values["languages"] = list(dict.fromkeys(str(code) for code in values["languages"]))
    return _profile(services.save_profile(user=request.user, **values))


@router.get(
    "/peers/shortlist",
    response=list[SuggestionOut],
    summary="Up to ten people who offer what you look for, best fit first, with the reasons",
)
def get_shortlist(request: AuthenticatedHttpRequest, params: Query[LookingQuery]) -> list[dict]:
    defaults = services.default_looking(request.user)
    looking = services.Looking(
        kind=params.kind,
        pathway=params.pathway or defaults.pathway,
        language=params.language or defaults.language,
        gender=params.gender,
        same_gender=params.same_gender,
    )
    return [
        {
            "person": _person(s.person),
            "kinds": s.profile.kinds(),
            "places_open": s.places,
            "years_in_recovery": s.profile.years_in_recovery(),
            "reasons": s.reasons,
            "availability": s.profile.availability,
            "about": s.profile.about,
        }
        for s in services.shortlist(request.user, looking)
    ]


@router.post(
    "/peers/requests",
    response={201: RequestOut, 404: dict},  # the person asked: not found, or not listed
    summary="Ask someone who offers it to sponsor or mentor you (they have 72 hours to answer)",
)
def post_request(request: AuthenticatedHttpRequest, payload: AskIn):
    profile = access.access_listed_supporter(request.user, payload.supporter_id)
    try:
        made = services.ask(
            member=request.user,
            supporter=profile.user,
            kind=payload.kind,
            message=payload.message,
            gender=payload.gender,
        )
    except ValidationError as error:
        raise ValidationError(
            {"supporter_id" if k == "supporter" else k: v for k, v in error.message_dict.items()}
        ) from None
    return Status(201, _request(made, request.user))


@router.get(
    "/peers/requests",
    response=list[RequestOut],
    summary="Requests you sent, and requests sent to you",
)
def get_requests(request: AuthenticatedHttpRequest) -> list[dict]:
    user = request.user
    found = services.requests_sent(user) + services.requests_received(user)
    return [_request(r, user) for r in found]


@router.post(
    "/peers/requests/{request_id}/answer",
    response={200: RequestOut, 409: dict},
    summary="Accept or decline a request to support someone (409 once answered or lapsed)",
)
def answer_request(
    request: AuthenticatedHttpRequest, request_id: Id, payload: RequestAnswerIn
) -> dict:
    found = access.access_received_request(request.user, request_id)
    try:
        answered = services.answer(request=found, accept=payload.accept)
    except ValidationError as error:
        raise _conflict(error) from None
    return _request(answered, request.user)


@router.post(
    "/peers/requests/{request_id}/withdraw",
    response={200: RequestOut, 409: dict},
    summary="Take back a request still waiting (409 once answered or lapsed)",
)
def withdraw_request(request: AuthenticatedHttpRequest, request_id: Id) -> dict:
    found = access.access_sent_request(request.user, request_id)
    try:
        withdrawn = services.withdraw(request=found)
    except ValidationError as error:
        raise _conflict(error) from None
    return _request(withdrawn, request.user)


@router.get(
    "/peers/relationships",
    response=list[RelationshipOut],
    summary="Your sponsors, mentors and the people you support, current first",
)
def get_relationships(request: AuthenticatedHttpRequest) -> list[dict]:
    return [_relationship(r) for r in services.relationships_of(request.user)]


@router.get(
    "/peers/relationships/{relationship_id}", response=RelationshipOut, summary="One relationship"
)
def get_relationship(request: AuthenticatedHttpRequest, relationship_id: Id) -> dict:
    return _relationship(access.access_relationship(request.user, relationship_id))


@router.post(
    "/peers/relationships/{relationship_id}/end",
    response={200: RelationshipOut, 409: dict},
    summary="End a relationship, no reason needed (409 if it has already ended)",
)
def end_relationship(request: AuthenticatedHttpRequest, relationship_id: Id) -> dict:
    found = access.access_relationship(request.user, relationship_id)
    try:
        ended = services.end_relationship(relationship=found, by=request.user)
    except ValidationError as error:
        raise _conflict(error) from None
    return _relationship(ended)


@router.post(
    "/peers/relationships/{relationship_id}/keep",
    response={200: RelationshipOut, 409: dict},
    summary="After the first 90 days, keep the relationship going (409 before the review)",
)
def keep_relationship(request: AuthenticatedHttpRequest, relationship_id: Id) -> dict:
    found = access.access_relationship(request.user, relationship_id)
    try:
        kept = services.keep_relationship(relationship=found, by=request.user)
    except ValidationError as error:
        raise _conflict(error) from None
    return _relationship(kept)


# ---------------------------------------------------------------- accountability partners


def _rhythm(rhythm: PartnerRhythm) -> dict[str, Any]:
    return {
        "partnership_id": rhythm.partnership_id,
        "frequency": rhythm.frequency,
        "weekday": rhythm.weekday,
        "window_start": rhythm.window_start,
        "window_end": rhythm.window_end,
        "time_zone": rhythm.time_zone,
        "described": partners.describe(rhythm),
        "proposed_by": _person(rhythm.proposed_by),
        "agreed_at": rhythm.agreed_at,
        "paused": rhythm.paused_at is not None,
        "next_window_at": partners.next_window(rhythm) if rhythm.agreed_at else None,
        "recent": [vars(d) for d in partners.recent_days(rhythm)],
    }


def _partner_rhythm(request: AuthenticatedHttpRequest, partnership_id: int) -> PartnerRhythm:
    found = messaging_access.access_partnership(request.user, partnership_id)
    rhythm = partners.rhythm_of(found)
    if rhythm is None:
        raise ApiError(409, "conflict", "No rhythm is proposed yet: PUT one first.")
    return rhythm


@router.get(
    "/peers/partners/{partnership_id}/rhythm",
    response={200: RhythmOut, 204: None},
    summary="How often and when you and an accountability partner check in (204: none yet)",
)
def get_rhythm(request: AuthenticatedHttpRequest, partnership_id: Id):
    found = messaging_access.access_partnership(request.user, partnership_id)
    rhythm = partners.rhythm_of(found)
    return Status(204, None) if rhythm is None else _rhythm(rhythm)


@router.put(
    "/peers/partners/{partnership_id}/rhythm",
    response=RhythmOut,
    summary="Propose a rhythm, or a change (your partner is asked to agree)",
)
def put_rhythm(request: AuthenticatedHttpRequest, partnership_id: Id, payload: RhythmIn) -> dict:
    found = messaging_access.access_partnership(request.user, partnership_id)
    rhythm = partners.propose_rhythm(
        partnership=found,
        by=request.user,
        frequency=payload.frequency,
        weekday=payload.weekday,
        window_start=payload.window_start,
        window_end=payload.window_end,
    )
    return _rhythm(rhythm)


@router.patch(
    "/peers/partners/{partnership_id}/rhythm",
    response={200: RhythmOut, 409: dict},
    summary="Pause the prompts, or start them again",
)
def pause_rhythm(
    request: AuthenticatedHttpRequest, partnership_id: Id, payload: RhythmPauseIn
) -> dict:
    rhythm = _partner_rhythm(request, partnership_id)
    return _rhythm(partners.set_paused(rhythm=rhythm, by=request.user, paused=payload.paused))


@router.post(
    "/peers/partners/{partnership_id}/rhythm/agree",
    response={200: RhythmOut, 409: dict},
    summary="Agree to the rhythm your partner proposed",
)
def agree_rhythm(request: AuthenticatedHttpRequest, partnership_id: Id) -> dict:
    rhythm = _partner_rhythm(request, partnership_id)
    try:
        partners.agree_rhythm(rhythm=rhythm, by=request.user)
    except ValidationError as error:
        raise _conflict(error) from None
    return _rhythm(rhythm)


@router.post(
    "/peers/partners/{partnership_id}/check-ins",
    response={201: RhythmOut, 409: dict},
    summary="Mark that you checked in with each other for the current due day",
)
def post_partner_check_in(request: AuthenticatedHttpRequest, partnership_id: Id):
    rhythm = _partner_rhythm(request, partnership_id)
    try:
        partners.mark_done(rhythm=rhythm, by=request.user)
    except ValidationError as error:
        raise _conflict(error) from None
    return Status(201, _rhythm(rhythm))

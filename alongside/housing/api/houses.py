"""Houses, beds and stays in the API: the same access functions and services as the pages.
Errors: 404 for missing or not-yours, 422 naming the field, 409 for a clash of state (a bed
taken, an offer already answered, a stay already ended)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.sensitive import Credential
from alongside.api_errors import ApiError
from alongside.housing import access, shared
from alongside.housing.models import BedStatus, House, Stay
from alongside.housing.schemas.houses import (
    AcceptIn,
    BedIn,
    BedOut,
    BedPatch,
    HouseBoardOut,
    HouseIn,
    HouseOut,
    HousePatch,
    MemberHousingOut,
    MoveOutIn,
    MyStayOut,
    OfferIn,
    PhaseIn,
    RulesIn,
    SignRulesIn,
    StayOut,
)
from alongside.housing.services import houses as house_services
from alongside.housing.services import stays as services
from alongside.housing.services.houses import Conflict
from alongside.housing.services.stays import BedState
from alongside.privacy.models import Action, Interface, Scope
from alongside.privacy.scopes import DISCLOSURES
from alongside.schemas import Id

router = Router(tags=["housing"])
API = Interface.API


@contextmanager
def conflicts_as_409() -> Iterator[None]:
    """A clash with the state of a house or stay answers 409 with the service's words."""
    try:
        yield
    except Conflict as error:
        raise ApiError(409, "conflict", " ".join(error.messages)) from None


def _person(user) -> dict[str, Any]:
    return {"id": user.pk, "display_name": str(user.display_name)}


def _house(house: House) -> dict[str, Any]:
    return {
        "id": house.pk,
        "organization": house.organization.name,
        **{
            name: getattr(house, name)
            for name in (*house_services.HOUSE_FIELDS, "slug", "latitude", "longitude")
        },
        "time_zone": house.time_zone,
        "rules_version": house.rules_version,
        "rules": [r.text for r in house_services.current_rules(house)],
    }


def _board(request: AuthenticatedHttpRequest, house: House) -> dict[str, Any]:
    board = services.house_board(viewer=request.user, house=house, interface=API)
    return {
        **_house(house),
        "beds": [
            {
                "id": row.bed.pk,
                "label": row.bed.label,
                "room": row.bed.room,
                "status": row.bed.status,
                "state": row.state,
                "resident": _person(row.stay.resident) if row.stay and row.named else None,
            }
            for row in board.beds
        ],
        "vacant_beds": board.vacant,
        "offers": [
            {
                "id": s.pk,
                "bed": s.bed.label,
                "resident": _person(s.resident),
                "offered_at": s.offered_at,
                "move_in_on": s.move_in_on,
            }
            for s in board.offers
        ],
        "residents": [
            {
                "stay_id": r.stay.pk,
                "resident": _person(r.stay.resident),
                "bed": r.stay.bed.label,
                "move_in_on": r.stay.move_in_on,
                "tenure_days": r.tenure.days if r.tenure else None,
                "six_months_or_more": bool(r.tenure and r.tenure.six_months_or_more),
                "phase": r.phase.name if r.phase else None,
                "signed_current_rules": r.signed_rules,
            }
            for r in board.residents
        ],
        "residents_not_sharing": board.unnamed,
    }


def _stay(stay: Stay) -> dict[str, Any]:
    today = services.house_today(stay.house)
    tenure = services.tenure(stay, today) if stay.status in ("current", "ended") else None
    phase = services.current_phase(stay, stay.move_out_on or today)
    return {
        "id": stay.pk,
        "house": {"id": stay.house_id, "name": stay.house.name},
        "bed": stay.bed.label,
        "resident": _person(stay.resident),
        "status": stay.status,
        "offered_at": stay.offered_at,
        "answered_at": stay.answered_at,
        "move_in_on": stay.move_in_on,
        "move_out_on": stay.move_out_on,
        "move_out_reason": stay.move_out_reason or None,
        "phase": phase.name if phase else None,
        "tenure_days": tenure.days if tenure else None,
        "six_months_or_more": bool(tenure and tenure.six_months_or_more),
        "rules_version": stay.house.rules_version,
        "signed_current_rules": not services.needs_signature(stay),
    }


# ---------------------------------------------------------------- houses and beds


@router.get("/housing/houses", response=list[HouseOut], summary="The houses you run")
def list_houses(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    found = access.managed_houses(request.user).select_related("organization")
    return [_house(h) for h in found]


@router.post(
    "/housing/houses",
    response={201: HouseBoardOut, 404: dict},
    summary="Add a house (placed from its ZIP code or town, offline)",
)
def post_house(request: AuthenticatedHttpRequest, payload: HouseIn):
    operators = access.managed_organizations(request.user)
    if not operators:
        raise Http404("Only house managers and admins add houses.")
    values = payload.model_dump()
    chosen = values.pop("organization_id")
    if chosen is None and len(operators) > 1:
        raise ValidationError({"organization_id": _("Say which operator the house belongs to.")})
    operator = next((o for o in operators if chosen in (None, o.pk)), None)
    if operator is None:
        raise ValidationError({"organization_id": _("Choose an operator whose houses you run.")})
    house = house_services.create_house(organization=operator, by=request.user, **values)
    return Status(201, _board(request, house))


@router.get("/housing/houses/{house_id}", response=HouseBoardOut, summary="A house you run")
def get_house(request: AuthenticatedHttpRequest, house_id: Id) -> dict[str, Any]:
    return _board(request, access.access_house(request.user, house_id))


@router.patch("/housing/houses/{house_id}", response=HouseBoardOut, summary="Change a house")
def patch_house(
    request: AuthenticatedHttpRequest, house_id: Id, payload: HousePatch
) -> dict[str, Any]:
    house = access.access_house(request.user, house_id)
    values = payload.model_dump(exclude_unset=True)
    house = house_services.update_house(house=house, by=request.user, **values)
    return _board(request, house)


@router.put(
    "/housing/houses/{house_id}/rules",
    response=HouseBoardOut,
    summary="Replace the house rules (a new version residents are asked to sign)",
)
def put_rules(request: AuthenticatedHttpRequest, house_id: Id, payload: RulesIn) -> dict[str, Any]:
    house = access.access_house(request.user, house_id)
    house_services.save_rules(house=house, by=request.user, texts=payload.rules)
    house.refresh_from_db()
    return _board(request, house)


def _bed(bed, state: str) -> dict[str, Any]:
    return {
        "id": bed.pk,
        "label": bed.label,
        "room": bed.room,
        "status": bed.status,
        "state": state,
        "resident": None,
    }


@router.post("/housing/houses/{house_id}/beds", response={201: BedOut}, summary="Add a bed")
def post_bed(request: AuthenticatedHttpRequest, house_id: Id, payload: BedIn):
    house = access.access_house(request.user, house_id)
    bed = house_services.add_bed(house=house, by=request.user, **payload.model_dump())
    return Status(201, _bed(bed, BedState.VACANT))


@router.patch(
    "/housing/houses/{house_id}/beds/{bed_id}",
    response={200: BedOut, 409: dict},
    summary="Rename a bed, or take it out of service (409 while someone is in it)",
)
def patch_bed(request: AuthenticatedHttpRequest, house_id: Id, bed_id: Id, payload: BedPatch):
    bed = access.access_bed(request.user, house_id, bed_id)
    sent = payload.model_dump(exclude_unset=True)
    with conflicts_as_409():
        bed = house_services.update_bed(
            bed=bed,
            by=request.user,
            label=sent.get("label", bed.label),
            room=sent.get("room", bed.room),
            in_service=sent.get("in_service", bed.status == BedStatus.AVAILABLE),
        )
    state = next(state for b, state in services.bed_states(bed.house) if b.pk == bed.pk)
    return _bed(bed, state)


# ---------------------------------------------------------------- offers and stays


@router.post(
    "/housing/houses/{house_id}/offers",
    response={201: StayOut, 409: dict},
    summary="Offer a free bed to someone by the email of their account (they accept or decline)",
)
def post_offer(request: AuthenticatedHttpRequest, house_id: Id, payload: OfferIn):
    house = access.access_house(request.user, house_id)
    bed = house.beds.filter(pk=payload.bed_id).first()
    if bed is None:
        raise ValidationError({"bed_id": _("Choose one of this house's beds.")})
    with conflicts_as_409():
        stay = services.offer_bed(
            house=house,
            by=request.user,
            bed=bed,
            email=payload.email,
            move_in_on=payload.move_in_on,
        )
    return Status(201, _stay(stay))


@router.get("/housing/stays/{stay_id}", response=StayOut, summary="A stay in a house you run")
def get_stay(request: AuthenticatedHttpRequest, stay_id: Id) -> dict[str, Any]:
    return _stay(access.access_managed_stay(request.user, stay_id, interface=API))


@router.post(
    "/housing/stays/{stay_id}/withdraw",
    response={200: StayOut, 409: dict},
    summary="Withdraw an offer not yet answered (the bed is free again)",
)
def post_withdraw(request: AuthenticatedHttpRequest, stay_id: Id):
    stay = access.access_managed_stay(request.user, stay_id, interface=API, action=Action.WRITE)
    with conflicts_as_409():
        stay = services.withdraw_offer(stay=stay, by=request.user)
    return _stay(stay)


@router.post(
    "/housing/stays/{stay_id}/phase",
    response={201: StayOut, 409: dict},
    summary="Set the phase of a stay",
)
def post_phase(request: AuthenticatedHttpRequest, stay_id: Id, payload: PhaseIn):
    stay = access.access_managed_stay(request.user, stay_id, interface=API, action=Action.WRITE)
    with conflicts_as_409():
        services.set_phase(stay=stay, by=request.user, **payload.model_dump())
    return Status(201, _stay(stay))


@router.post(
    "/housing/stays/{stay_id}/move-out",
    response={200: StayOut, 409: dict},
    summary="Record a move-out: the day and the reason (the bed is free at once)",
)
def post_move_out(request: AuthenticatedHttpRequest, stay_id: Id, payload: MoveOutIn):
    stay = access.access_managed_stay(request.user, stay_id, interface=API, action=Action.WRITE)
    with conflicts_as_409():
        stay = services.move_out(
            stay=stay,
            by=request.user,
            on=payload.move_out_on,
            reason=payload.reason,
            note=payload.note,
        )
    return _stay(stay)


# ---------------------------------------------------------------- the resident


def _my_house(house: House) -> dict[str, Any]:
    return {
        "id": house.pk,
        "name": house.name,
        "address": house.address,
        "city": house.city,
        "region": house.region,
        "phone": house.phone,
        "curfew": house.curfew,
        "time_zone": house.time_zone,
        "meetings_required_per_week": house.meetings_required_per_week,
        "rules_version": house.rules_version,
        "rules": [r.text for r in house_services.current_rules(house)],
    }


@router.get(
    "/housing/my-stay",
    response=MyStayOut,
    summary="Your house, bed, rules, phase and tenure, and offers waiting for your answer",
)
def get_my_stay(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    current = access.own_current_stay(request.user)
    words = DISCLOSURES[Scope.HOUSING].words()
    return {
        "house": _my_house(current.house) if current else None,
        "stay": _stay(current) if current else None,
        "offers": [
            {
                "id": s.pk,
                "house": _my_house(s.house),
                "bed": s.bed.label,
                "offered_at": s.offered_at,
                "move_in_on": s.move_in_on,
                "housing_shares": words,
            }
            for s in access.own_open_offers(request.user)
        ],
    }


@router.post(
    "/housing/my-stay/rules/signature",
    response={201: StayOut, 404: dict, 409: dict},
    summary="Sign the house rules in force (404 when you live in no house)",
)
def post_signature(request: AuthenticatedHttpRequest, payload: SignRulesIn):
    current = access.own_current_stay(request.user)
    if current is None:
        raise Http404("No current stay.")
    with conflicts_as_409():
        services.sign_rules(stay=current, by=request.user, signed_name=payload.signed_name)
    return Status(201, _stay(current))


@router.post(
    "/housing/offers/{stay_id}/accept",
    response={200: StayOut, 409: dict},
    summary='Accept an offer: share "housing" with the house managers and sign the rules',
)
def post_accept(request: AuthenticatedHttpRequest, stay_id: Id, payload: AcceptIn):
    stay = access.access_own_stay(request.user, stay_id)
    with conflicts_as_409():
        stay = services.accept_offer(
            credential=Credential.of(request),
            stay=stay,
            share_housing=payload.share_housing,
            signed_name=payload.signed_name,
        )
    return _stay(stay)


@router.post(
    "/housing/offers/{stay_id}/decline",
    response={200: StayOut, 409: dict},
    summary="Decline an offer (the house is told)",
)
def post_decline(request: AuthenticatedHttpRequest, stay_id: Id):
    stay = access.access_own_stay(request.user, stay_id)
    with conflicts_as_409():
        stay = services.decline_offer(stay=stay, by=request.user)
    return _stay(stay)


# ---------------------------------------------------------------- a grantee


@router.get(
    "/members/{member_id}/housing",
    response=MemberHousingOut,
    summary="A resident's stays in your houses, when they share housing with you",
)
def member_housing(request: AuthenticatedHttpRequest, member_id: Id) -> dict[str, Any]:
    member, stays = access.access_resident(request.user, member_id, interface=API)
    return {
        "member": str(member.display_name),
        **shared.records(shared.Resident(member, stays)),
    }

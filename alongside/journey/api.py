from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import ValidationError

from alongside.journey import access, services
from alongside.journey.models import CheckIn
from alongside.journey.schemas import CheckInIn, CheckInOut
from alongside.privacy.models import Interface

router = Router(tags=["journey"])


@router.get("/check-ins", response=list[CheckInOut], summary="Your own recent check-ins")
def my_check_ins(request: HttpRequest) -> list[CheckIn]:
    return list(CheckIn.objects.for_member(request.user)[:90])


@router.post("/check-ins", response={201: CheckInOut, 200: CheckInOut}, summary="Record today's check-in")
def post_check_in(request: HttpRequest, payload: CheckInIn):  # type: ignore[no-untyped-def]
    values = payload.dict(exclude={"on"})
    try:
        check_in, created = services.record_check_in(member=request.user, on=payload.on, **values)
    except services.CheckInError as error:
        raise ValidationError([{"loc": ("body", "payload", error.field), "msg": error.message}]) from error
    return Status(201 if created else 200, check_in)


@router.get(
    "/members/{member_id}/check-ins",
    response=list[CheckInOut],
    summary="A member's check-ins, when they share them with you",
)
def member_check_ins(request: HttpRequest, member_id: int) -> list[CheckIn]:
    _member, check_ins = access.access_member_check_ins(request.user, member_id, interface=Interface.API)
    return list(check_ins[:90])

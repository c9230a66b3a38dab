"""Check-ins: your own, their trends and the support after a hard day; a member's, when shared."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Router, Status
from pydantic import AfterValidator, WithJsonSchema

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.journey import access, services, shared
from alongside.journey.api.common import API, invalid
from alongside.journey.models import CheckIn
from alongside.journey.schemas import (
    CheckInIn,
    CheckInOut,
    CheckInTrendOut,
    MemberMedicationOut,
    SharedCheckInOut,
    SupportOut,
)
from alongside.journey.trends import PERIODS, Medication, check_in_trend
from alongside.schemas import Id


def _known_period(days: int) -> int:
    if days not in PERIODS:
        raise ValueError(f"Choose {', '.join(str(p) for p in PERIODS)} days.")
    return days


TrendDays = Annotated[
    int, AfterValidator(_known_period), WithJsonSchema({"type": "integer", "enum": list(PERIODS)})
]

router = Router()


@router.get("/check-ins", response=list[CheckInOut], summary="Your own recent check-ins")
def my_check_ins(request: AuthenticatedHttpRequest) -> list[CheckIn]:
    return list(
        CheckIn.objects.for_member(request.user).prefetch_related("triggers", "coping_used")[:90]
    )


@router.post(
    "/check-ins", response={201: CheckInOut, 200: CheckInOut}, summary="Record today's check-in"
)
def post_check_in(request: AuthenticatedHttpRequest, payload: CheckInIn):
    values = payload.dict(exclude={"on"}, exclude_none=True)
    values.setdefault("sleep_hours", None)
    on = payload.on or request.user.local_today()
    try:
        created = services.record_check_in(member=request.user, on=on, **values)
    except services.JourneyError as error:
        raise invalid(error) from error
    check_in = (
        CheckIn.objects.for_member(request.user)
        .prefetch_related("triggers", "coping_used")
        .get(on=on)
    )
    return Status(201 if created else 200, check_in)


def _medication_counts(strip: Medication | None) -> dict[str, int] | None:
    if strip is None:
        return None
    return {"taken": strip.taken, "missed": strip.missed, "unknown": strip.unknown}


@router.get(
    "/check-ins/trends",
    response=CheckInTrendOut,
    summary="Your check-in trends over 7, 30 or 90 days",
)
def check_in_trends(request: AuthenticatedHttpRequest, days: TrendDays = 30) -> dict[str, Any]:
    trend = check_in_trend(request.user, days)
    series = [
        {
            "on": row.on,
            "mood": row.check_in.mood if row.check_in else None,
            "craving": row.check_in.craving if row.check_in else None,
            "sleep_hours": row.check_in.sleep_hours if row.check_in else None,
            "halt": row.check_in.halt_count if row.check_in else None,
            "attended_meeting": row.check_in.attended_meeting if row.check_in else None,
        }
        for row in trend.rows
    ]
    return {
        **{
            k: getattr(trend, k)
            for k in (
                "days",
                "start",
                "end",
                "checked_in",
                "mood_average",
                "craving_average",
                "high_craving_days",
                "sleep_average",
                "meetings",
                "summary",
            )
        },
        "series": series,
        "halt": {
            "hungry": sum(1 for r in trend.rows if r.check_in and r.check_in.hungry),
            "angry": sum(1 for r in trend.rows if r.check_in and r.check_in.angry),
            "lonely": sum(1 for r in trend.rows if r.check_in and r.check_in.lonely),
            "tired": sum(1 for r in trend.rows if r.check_in and r.check_in.tired),
        },
        "medication": _medication_counts(trend.medication),
        "psychiatric_medication": _medication_counts(trend.psychiatric_medication),
        "moderation": [
            {
                "track_id": m.track.pk,
                "label": m.track.label,
                "unit": m.track.unit,
                "daily_limit": m.track.daily_limit,
                "weekly_limit": m.track.weekly_limit,
                "logged_days": m.logged_days,
                "over_days": m.over_days,
                "weeks": [
                    {"start": w.start, "total": w.total, "limit": w.limit, "is_over": w.is_over}
                    for w in m.weeks
                ],
            }
            for m in trend.moderation
        ],
        "symptoms": [
            {
                "label": t.label,
                "logged_days": t.logged_days,
                "average": t.average,
                "highest": t.highest,
                "sentence": t.sentence,
            }
            for t in trend.symptoms
        ],
    }


@router.get(
    "/check-ins/today/support",
    response=SupportOut,
    summary="After a strong craving or a trigger: your linked strategies and people to call",
)
def todays_support(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    todays = CheckIn.objects.for_member(request.user).filter(on=request.user.local_today()).first()
    support = services.support_for(todays) if todays else services.Support()
    return {
        "needed": support.needed,
        "high_craving": support.high_craving,
        "triggers": support.triggers,
        "coping_strategies": support.strategies,
        "support_contacts": support.contacts,
        "if_then_plans": support.if_thens,
    }


@router.get(
    "/members/{member_id}/check-ins",
    response=list[SharedCheckInOut],  # type: ignore[valid-type]  # a schema built by shared_schema()
    summary="A member's check-ins, when they share them with you (never the note, gratitude or medication)",
)
def member_check_ins(request: AuthenticatedHttpRequest, member_id: Id) -> list[dict[str, Any]]:
    _member, check_ins = access.access_member_check_ins(request.user, member_id, interface=API)
    return shared.check_ins(check_ins)


@router.get(
    "/members/{member_id}/medication",
    response=MemberMedicationOut,
    summary="Whether a member took their medication as planned, when they share medication with you",
)
def member_medication(request: AuthenticatedHttpRequest, member_id: Id) -> dict[str, Any]:
    member, check_ins = access.access_member_medication(request.user, member_id, interface=API)
    return {"member": member.display_name, "medication": shared.medication(check_ins)}

"""The caseload API under /api/v1/caseload/: the same services and access as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.api_errors import ApiError
from alongside.caseload import access, services
from alongside.caseload.models import CaseRecord
from alongside.caseload.schemas import (
    CaseRecordIn,
    CaseRecordOut,
    CaseRowOut,
    EngagementIn,
    FollowUpIn,
    FollowUpOut,
)
from alongside.privacy.models import Interface
from alongside.schemas import Id

router = Router(tags=["caseload"])
API = Interface.API


def _record(record: CaseRecord) -> dict[str, Any]:
    return {
        "member_id": record.member_id,
        "display_name": str(record.member.display_name),
        "organization": record.organization.name,
        "pathway": record.pathway,
        "ok_to_text": record.ok_to_text,
        "ok_to_call": record.ok_to_call,
        "needs_reassignment": record.needs_reassignment,
        "engagements": [
            {
                "id": e.pk,
                "kind": e.kind,
                "on": e.on,
                "minutes": e.minutes,
                "note": e.note,
                "by": str(e.by.display_name) if e.by else None,
            }
            for e in record.engagements.select_related("by")[:200]
        ],
        "follow_ups": [_follow_up(f) for f in record.follow_ups.all()[:200]],
    }


def _follow_up(follow_up) -> dict[str, Any]:
    return {
        "id": follow_up.pk,
        "due_on": follow_up.due_on,
        "about": follow_up.about,
        "done_at": follow_up.done_at,
    }


@router.get("/caseload", response=list[CaseRowOut], summary="Everyone who shares with you")
def get_caseload(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    today = request.user.local_today()
    return [
        {
            "member_id": row.member.pk,
            "display_name": str(row.member.display_name),
            "shares": row.shares,
            "pathway": row.record.pathway if row.record else None,
            "ok_to_text": bool(row.record and row.record.ok_to_text),
            "ok_to_call": bool(row.record and row.record.ok_to_call),
            "needs_reassignment": bool(row.record and row.record.needs_reassignment),
            "last_contact": row.last_contact,
            "next_follow_up": row.next_follow_up,
            "gone_quiet": row.is_quiet(today),
        }
        for row in services.sorted_rows(services.caseload(request.user), "name")
    ]


@router.get("/caseload/{member_id}", response=CaseRecordOut, summary="One person's case record")
def get_record(request: AuthenticatedHttpRequest, member_id: Id) -> dict[str, Any]:
    return _record(access.access_member_record(request.user, member_id, interface=API))


@router.put("/caseload/{member_id}", response=CaseRecordOut, summary="Service pathway and contact")
def put_record(
    request: AuthenticatedHttpRequest, member_id: Id, payload: CaseRecordIn
) -> dict[str, Any]:
    record = access.access_member_record(request.user, member_id, interface=API)
    services.update_record(
        record=record,
        pathway=payload.pathway,
        ok_to_text=payload.ok_to_text,
        ok_to_call=payload.ok_to_call,
    )
    return _record(record)


@router.post(
    "/caseload/{member_id}/engagements",
    response={201: CaseRecordOut},
    summary="Record an engagement (its note is kept encrypted)",
)
def post_engagement(request: AuthenticatedHttpRequest, member_id: Id, payload: EngagementIn):
    record = access.access_member_record(request.user, member_id, interface=API)
    services.record_engagement(record=record, by=request.user, **payload.model_dump())
    return Status(201, _record(record))


@router.post(
    "/caseload/{member_id}/follow-ups",
    response={201: FollowUpOut},
    summary="Set a follow-up (not before the engagement it follows)",
)
def post_follow_up(request: AuthenticatedHttpRequest, member_id: Id, payload: FollowUpIn):
    record = access.access_member_record(request.user, member_id, interface=API)
    engagement = None
    if payload.engagement_id is not None:
        engagement = record.engagements.filter(pk=payload.engagement_id).first()
        if engagement is None:
            raise ValidationError({"engagement_id": "No such engagement in this record."})
    made = services.add_follow_up(
        record=record,
        by=request.user,
        due_on=payload.due_on,
        about=payload.about,
        engagement=engagement,
    )
    return Status(201, _follow_up(made))


@router.post(
    "/caseload/follow-ups/{follow_up_id}/done",
    response={200: FollowUpOut, 409: dict},
    summary="Mark a follow-up done (409 if it already is)",
)
def follow_up_done(request: AuthenticatedHttpRequest, follow_up_id: Id) -> dict[str, Any]:
    found = access.access_follow_up(request.user, follow_up_id)
    try:
        services.complete_follow_up(follow_up=found)
    except ValidationError as error:
        raise ApiError(409, "conflict", " ".join(error.messages)) from None
    return _follow_up(found)

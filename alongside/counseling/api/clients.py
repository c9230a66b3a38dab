"""A counselor's clients, a member's counseling records and adherence, and safety alerts worked
through the API: the same access functions and services as the pages."""

from __future__ import annotations

from typing import Any

from ninja import Router
from ninja.errors import ValidationError

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.api_errors import ApiError
from alongside.assessments import services as assessments
from alongside.counseling import access
from alongside.counseling.schemas.clients import (
    AdherenceOut,
    CounselingAlertNoteIn,
    CounselingAlertOut,
    CounselingClientOut,
    CounselingRecordsOut,
)
from alongside.counseling.services import adherence, alerts, clients
from alongside.privacy.models import Interface
from alongside.privacy.notices import PART2_REDISCLOSURE_NOTICE
from alongside.schemas import Id

router = Router()
API = Interface.API


def _ratio(ratio: adherence.Ratio | None) -> dict[str, Any] | None:
    if ratio is None:
        return None
    return {"done": ratio.done, "of": ratio.of, "rate": ratio.rate}


def _attendance(a: adherence.Attendance) -> dict[str, Any]:
    return {
        "attended": a.attended,
        "no_show": a.no_show,
        "late_cancel": a.late_cancel,
        "rate": a.rate,
    }


def _summary(summary: adherence.Summary) -> dict[str, Any]:
    return {
        "attendance": _attendance(summary.attendance),
        "objectives": _ratio(summary.objectives),
        "medication": _ratio(summary.medication),
        "assessments": _ratio(summary.assessments),
        "line": summary.line,
    }


@router.get(
    "/counseling/clients",
    response=list[CounselingClientOut],
    summary="The members who share counseling with you, each with their adherence",
)
def get_clients(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    people = clients.clients_of(request.user)
    summaries = adherence.summary(request.user, people)
    return [
        {
            "member_id": person.pk,
            "display_name": str(person.display_name),
            "summary": _summary(summaries[person.pk]),
        }
        for person in people
        if person.pk in summaries
    ]


@router.get(
    "/members/{member_id}/counseling",
    response=CounselingRecordsOut,
    summary="A member's counseling records: appointments, treatment plans, session notes "
    "(404 unless they share counseling with you)",
)
def get_counseling_records(request: AuthenticatedHttpRequest, member_id: Id) -> dict[str, Any]:
    member = access.access_client_record(request.user, member_id, interface=API)
    return {"notice": PART2_REDISCLOSURE_NOTICE} | clients.counseling_records(member, request.user)


@router.get(
    "/members/{member_id}/counseling/adherence",
    response=AdherenceOut,
    summary="A member's adherence month by month (404 unless they share counseling with you)",
)
def get_adherence(request: AuthenticatedHttpRequest, member_id: Id) -> dict[str, Any]:
    member = access.access_client_record(request.user, member_id, interface=API)
    shares = access.access_client_shares(request.user, member, interface=API)
    found = adherence.adherence_of(
        member, medication=shares.medication, assessments=shares.assessments
    )
    months = []
    for index, month in enumerate(found.months):
        months.append(
            {
                "month": month,
                "attendance": _attendance(found.attendance[index]),
                "objectives": _ratio(found.objectives[index]),
                "medication": _ratio(found.medication[index]) if found.medication else None,
                "assessments": _ratio(found.assessments[index]) if found.assessments else None,
            }
        )
    return {"member_id": member.pk, "months": months, "summary": _summary(found.summary)}


# ---------------------------------------------------------------- safety alerts


def _alert(row: alerts.AlertRow) -> dict[str, Any]:
    alert = row.alert
    return {
        "id": alert.pk,
        "member_id": alert.member_id,
        "display_name": str(alert.member.display_name),
        "administration_id": alert.administration_id,
        "state": row.state,
        "raised_at": alert.raised_at,
        "escalates_at": row.escalates_at,
        "escalated_at": alert.escalated_at,
        "escalated_to": [str(p.display_name) for p in alert.escalated_to.all()],
        "acknowledged_at": alert.acknowledged_at,
        "acknowledged_by": str(alert.acknowledged_by.display_name)
        if alert.acknowledged_by
        else None,
        "acknowledgement_note": alert.acknowledgement_note,
        "closed_at": alert.closed_at,
        "closed_by": str(alert.closed_by.display_name) if alert.closed_by else None,
        "closing_note": alert.closing_note,
    }


@router.get(
    "/counseling/alerts",
    response=list[CounselingAlertOut],
    summary="Safety alerts of the members who share assessments with you: open ones (the "
    "longest waiting first), then those closed in the last week",
)
def get_alerts(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    found = alerts.worklist(request.user)
    return [_alert(row) for row in found.open + found.closed]


def _work(request: AuthenticatedHttpRequest, alert_id: int, note: str, step: Any) -> dict:
    alert = access.access_alert(request.user, alert_id)
    try:
        step(alert=alert, staff=request.user, note=note, interface=API)
    except assessments.AlertAlreadyWorked as error:
        raise ApiError(409, "conflict", error.message) from None
    except assessments.AssessmentError as error:
        raise ValidationError(
            [{"loc": ("body", "payload", error.field), "msg": error.message}]
        ) from None
    return _alert(alerts.row_of(alert))


@router.post(
    "/counseling/alerts/{alert_id}/acknowledge",
    response={200: CounselingAlertOut, 409: dict},
    summary="Acknowledge a safety alert: you are on it, and how (409 once someone has)",
)
def acknowledge_alert(
    request: AuthenticatedHttpRequest, alert_id: Id, payload: CounselingAlertNoteIn
) -> dict[str, Any]:
    return _work(request, alert_id, payload.note, assessments.acknowledge_safety_alert)


@router.post(
    "/counseling/alerts/{alert_id}/close",
    response={200: CounselingAlertOut, 409: dict},
    summary="Close an acknowledged safety alert with a note of how it ended (409 before it is "
    "acknowledged, or once closed)",
)
def close_alert(
    request: AuthenticatedHttpRequest, alert_id: Id, payload: CounselingAlertNoteIn
) -> dict[str, Any]:
    return _work(request, alert_id, payload.note, assessments.close_safety_alert)

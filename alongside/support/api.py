"""The support API: the circle, SOS, hard days and on-call rotas, under /api/v1/support/.
The same services as the pages, so the same rules."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.api_errors import ApiError
from alongside.privacy.models import Interface
from alongside.resources.crisis_lines import lines_for
from alongside.schemas import Id, person_out
from alongside.support import access, services
from alongside.support.models import (
    AlertStatus,
    CircleMember,
    HardDay,
    OnCallShift,
    SosAlert,
    SosEvent,
)
from alongside.support.schemas import (
    AcknowledgeIn,
    AnswerIn,
    ChooseIn,
    ChosenOut,
    CircleEntryIn,
    CircleEntryOut,
    CircleOut,
    EncouragementIn,
    EncouragementOut,
    HardDayIn,
    HardDayOut,
    ReceivedAlertOut,
    RotaOut,
    ShiftIn,
    ShiftOut,
    SosOut,
)

router = Router(tags=["support"])


def _entry(entry: CircleMember) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "person": person_out(entry.person),
        "position": entry.position,
        "gets_sos": entry.gets_sos,
        "gets_hard_days": entry.gets_hard_days,
        "answer": entry.answer,
    }


def _event_words(event: SosEvent) -> str:
    if event.kind == "acknowledged":
        return _("%(name)s answered: %(how)s") % {
            "name": event.person.display_name if event.person else _("Someone"),
            "how": event.get_response_display(),
        }
    if event.person is not None:
        return f"{event.get_kind_display()}: {event.person.display_name}"
    return str(event.get_kind_display())


def _sos(alert: SosAlert, member: User) -> dict[str, Any]:
    view = services.alert_view(alert)
    if alert.status == AlertStatus.CANCELLED:
        says = _("You said you are OK now.")
    elif alert.acknowledged_by is not None:
        says = _("%(name)s is on it — %(how)s") % {
            "name": alert.acknowledged_by.display_name,
            "how": alert.get_response_display(),
        }
    elif view.recipients:
        says = _("Your people have been alerted. Waiting for an answer.")
    else:
        says = _(
            "You have not chosen anyone to alert yet. Please call a crisis line now, "
            "and choose people for your support circle."
        )
    return {
        "id": alert.pk,
        "status": alert.status,
        "started_at": alert.started_at,
        "acknowledged_by": person_out(alert.acknowledged_by),
        "response": alert.response,
        "says": says,
        "has_circle": view.has_circle,
        "alerted": [person_out(r.person) for r in view.recipients],
        "next_escalation_at": alert.next_escalation_at,
        "events": [
            {
                "at": e.at,
                "kind": e.kind,
                "words": _event_words(e),
                "person": person_out(e.person),
                "response": e.response,
            }
            for e in view.events
        ],
        "crisis_lines": [f"{line.name}: {line.contact}" for line in lines_for(member.country)],
    }


def _received(alert: SosAlert) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "member": person_out(alert.member),
        "status": alert.status,
        "started_at": alert.started_at,
        "acknowledged_by": person_out(alert.acknowledged_by),
        "response": alert.response,
    }


def _hard_day(hard_day: HardDay, viewer: User) -> dict[str, Any]:
    encouragements = hard_day.encouragements.select_related("author")
    if hard_day.member_id != viewer.pk:
        encouragements = encouragements.filter(author=viewer)
    return {
        "id": hard_day.pk,
        "member": person_out(hard_day.member),
        "note": hard_day.note,
        "sent_at": hard_day.sent_at,
        "encouragements": [
            {
                "id": e.pk,
                "author": person_out(e.author),
                "message": e.message,
                "created_at": e.created_at,
            }
            for e in encouragements
        ],
    }


def _aware(moment: datetime.datetime, user: User) -> datetime.datetime:
    """A time sent without an offset is in the person's own time zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=user.zone)


def _shift(shift: OnCallShift | None) -> dict[str, Any] | None:
    if shift is None:
        return None
    return {
        "id": shift.pk,
        "person": person_out(shift.person),
        "starts_at": shift.starts_at,
        "ends_at": shift.ends_at,
        "handover_note": shift.handover_note,
    }


# ---------------------------------------------------------------- the circle


@router.get("/support/circle", response=CircleOut, summary="Your support circle, in order")
def get_circle(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    prefs = services.settings_for(request.user)
    return {
        "entries": [_entry(e) for e in services.circle_of(request.user)],
        "candidates": [person_out(p) for p in services.circle_candidates(request.user)],
        "escalate_after_minutes": prefs.escalate_after_minutes,
        "on_call_organization_id": prefs.on_call_organization_id,
    }


@router.post(
    "/support/circle",
    response={201: CircleEntryOut},
    summary="Add someone you share with to the end of your circle (they are told, and may decline)",
)
def add_to_circle(request: AuthenticatedHttpRequest, payload: ChooseIn):
    entry = services.choose_person(member=request.user, person_id=payload.person_id)
    return Status(201, _entry(entry))


@router.patch(
    "/support/circle/{entry_id}",
    response=CircleEntryOut,
    summary="Choose what one person receives, or move them up or down",
)
def change_circle_entry(
    request: AuthenticatedHttpRequest, entry_id: Id, payload: CircleEntryIn
) -> dict[str, Any]:
    entry = access.access_own_circle_entry(request.user, entry_id)
    entry = services.update_circle_member(
        entry=entry,
        gets_sos=payload.gets_sos,
        gets_hard_days=payload.gets_hard_days,
        move=payload.move,
    )
    return _entry(entry)


@router.delete(
    "/support/circle/{entry_id}", response={204: None}, summary="Take someone out of your circle"
)
def remove_circle_entry(request: AuthenticatedHttpRequest, entry_id: Id):
    entry = access.access_own_circle_entry(request.user, entry_id)
    services.remove_from_circle(entry=entry)
    return Status(204, None)


@router.get(
    "/support/chosen", response=list[ChosenOut], summary="People who chose you for their circle"
)
def get_chosen(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    entries = CircleMember.objects.filter(
        person=request.user, member__is_active=True
    ).select_related("member")
    return [
        {
            "id": e.pk,
            "member": person_out(e.member),
            "answer": e.answer,
            "gets_sos": e.gets_sos,
            "gets_hard_days": e.gets_hard_days,
        }
        for e in entries
    ]


@router.post(
    "/support/chosen/{entry_id}/answer",
    response=ChosenOut,
    summary="Agree to be in someone's circle, or decline",
)
def answer_chosen(
    request: AuthenticatedHttpRequest, entry_id: Id, payload: AnswerIn
) -> dict[str, Any]:
    entry = access.access_chosen_entry(request.user, entry_id)
    entry = services.answer_circle(entry=entry, accept=payload.accept)
    return {
        "id": entry.pk,
        "member": person_out(entry.member),
        "answer": entry.answer,
        "gets_sos": entry.gets_sos,
        "gets_hard_days": entry.gets_hard_days,
    }


# ---------------------------------------------------------------- SOS


@router.post(
    "/support/sos",
    response={201: SosOut, 200: SosOut},
    summary="Press SOS: alert your circle now (200 with the open one if an SOS is already open)",
)
def press_sos(request: AuthenticatedHttpRequest):
    already = services.open_alert(request.user)
    alert = services.start_sos(member=request.user)
    return Status(200 if already else 201, _sos(alert, request.user))


@router.get("/support/sos/{alert_id}", response=SosOut, summary="One of your SOS, with every step")
def get_sos(request: AuthenticatedHttpRequest, alert_id: Id) -> dict[str, Any]:
    alert = access.access_own_alert(request.user, alert_id)
    return _sos(alert, request.user)


@router.post(
    "/support/sos/{alert_id}/cancel",
    response=SosOut,
    summary="I'm OK now: end the SOS and tell everyone it reached",
)
def cancel_sos(request: AuthenticatedHttpRequest, alert_id: Id) -> dict[str, Any]:
    alert = access.access_own_alert(request.user, alert_id)
    return _sos(services.cancel_sos(alert=alert), request.user)


@router.get(
    "/support/alerts/{alert_id}",
    response=ReceivedAlertOut,
    summary="An SOS that reached you",
)
def get_received_alert(request: AuthenticatedHttpRequest, alert_id: Id) -> dict[str, Any]:
    return _received(access.access_received_alert(request.user, alert_id, interface=Interface.API))


@router.post(
    "/support/alerts/{alert_id}/acknowledge",
    response=ReceivedAlertOut,
    summary="Answer an SOS: the member sees it at once (409 if they already said they are OK)",
)
def acknowledge_alert(
    request: AuthenticatedHttpRequest, alert_id: Id, payload: AcknowledgeIn
) -> dict[str, Any]:
    alert = access.access_received_alert(request.user, alert_id, interface=Interface.API)
    try:
        alert = services.acknowledge(alert=alert, person=request.user, response=payload.response)
    except services.AlertClosed as closed:
        raise ApiError(409, "sos_over", str(closed)) from None
    return _received(alert)


# ---------------------------------------------------------------- hard days


@router.post(
    "/support/hard-days",
    response={201: HardDayOut},
    summary="Let the people you chose know you are having a hard day",
)
def send_hard_day(request: AuthenticatedHttpRequest, payload: HardDayIn):
    hard_day = services.send_hard_day(member=request.user, note=payload.note)
    return Status(201, _hard_day(hard_day, request.user))


@router.get(
    "/support/hard-days/{hard_day_id}",
    response=HardDayOut,
    summary="Your hard day, or one sent to you (you see your own encouragement only)",
)
def get_hard_day(request: AuthenticatedHttpRequest, hard_day_id: Id) -> dict[str, Any]:
    return _hard_day(
        access.access_hard_day(request.user, hard_day_id, interface=Interface.API), request.user
    )


@router.post(
    "/support/hard-days/{hard_day_id}/encouragements",
    response={201: EncouragementOut},
    summary="Send a few words of encouragement (1 to 500 characters)",
)
def send_encouragement(
    request: AuthenticatedHttpRequest, hard_day_id: Id, payload: EncouragementIn
):
    hard_day = access.access_hard_day(request.user, hard_day_id, interface=Interface.API)
    if hard_day.member_id == request.user.pk:
        raise ApiError(409, "own_hard_day", _("Encouragement is for the people you told."))
    found = services.encourage(hard_day=hard_day, author=request.user, message=payload.message)
    return Status(
        201,
        {
            "id": found.pk,
            "author": person_out(found.author),
            "message": found.message,
            "created_at": found.created_at,
        },
    )


# ---------------------------------------------------------------- on-call rota


@router.get(
    "/support/on-call/{organization_id}",
    response=RotaOut,
    summary="Who is on call now, the hand-over they got, and the shifts",
)
def get_rota(request: AuthenticatedHttpRequest, organization_id: Id) -> dict[str, Any]:
    organization = access.access_rota(request.user, organization_id)
    found = services.rota(organization)
    return {
        "organization_id": organization.pk,
        "on_call_now": _shift(found.now),
        "handover": _shift(found.handover),
        "shifts": [_shift(s) for s in found.shifts],
    }


@router.post(
    "/support/on-call/{organization_id}/shifts",
    response={201: ShiftOut},
    summary="Put a peer specialist on call (organization admins)",
)
def add_shift(request: AuthenticatedHttpRequest, organization_id: Id, payload: ShiftIn):
    organization = access.access_rota(request.user, organization_id, write=True)
    shift = services.add_shift(
        organization=organization,
        by=request.user,
        person_id=payload.person_id,
        starts_at=_aware(payload.starts_at, request.user),
        ends_at=_aware(payload.ends_at, request.user),
        handover_note=payload.handover_note,
    )
    return Status(201, _shift(shift))

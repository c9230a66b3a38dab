"""Appointments, times asked for and therapy groups under /api/v1/counseling/: the same access
functions and services as the pages. 404 for missing or not-yours (a member id in the body
too), 422 naming the field, 409 for a double booking or a state that does not allow it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Status
from pydantic import AfterValidator, Field

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.api_errors import ApiError
from alongside.counseling import access
from alongside.counseling.models import Appointment, Attendee, TherapyGroup
from alongside.counseling.schemas.appointments import (
    AppointmentAcceptIn,
    AppointmentAttendanceIn,
    AppointmentCancelIn,
    AppointmentDeclineIn,
    AppointmentGroupSessionIn,
    AppointmentIn,
    AppointmentOut,
    AppointmentPatch,
    AppointmentPersonOut,
    AppointmentRequestIn,
    TherapyGroupIn,
    TherapyGroupMemberIn,
    TherapyGroupOut,
    TherapyGroupSummaryOut,
)
from alongside.counseling.services import (
    appointment_calendars,
    appointment_requests,
    appointments,
    therapy_groups,
)
from alongside.counseling.services.appointment_calendars import FIRST_YEAR, LAST_YEAR
from alongside.counseling.services.appointments import AppointmentClash, AppointmentConflict
from alongside.privacy.models import Interface
from alongside.schemas import Day, Id, person_out

router = Router()
API = Interface.API
T = TypeVar("T")


def _listable(day: datetime.date) -> datetime.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"Choose a day between {FIRST_YEAR} and {LAST_YEAR}.")
    return day


ListDay = Annotated[Day, AfterValidator(_listable)]


def _person(user: User) -> dict[str, Any]:
    return person_out(user) or {}


def _place(place: Attendee) -> dict[str, Any]:
    return {
        "member": _person(place.member),
        "status": place.status,
        "recorded_at": place.recorded_at,
    }


def _appointment(
    appointment: Appointment, *, places: list[Attendee], your_part: str
) -> dict[str, Any]:
    """As the counselor (`places`: the attendees who share with them) or as an attendee
    (`places`: their own place only): nothing of another attendee reaches a member."""
    group = appointment.group
    is_counselor = your_part == "counselor"
    return {
        "id": appointment.pk,
        "your_part": your_part,
        "status": appointment.status,
        "starts_at": appointment.starts_at,
        "ends_at": appointment.ends_at,
        "modality": appointment.modality,
        "location": appointment.location,
        "video_url": appointment.video_url,
        "counselor": _person(appointment.counselor),
        "group": (
            {"id": group.pk if is_counselor else None, "name": group.name}
            if group is not None
            else None
        ),
        "series_id": appointment.series_id,
        "attendees": [_place(p) for p in places],
        "request_note": appointment.request_note,
        "cancelled_at": appointment.cancelled_at,
        "cancel_reason": appointment.cancel_reason,
    }


def _as_seen_by(user: User, appointment: Appointment) -> dict[str, Any]:
    """The appointment as this user may read it (access has let them reach it)."""
    if appointment.counselor_id == user.pk:
        rows = appointment_calendars.rows_for(user, [appointment])
        places = rows[0].attendees if rows else []
        return _appointment(appointment, places=places, your_part="counselor")
    own = appointment_calendars.place_of(appointment, user)
    return _appointment(appointment, places=[own] if own else [], your_part="attendee")


def _refused(error: ValidationError) -> ApiError:
    code = "clash" if isinstance(error, AppointmentClash) else "conflict"
    return ApiError(409, code, " ".join(error.messages))


def _call(service: Callable[..., T], **kwargs: Any) -> T:
    """A service, its state refusals as the 409 they are (field errors stay the API's 422)."""
    try:
        return service(**kwargs)
    except AppointmentConflict as error:
        raise _refused(error) from None


def _member(user: User, member_id: int) -> User:
    """A member who shares counseling with the counselor (404 otherwise: the body's id is
    not-yours like a path's)."""
    return access.access_client(
        user, member_id, interface=API, record_type="counseling.appointment"
    )


# ---------------------------------------------------------------- appointments


@router.get(
    "/counseling/appointments",
    response=list[AppointmentOut],
    summary="Appointments you hold as counselor and your own places, from a day on",
)
def list_appointments(
    request: AuthenticatedHttpRequest,
    from_day: ListDay | None = None,
    days: Annotated[int, Field(ge=1, le=92)] = 14,
) -> list[dict[str, Any]]:
    user = request.user
    first = from_day or user.local_today()
    start = datetime.datetime.combine(first, datetime.time(0), tzinfo=user.zone)
    held, places = appointment_calendars.appointments_of(
        user, start=start, end=start + datetime.timedelta(days=days)
    )
    return [
        *(_appointment(r.appointment, places=r.attendees, your_part="counselor") for r in held),
        *(_appointment(p.appointment, places=[p], your_part="attendee") for p in places),
    ]


@router.post(
    "/counseling/appointments",
    response={201: list[AppointmentOut], 404: dict, 409: dict},
    summary="Book a session, or a weekly series, with a member who shares counseling with you",
)
def book(request: AuthenticatedHttpRequest, payload: AppointmentIn):
    member = _member(request.user, payload.member_id)
    made = _call(
        appointments.book_appointment,
        counselor=request.user,
        member=member,
        booking=appointments.Booking(**payload.model_dump(exclude={"member_id"})),
    )
    return Status(201, [_as_seen_by(request.user, a) for a in made])


@router.get(
    "/counseling/appointments/{appointment_id}",
    response=AppointmentOut,
    summary="One appointment (an attendee sees only their own place)",
)
def get_appointment(request: AuthenticatedHttpRequest, appointment_id: Id) -> dict[str, Any]:
    found = access.access_appointment(request.user, appointment_id, interface=API)
    return _as_seen_by(request.user, found)


@router.patch(
    "/counseling/appointments/{appointment_id}",
    response={200: AppointmentOut, 409: dict},
    summary="Move it or change where it is held (the counselor; attendees are told)",
)
def patch_appointment(
    request: AuthenticatedHttpRequest, appointment_id: Id, payload: AppointmentPatch
) -> dict[str, Any]:
    found = access.access_held_appointment(request.user, appointment_id, interface=API)
    current = {
        "starts_at": found.starts_at,
        "ends_at": found.ends_at,
        "modality": found.modality,
        "location": found.location,
        "video_url": found.video_url,
    }
    booking = appointments.Booking(**{**current, **payload.model_dump(exclude_unset=True)})
    _call(appointments.change_appointment, appointment=found, by=request.user, booking=booking)
    return _as_seen_by(request.user, found)


@router.post(
    "/counseling/appointments/{appointment_id}/cancel",
    response={200: AppointmentOut, 409: dict},
    summary="Cancel it (the counselor), or your own place (an attendee); the other side is told",
)
def cancel(
    request: AuthenticatedHttpRequest, appointment_id: Id, payload: AppointmentCancelIn
) -> dict[str, Any]:
    found = access.access_appointment(request.user, appointment_id, interface=API)
    _call(
        appointments.cancel_appointment, appointment=found, by=request.user, reason=payload.reason
    )
    return _as_seen_by(request.user, found)


@router.post(
    "/counseling/appointments/{appointment_id}/attendance",
    response={200: AppointmentOut, 409: dict},
    summary="Record whether an attendee came (once it has started)",
)
def attendance(
    request: AuthenticatedHttpRequest, appointment_id: Id, payload: AppointmentAttendanceIn
) -> dict[str, Any]:
    found = access.access_held_appointment(request.user, appointment_id, interface=API)
    _call(
        appointments.record_attendance,
        appointment=found,
        by=request.user,
        member_id=payload.member_id,
        status=payload.status,
    )
    return _as_seen_by(request.user, found)


@router.post(
    "/counseling/appointments/{appointment_id}/complete",
    response={200: AppointmentOut, 409: dict},
    summary="Mark it completed (once it has started)",
)
def complete(request: AuthenticatedHttpRequest, appointment_id: Id) -> dict[str, Any]:
    found = access.access_held_appointment(request.user, appointment_id, interface=API)
    _call(appointments.complete_appointment, appointment=found, by=request.user)
    return _as_seen_by(request.user, found)


# ---------------------------------------------------------------- times asked for


@router.get(
    "/counseling/counselors",
    response=list[AppointmentPersonOut],
    summary="The counselors you share counseling with: whom you may ask for a time",
)
def counselors(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    return [_person(c) for c in appointment_requests.counselors_for(request.user)]


@router.post(
    "/counseling/requests",
    response={201: AppointmentOut, 404: dict, 409: dict},
    summary="Ask a counselor you share counseling with for a time (they are told)",
)
def ask(request: AuthenticatedHttpRequest, payload: AppointmentRequestIn):
    counselor = access.access_counselor(request.user, payload.counselor_id)
    asked = _call(
        appointment_requests.request_appointment,
        member=request.user,
        counselor=counselor,
        **payload.model_dump(exclude={"counselor_id"}),
    )
    return Status(201, _as_seen_by(request.user, asked))


@router.post(
    "/counseling/appointments/{appointment_id}/accept",
    response={200: AppointmentOut, 409: dict},
    summary="Accept a time a member asked for (they are told)",
)
def accept(
    request: AuthenticatedHttpRequest, appointment_id: Id, payload: AppointmentAcceptIn
) -> dict[str, Any]:
    found = access.access_held_appointment(request.user, appointment_id, interface=API)
    where = {"modality": found.modality, **payload.model_dump(exclude_unset=True)}
    booking = appointments.Booking(starts_at=found.starts_at, ends_at=found.ends_at, **where)
    _call(appointment_requests.accept_request, appointment=found, by=request.user, booking=booking)
    return _as_seen_by(request.user, found)


@router.post(
    "/counseling/appointments/{appointment_id}/decline",
    response={200: AppointmentOut, 409: dict},
    summary="Decline a time a member asked for (they are told, with your reason if any)",
)
def decline(
    request: AuthenticatedHttpRequest, appointment_id: Id, payload: AppointmentDeclineIn
) -> dict[str, Any]:
    found = access.access_held_appointment(request.user, appointment_id, interface=API)
    _call(
        appointment_requests.decline_request,
        appointment=found,
        by=request.user,
        reason=payload.reason,
    )
    return _as_seen_by(request.user, found)


# ---------------------------------------------------------------- therapy groups


def _group(group: TherapyGroup) -> dict[str, Any]:
    places = group.roster.filter(left_on__isnull=True).select_related("member")
    return {
        "id": group.pk,
        "name": group.name,
        "kind": group.kind,
        "description": group.description,
        "ended_on": group.ended_on,
        "roster": [{"member": _person(p.member), "joined_on": p.joined_on} for p in places],
    }


@router.get(
    "/counseling/groups", response=list[TherapyGroupSummaryOut], summary="The groups you run"
)
def list_groups(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": g.pk,
            "name": g.name,
            "kind": g.kind,
            "roster_size": g.roster_size,  # type: ignore[attr-defined]  # annotated by groups_of
            "ended_on": g.ended_on,
        }
        for g in therapy_groups.groups_of(request.user)
    ]


@router.post(
    "/counseling/groups",
    response={201: TherapyGroupOut, 404: dict},
    summary="Start a therapy group (counselors)",
)
def create_group(request: AuthenticatedHttpRequest, payload: TherapyGroupIn):
    if not access.is_counselor(request.user):
        raise Http404("Not found.")
    group = therapy_groups.create_group(counselor=request.user, **payload.model_dump())
    return Status(201, _group(group))


@router.get(
    "/counseling/groups/{group_id}",
    response=TherapyGroupOut,
    summary="A group you run, with its roster",
)
def get_group(request: AuthenticatedHttpRequest, group_id: Id) -> dict[str, Any]:
    return _group(access.access_group(request.user, group_id))


@router.post(
    "/counseling/groups/{group_id}/members",
    response={201: TherapyGroupOut, 409: dict},
    summary="Put a member who shares counseling with you on the roster",
)
def add_member(request: AuthenticatedHttpRequest, group_id: Id, payload: TherapyGroupMemberIn):
    group = access.access_group(request.user, group_id)
    member = _member(request.user, payload.member_id)
    _call(therapy_groups.add_to_group, group=group, member=member)
    return Status(201, _group(group))


@router.delete(
    "/counseling/groups/{group_id}/members/{member_id}",
    response=TherapyGroupOut,
    summary="Take someone off the roster (their places in sessions to come are given up)",
)
def remove_member(request: AuthenticatedHttpRequest, group_id: Id, member_id: Id) -> dict[str, Any]:
    place = access.access_roster_place(request.user, group_id, member_id)
    therapy_groups.remove_from_group(place=place)
    return _group(place.group)


@router.post(
    "/counseling/groups/{group_id}/sessions",
    response={201: list[AppointmentOut], 409: dict},
    summary="Book a session of the group, or a series: its roster now is who is booked",
)
def book_group_session(
    request: AuthenticatedHttpRequest, group_id: Id, payload: AppointmentGroupSessionIn
):
    group = access.access_group(request.user, group_id)
    made = _call(
        therapy_groups.book_group_session,
        group=group,
        booking=appointments.Booking(**payload.model_dump()),
    )
    return Status(201, [_as_seen_by(request.user, a) for a in made])

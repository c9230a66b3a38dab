"""Session notes in the API (/api/v1/counseling/…): the pages' actions through the same access
functions and services. A signed note answers 409 to every change; an addendum to a draft, 409;
to another counselor's note, 403. Every answer that shows a note carries the §2.32 notice."""

from __future__ import annotations

from typing import Any

from ninja import Router, Status
from ninja.errors import ValidationError

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.api_errors import ApiError
from alongside.counseling import access
from alongside.counseling.models import Addendum, LockedNoteError, SessionNote
from alongside.counseling.notes import TEMPLATES
from alongside.counseling.schemas.notes import (
    GroupNotesIn,
    GroupNotesOut,
    GroupSessionOut,
    NoteAddendumIn,
    NoteTemplateOut,
    SessionNoteIn,
    SessionNoteListOut,
    SessionNoteOut,
    SessionNotePatch,
)
from alongside.counseling.services import notes as services
from alongside.privacy.models import Action, Interface
from alongside.privacy.notices import PART2_REDISCLOSURE_NOTICE
from alongside.schemas import Id, person_out

router = Router(tags=["counseling"])
API = Interface.API


def _invalid(error: services.NoteError) -> ValidationError:
    return ValidationError([{"loc": ("body", "payload", error.field), "msg": error.message}])


def _locked() -> ApiError:
    return ApiError(409, "note_locked", services.locked_message())


def _conflict(error: services.NoteConflict) -> ApiError:
    return ApiError(409, "conflict", error.message)


def _person(user: User) -> dict[str, Any]:
    return person_out(user) or {}


def _addendum(addendum: Addendum) -> dict[str, Any]:
    return {
        "id": addendum.pk,
        "author": _person(addendum.author),
        "text": addendum.text,
        "created_at": addendum.created_at,
    }


def _note(note: SessionNote) -> dict[str, Any]:
    return {
        "notice": PART2_REDISCLOSURE_NOTICE,
        "id": note.pk,
        "member": _person(note.member),
        "author": _person(note.author),
        "organization": note.organization.name,
        "appointment_id": note.appointment_id,
        "session_starts_at": note.appointment.starts_at if note.appointment else None,
        "format": note.format,
        "sections": {s.key: s.text for s in services.shown_sections(note)},
        "group_part": note.group_part,
        "created_at": note.created_at,
        "updated_at": note.updated_at,
        "signed_at": note.signed_at,
        "is_locked": note.is_locked,
        "addenda": [_addendum(a) for a in services.addenda_of(note)],
    }


def _summary(note: SessionNote) -> dict[str, Any]:
    return {
        "id": note.pk,
        "member": _person(note.member),
        "author": _person(note.author),
        "format": note.format,
        "appointment_id": note.appointment_id,
        "session_starts_at": note.appointment.starts_at if note.appointment else None,
        "created_at": note.created_at,
        "signed_at": note.signed_at,
    }


def _list(member: User) -> dict[str, Any]:
    notes = services.notes_of(member).select_related("member")
    return {"notice": PART2_REDISCLOSURE_NOTICE, "notes": [_summary(n) for n in notes]}


# ---------------------------------------------------------------- reading


@router.get(
    "/counseling/notes/templates",
    response=list[NoteTemplateOut],
    summary="The note templates (SOAP, DAP, BIRP): their sections, labels and hints",
)
def get_templates(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "format": t.format,
            "name": str(t.name),
            "label": str(t.label),
            "sections": [
                {"key": s.key, "label": str(s.label), "hint": str(s.hint)} for s in t.sections
            ],
        }
        for t in TEMPLATES.values()
    ]


@router.get(
    "/counseling/notes",
    response=SessionNoteListOut,
    summary="The session notes counselors wrote about you (read-only), newest first",
)
def get_my_notes(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return _list(request.user)


@router.get(
    "/counseling/clients/{member_id}/notes",
    response=SessionNoteListOut,
    summary="A client's session notes (404 unless they share counseling records with you)",
)
def get_client_notes(request: AuthenticatedHttpRequest, member_id: Id) -> dict[str, Any]:
    return _list(access.access_client_notes(request.user, member_id, interface=API))


@router.get(
    "/counseling/notes/{note_id}", response=SessionNoteOut, summary="One note with its addenda"
)
def get_note(request: AuthenticatedHttpRequest, note_id: Id) -> dict[str, Any]:
    return _note(access.access_note(request.user, note_id, interface=API))


# ---------------------------------------------------------------- writing


@router.post(
    "/counseling/notes",
    response={201: SessionNoteOut, 404: dict, 409: dict},
    summary="Start a draft note for a client (404 unless they share counseling with you)",
)
def post_note(request: AuthenticatedHttpRequest, payload: SessionNoteIn):
    member = access.access_note_client(request.user, payload.member_id, interface=API)
    appointment = None
    if payload.appointment_id is not None:
        appointment = access.note_appointment(request.user, payload.appointment_id)
        if appointment is None:
            raise _invalid(
                services.NoteError(
                    "appointment_id",
                    "Choose one of your own sessions of the last 30 days that has started.",
                )
            )
    try:
        note = services.start_note(
            author=request.user,
            member=member,
            format=payload.format,
            sections=payload.sections,
            appointment=appointment,
        )
    except services.NoteError as error:
        field = "appointment_id" if error.field == "appointment" else error.field
        raise _invalid(services.NoteError(field, error.message)) from error
    except services.NoteConflict as error:
        raise _conflict(error) from error
    return Status(201, _note(note))


@router.patch(
    "/counseling/notes/{note_id}",
    response={200: SessionNoteOut, 409: dict},
    summary="Change a draft you wrote (409 once it is signed: add an addendum instead)",
)
def patch_note(request: AuthenticatedHttpRequest, note_id: Id, payload: SessionNotePatch):
    note = access.access_note(request.user, note_id, interface=API, action=Action.WRITE)
    try:
        services.save_draft(note=note, by=request.user, **payload.dict(exclude_unset=True))
    except LockedNoteError as error:
        raise _locked() from error
    except services.NoteError as error:
        raise _invalid(error) from error
    return _note(note)


@router.post(
    "/counseling/notes/{note_id}/sign",
    response={200: SessionNoteOut, 409: dict},
    summary="Sign a draft you wrote: it is locked from now on (409 if signed already)",
)
def sign_note(request: AuthenticatedHttpRequest, note_id: Id):
    note = access.access_note(request.user, note_id, interface=API, action=Action.WRITE)
    try:
        services.sign_note(note=note, by=request.user)
    except LockedNoteError as error:
        raise _locked() from error
    except services.NoteError as error:
        raise _invalid(error) from error
    return _note(note)


@router.post(
    "/counseling/notes/{note_id}/addenda",
    response={201: SessionNoteOut, 409: dict},
    summary="Add an addendum to a note you signed (403 for another's note, 409 for a draft)",
)
def post_addendum(request: AuthenticatedHttpRequest, note_id: Id, payload: NoteAddendumIn):
    note = access.access_note(request.user, note_id, interface=API, action=Action.WRITE)
    try:
        services.add_addendum(note=note, by=request.user, text=payload.text)
    except services.NoteConflict as error:
        raise _conflict(error) from error
    except services.NoteError as error:
        raise _invalid(error) from error
    return Status(201, _note(note))


# ---------------------------------------------------------------- group sessions


@router.get(
    "/counseling/notes/group/{appointment_id}",
    response=GroupSessionOut,
    summary="A group session you hold: its roster, attendance and each member's note",
)
def get_group_session(request: AuthenticatedHttpRequest, appointment_id: Id) -> dict[str, Any]:
    session = access.access_group_session(request.user, appointment_id, interface=API)
    notes = services.session_notes(session.appointment)
    attendees = []
    for place in session.places:
        shares = place.member_id in session.sharing
        note = notes.get(place.member_id) if shares else None
        attendees.append(
            {
                "member": _person(place.member),
                "attendance": place.status,
                "shares_counseling": shares,
                "note_id": note.pk if note else None,
                "note_signed_at": note.signed_at if note else None,
            }
        )
    appointment = session.appointment
    return {
        "notice": PART2_REDISCLOSURE_NOTICE,
        "appointment_id": appointment.pk,
        "group": appointment.group.name if appointment.group else "",
        "starts_at": appointment.starts_at,
        "attendees": attendees,
    }


@router.post(
    "/counseling/notes/group/{appointment_id}",
    response={200: GroupNotesOut, 409: dict},
    summary=(
        "Document a group session in one action: the shared part, and per attendee whether "
        "they came and their own part. Drafts only; signed notes are skipped and reported"
    ),
)
def post_group_notes(request: AuthenticatedHttpRequest, appointment_id: Id, payload: GroupNotesIn):
    session = access.access_group_session(
        request.user, appointment_id, interface=API, action=Action.WRITE
    )
    records = {
        a.member_id: services.AttendeeRecord(attended=a.attended, sections=a.sections)
        for a in payload.attendees
    }
    try:
        done = services.document_group_session(
            appointment=session.appointment,
            places=session.places,
            sharing=session.sharing,
            by=request.user,
            format=payload.format,
            group_part=payload.group_part,
            attendees=records,
        )
    except services.NoteConflict as error:
        raise _conflict(error) from error
    except services.NoteError as error:
        raise _invalid(error) from error

    def skipped(notes: list[SessionNote]) -> list[dict[str, Any]]:
        return [{"member": _person(n.member), "note_id": n.pk} for n in notes]

    return {
        "notice": PART2_REDISCLOSURE_NOTICE,
        "created": [n.pk for n in done.created],
        "updated": [n.pk for n in done.updated],
        "no_show": [_person(m) for m in done.no_show],
        "drafts_removed": [_person(m) for m in done.drafts_removed],
        "skipped_signed": skipped(done.skipped_signed),
        "skipped_other_author": skipped(done.skipped_other_author),
        "not_sharing": [_person(m) for m in done.not_sharing],
    }

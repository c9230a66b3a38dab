"""Session-note pages: a member's notes (their own, read-only; a counselor's view of a client's),
a new note, one note (the draft to change and sign, or the signed note read-only with its
addenda), and a group session documented in one action. Every page that shows a note shows the
42 CFR Part 2 notice; every look at another person's note is in their access log (access.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.counseling import access
from alongside.counseling.forms.notes import (
    AddendumForm,
    GroupNotesForm,
    NoteDraftForm,
    NoteStartForm,
)
from alongside.counseling.models import LockedNoteError, NoteFormat, SessionNote
from alongside.counseling.notes import TEMPLATES
from alongside.counseling.services import notes as services
from alongside.lib.forms import errors_to
from alongside.privacy.forms import row_id
from alongside.privacy.models import Action
from alongside.privacy.notices import PART2_REDISCLOSURE_NOTICE


def _format(value: str | None, default: str = NoteFormat.DAP) -> str:
    return value if value in NoteFormat.values else default


# ---------------------------------------------------------------- lists


@login_required
def my_notes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The notes counselors wrote about the person (read-only), and for a counselor the drafts
    of their own still waiting for a signature."""
    return _list(request, request.user)


@login_required
def client_notes(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """A client's notes, for a counselor they share counseling with (or the member's own)."""
    return _list(request, access.access_client_notes(request.user, member_id))


# Notes a page lists: years of weekly sessions run to hundreds.
PAGE_SIZE = 50


def _list(request: AuthenticatedHttpRequest, member: User) -> HttpResponse:
    own = member.pk == request.user.pk
    counselor = access.is_counselor(request.user)
    return render(
        request,
        "counseling/note_list.html",
        {
            "member": member,
            "own": own,
            "page": Paginator(services.notes_of(member), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "drafts": services.drafts_of(request.user) if own and counselor else [],
            "can_write": counselor and not own,
            "notice": PART2_REDISCLOSURE_NOTICE,
        },
    )


# ---------------------------------------------------------------- a new note


@login_required
def note_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start a note: the client (anyone who shares counseling with the counselor), the session
    it is of (optional) and the sections of the template chosen by link (DAP unless asked)."""
    access.require_counselor(request.user)
    asked = request.POST if request.method == "POST" else request.GET
    format = _format(asked.get("format"))
    clients = access.note_clients(request.user)
    form = NoteStartForm(
        request.POST or None,
        format=format,
        clients=clients,
        appointments=access.note_appointments(request.user),
        initial={
            "member": row_id(asked.get("member", "")),
            "appointment": row_id(asked.get("appointment", "")),
        },
    )
    if request.method == "POST" and form.is_valid():
        member = access.access_note_client(request.user, form.cleaned_data["member"])
        try:
            note = services.start_note(
                author=request.user,
                member=member,
                format=format,
                sections=form.sections(),
                appointment=form.chosen_appointment(),
            )
        except services.NoteError as error:
            name = error.field.split(".")[-1]  # "sections.data": the box "data"
            form.add_error(name if name in form.fields else None, error.message)
        except services.NoteConflict as error:
            form.add_error("appointment", error.message)
        else:
            messages.success(request, _("The draft is saved. Sign it when it is complete."))
            return redirect("counseling:note", note_id=note.pk)
    return render(
        request,
        "counseling/note_new.html",
        {
            "form": form,
            "format": format,
            "templates": TEMPLATES.values(),
            "clients": clients,
            "query": {k: asked.get(k, "") for k in ("member", "appointment")},
        },
        status=422 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- one note


def _page(
    request: AuthenticatedHttpRequest,
    note: SessionNote,
    *,
    form: NoteDraftForm | None = None,
    addendum_form: AddendumForm | None = None,
    status: int = 200,
) -> HttpResponse:
    is_author = note.author_id == request.user.pk
    editing = is_author and not note.is_locked
    return render(
        request,
        "counseling/note_detail.html",
        {
            "note": note,
            "own": note.member_id == request.user.pk,
            "sections": services.shown_sections(note),
            "addenda": services.addenda_of(note),
            "form": (form or NoteDraftForm(note)) if editing else None,
            "addendum_form": (
                (addendum_form or AddendumForm()) if is_author and note.is_locked else None
            ),
            "notice": PART2_REDISCLOSURE_NOTICE,
        },
        status=status,
    )


def _refused(request: AuthenticatedHttpRequest, note: SessionNote, message: str, status: int):
    """The note as it stands, with why the change was refused (a lock, a state)."""
    note.refresh_from_db()
    messages.error(request, message)
    return _page(request, note, status=status)


@login_required
def note(request: AuthenticatedHttpRequest, note_id: int) -> HttpResponse:
    """One note. Its author changes it while it is a draft (a POST saves it); once signed it is
    read-only, with its addenda, and its author may add one."""
    action = Action.WRITE if request.method == "POST" else Action.READ
    found = access.access_note(request.user, note_id, action=action)
    if request.method != "POST":
        return _page(request, found)
    form = NoteDraftForm(found, request.POST)
    if not form.is_valid():
        return _page(request, found, form=form, status=422)
    try:
        services.save_draft(note=found, by=request.user, **form.changes())  # type: ignore[arg-type]
    except LockedNoteError:
        return _refused(request, found, services.locked_message(), 409)
    except services.NoteError as error:
        errors_to(form, ValidationError({error.field.split(".")[-1]: error.message}))
        return _page(request, found, form=form, status=422)
    messages.success(request, _("Draft saved."))
    return redirect("counseling:note", note_id=found.pk)


@login_required
@require_POST
def note_sign(request: AuthenticatedHttpRequest, note_id: int) -> HttpResponse:
    """Save the draft as it is on the page, then sign it: locked from now on."""
    found = access.access_note(request.user, note_id, action=Action.WRITE)
    form = NoteDraftForm(found, request.POST)
    if not form.is_valid():
        return _page(request, found, form=form, status=422)
    try:
        # Saved even when the signature is refused (an empty note): nothing typed is lost.
        services.save_draft(note=found, by=request.user, **form.changes())  # type: ignore[arg-type]
        services.sign_note(note=found, by=request.user)
    except LockedNoteError:
        return _refused(request, found, services.locked_message(), 409)
    except services.NoteError as error:
        form.add_error(None, error.message)
        return _page(request, found, form=form, status=422)
    messages.success(request, _("Signed. The note is locked; corrections are added as addenda."))
    return redirect("counseling:note", note_id=found.pk)


@login_required
@require_POST
def note_addendum(request: AuthenticatedHttpRequest, note_id: int) -> HttpResponse:
    """Add an addendum to a signed note (its author only)."""
    found = access.access_note(request.user, note_id, action=Action.WRITE)
    form = AddendumForm(request.POST)
    if not form.is_valid():
        return _page(request, found, addendum_form=form, status=422)
    try:
        services.add_addendum(note=found, by=request.user, text=form.cleaned_data["text"])
    except services.NoteConflict as error:
        return _refused(request, found, error.message, 409)
    except services.NoteError as error:
        form.add_error("text", error.message)
        return _page(request, found, addendum_form=form, status=422)
    messages.success(request, _("The addendum is added under the note."))
    return redirect("counseling:note", note_id=found.pk)


# ---------------------------------------------------------------- a group session


@login_required
def group_notes(request: AuthenticatedHttpRequest, appointment_id: int) -> HttpResponse:
    """Document a group session once: the shared part, and for each attendee whether they came
    and their own part. Drafts are written for those who came; nothing is signed."""
    action = Action.WRITE if request.method == "POST" else Action.READ
    session = access.access_group_session(request.user, appointment_id, action=action)
    notes = services.session_notes(session.appointment)
    # Once the session's notes are written, their template stays (the service refuses another).
    drafted = services.session_format(notes, request.user)
    asked = request.POST if request.method == "POST" else request.GET
    format = drafted or _format(asked.get("format"))
    form = GroupNotesForm(
        request.POST or None,
        format=format,
        places=session.places,
        sharing=session.sharing,
        notes=notes,
    )
    done, status = None, 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                done = services.document_group_session(
                    appointment=session.appointment,
                    places=session.places,
                    sharing=session.sharing,
                    by=request.user,
                    format=format,
                    group_part=form.cleaned_data["group_part"],
                    attendees=form.records(),
                )
            except services.NoteError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            except services.NoteConflict as error:
                form.add_error(None, error.message)
                status = 409
            else:
                status = 200
                notes = services.session_notes(session.appointment)
                form = GroupNotesForm(
                    format=format, places=session.places, sharing=session.sharing, notes=notes
                )
    return render(
        request,
        "counseling/note_group.html",
        {
            "session": session.appointment,
            "form": form,
            "format": format,
            "templates": TEMPLATES.values(),
            "format_fixed": drafted is not None,
            "done": done,
            "signed": [n for n in notes.values() if n.is_locked and n.member_id in session.sharing],
            "not_sharing": [p.member for p in session.places if p.member_id not in session.sharing],
            "notes": notes,
            "notice": PART2_REDISCLOSURE_NOTICE,
        },
        status=status,
    )

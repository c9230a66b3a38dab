"""Session notes: a counselor writes a draft (SOAP, DAP or BIRP) for a member who shares
counseling with them, changes it while it is a draft, and signs it. Signing locks it for good
(the model, its queryset and a database trigger refuse any change) and extends the hash chain;
corrections are addenda by the note's author. One action documents a group session into a
draft note for each attendee who came. A draft left unsigned a day after its session reminds
its author once.

Who may reach a note or a member is access.py's to say; these functions take what access
returned and apply the rules about notes. Errors:
- NoteError (a field, a sentence): bad input; pages show it by the field, the API answers 422.
- LockedNoteError (models): the note is signed; the API answers 409.
- NoteConflict: the note or session is not in a state for this (an addendum to a draft, a
  session that has not started); the API answers 409.
- PermissionDenied: the person may read the note but not change it (not its author).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.accounts.models import Organization, User
from alongside.counseling.access import counselor_organizations
from alongside.counseling.models import (
    Addendum,
    Appointment,
    AppointmentStatus,
    AttendanceStatus,
    Attendee,
    LockedNoteError,
    NoteFormat,
    Reencryption,
    SessionNote,
)
from alongside.counseling.notes import (
    ADDENDUM_MAX,
    GROUP_PART_MAX,
    SECTION_MAX,
    blank_sections,
    template_for,
)
from alongside.counseling.services import chain
from alongside.lib.errors import FieldError
from alongside.privacy import policy
from alongside.privacy.models import Scope

# The reminder: a draft still unsigned this long after its session ended (or, without a
# session, after it was started) tells its author once. Organizations commonly require notes
# to be signed within 24–72 hours (people-and-care.md §4: ottehr #3192).
REMIND_AFTER = datetime.timedelta(hours=24)
NOTE_UNSIGNED = "note_unsigned"  # the notice's kind (notifications/kinds.py: reminders)


class NoteError(FieldError):
    """A note that cannot be written as asked, with the field and a sentence saying why."""


class NoteConflict(Exception):
    """The note or session is not in a state for this action; the message says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = str(message)


def locked_message() -> str:
    return _("This note is signed and locked: it cannot be changed. Add an addendum instead.")


# ---------------------------------------------------------------- reading


def notes_of(member: User) -> QuerySet[SessionNote]:
    """A member's notes, newest first, for a list: who wrote each and when, not its text (so a
    long list decrypts nothing)."""
    return (
        SessionNote.objects.filter(member=member)
        .select_related("author", "appointment__group")
        .defer("sections", "group_part")
    )


def drafts_of(author: User) -> QuerySet[SessionNote]:
    """The counselor's notes still waiting for their signature, oldest first."""
    return (
        SessionNote.objects.filter(author=author, signed_at__isnull=True)
        .select_related("member", "appointment__group")
        .defer("sections", "group_part")
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class ShownSection:
    key: str
    label: str
    hint: str
    text: str


def shown_sections(note: SessionNote) -> list[ShownSection]:
    """The note's sections in its template's order, with their labels (a key the template no
    longer has is shown under its own name, so nothing written is ever hidden)."""
    template = template_for(note.format)
    sections = note.sections or {}
    shown = [
        ShownSection(s.key, str(s.label), str(s.hint), str(sections.get(s.key, "")))
        for s in template.sections
    ]
    shown += [
        ShownSection(key, key, "", str(text))
        for key, text in sections.items()
        if key not in template.keys
    ]
    return shown


def addenda_of(note: SessionNote) -> QuerySet[Addendum]:
    return note.addenda.select_related("author").order_by("created_at", "id")


def is_empty(sections: Mapping[str, str] | None, group_part: str = "") -> bool:
    return not group_part.strip() and not any(str(t).strip() for t in (sections or {}).values())


# ---------------------------------------------------------------- writing a draft


def clean_sections(
    format: str, sections: Mapping[str, object] | None, *, field: str = "sections"
) -> dict[str, str]:
    """Every section of the format, as text (missing ones blank); NoteError for a section the
    format does not have, text that is not text, or text past the limit."""
    if format not in NoteFormat.values:
        raise NoteError("format", _("Choose SOAP, DAP or BIRP."))
    template = template_for(format)
    cleaned = blank_sections(format)
    for key, text in (sections or {}).items():
        if key not in template.keys:
            raise NoteError(
                field,
                _("A %(format)s note has no section “%(key)s”: its sections are %(keys)s.")
                % {"format": template.name, "key": key, "keys": ", ".join(template.keys)},
            )
        if not isinstance(text, str):
            raise NoteError(f"{field}.{key}", _("Write the section as text."))
        if len(text) > SECTION_MAX:
            raise NoteError(
                f"{field}.{key}",
                _("Keep each section to %(n)d characters.") % {"n": SECTION_MAX},
            )
        cleaned[key] = text.strip()
    return cleaned


def _clean_group_part(text: str) -> str:
    text = (text or "").strip()
    if len(text) > GROUP_PART_MAX:
        raise NoteError(
            "group_part", _("Keep the group part to %(n)d characters.") % {"n": GROUP_PART_MAX}
        )
    return text


def _session_happened(appointment: Appointment) -> None:
    """NoteConflict unless the session took place: booked, not called off, and started."""
    if appointment.status not in (AppointmentStatus.SCHEDULED, AppointmentStatus.COMPLETED):
        raise NoteConflict(
            _("This session was %(status)s: there is nothing to write a note of.")
            % {"status": appointment.get_status_display().lower()}
        )
    if appointment.starts_at > timezone.now():
        raise NoteConflict(
            _("This session has not started yet: write its note once it has taken place.")
        )


def _organization_for(author: User, member: User, appointment: Appointment | None) -> Organization:
    """The organization keeping the note: the appointment's, else the one the member's grant
    names, else the counselor's own."""
    if appointment is not None:
        return appointment.organization
    grant = policy.decide(author, member, Scope.COUNSELING).grant
    if grant is not None and grant.grantee_organization is not None:
        return grant.grantee_organization
    return counselor_organizations(author)[0]


@transaction.atomic
def start_note(
    *,
    author: User,
    member: User,
    format: str,
    sections: Mapping[str, object] | None = None,
    appointment: Appointment | None = None,
) -> SessionNote:
    """A draft note of the author about the member (reached through access.access_client or
    note_clients: they share counseling with the author), optionally of one of the author's
    sessions the member attended. Raises NoteError for a bad format or section, or a session
    that is not the author's, the member did not attend, or already has the member's note;
    NoteConflict for a session that has not taken place."""
    cleaned = clean_sections(format, sections)
    if appointment is not None:
        if appointment.counselor_id != author.pk:
            raise NoteError("appointment", _("Choose one of your own sessions."))
        if not appointment.attendees.filter(member=member).exists():
            raise NoteError(
                "appointment",
                _("%(name)s was not on this session: choose one of theirs, or none.")
                % {"name": member.display_name},
            )
        _session_happened(appointment)
        if SessionNote.objects.filter(appointment=appointment, member=member).exists():
            raise NoteError(
                "appointment",
                _("This session already has a note for %(name)s: open it from their notes.")
                % {"name": member.display_name},
            )
    now = timezone.now()
    return SessionNote.objects.create(
        member=member,
        author=author,
        organization=_organization_for(author, member, appointment),
        appointment=appointment,
        format=format,
        sections=cleaned,
        created_at=now,
        updated_at=now,
    )


def _own_draft(note: SessionNote, by: User) -> SessionNote:
    """The note's row, locked for this transaction, if `by` wrote it and it is a draft."""
    if note.author_id != by.pk:
        raise PermissionDenied(
            _("Only %(name)s, who wrote this note, can change or sign it.")
            % {"name": note.author.display_name}
        )
    current = SessionNote.objects.select_for_update().get(pk=note.pk)
    if current.is_locked:
        raise LockedNoteError(locked_message())
    return current


@transaction.atomic
def save_draft(
    *,
    note: SessionNote,
    by: User,
    sections: Mapping[str, object] | None = None,
    group_part: str | None = None,
) -> SessionNote:
    """Change a draft's sections (given ones replace all of them) and group part. Raises
    PermissionDenied unless `by` wrote it, LockedNoteError once it is signed, NoteError for a
    bad section."""
    current = _own_draft(note, by)
    fields = ["updated_at"]
    if sections is not None:
        current.sections = clean_sections(current.format, sections)
        fields.append("sections")
    if group_part is not None:
        current.group_part = _clean_group_part(group_part)
        fields.append("group_part")
    current.updated_at = timezone.now()
    current.save(update_fields=fields)
    _copy(current, note)
    return note


@transaction.atomic
def sign_note(*, note: SessionNote, by: User) -> SessionNote:
    """Sign the author's draft: it is locked from now on, and its signature joins the hash
    chain in the same transaction. Raises PermissionDenied unless `by` wrote it,
    LockedNoteError if it is signed already, NoteError("sections") if nothing is written."""
    current = _own_draft(note, by)
    if is_empty(current.sections, current.group_part):
        raise NoteError(
            "sections",
            _("Write at least one section before signing: an empty note cannot be signed."),
        )
    now = timezone.now()
    current.signed_at = now
    current.updated_at = now
    current.save(update_fields=["signed_at", "updated_at"])
    chain.append(current)
    _copy(current, note)
    return note


def _copy(source: SessionNote, target: SessionNote) -> None:
    """The caller's instance shows what was saved (its related objects stay loaded)."""
    if source is not target:
        for name in ("format", "sections", "group_part", "updated_at", "signed_at"):
            setattr(target, name, getattr(source, name))


@transaction.atomic
def add_addendum(*, note: SessionNote, by: User, text: str) -> Addendum:
    """An addendum to a signed note, by its author; it joins the hash chain and is never
    changed. Raises PermissionDenied for anyone but the author, NoteConflict for a draft (change
    the draft itself), NoteError("text") for no text or too much."""
    if note.author_id != by.pk:
        raise PermissionDenied(
            _(
                "Only %(name)s, who wrote and signed this note, can add an addendum to it. "
                "Write a note of your own instead."
            )
            % {"name": note.author.display_name}
        )
    # The signature is read under a lock, so the addendum never lands on a note mid-signing.
    current = SessionNote.objects.select_for_update().get(pk=note.pk)
    if not current.is_locked:
        raise NoteConflict(
            _("This note is still a draft: change it directly. Addenda are for signed notes.")
        )
    text = (text or "").strip()
    if not text:
        raise NoteError("text", _("Write the addendum: what you are correcting or adding."))
    if len(text) > ADDENDUM_MAX:
        raise NoteError("text", _("Keep an addendum to %(n)d characters.") % {"n": ADDENDUM_MAX})
    addendum = Addendum.objects.create(note=current, author=by, text=text)
    chain.append(addendum)
    return addendum


@contextmanager
def reencrypting() -> Iterator[None]:
    """Let a key rotation re-encrypt signed notes and addenda inside this block: the database
    triggers then accept a new ciphertext of a signed row (the same words under the newest
    key; the hash chain, taken over the words, still matches) and still refuse any other
    change. The permission lives in this block's transaction only."""
    with transaction.atomic():
        marker = Reencryption.objects.create()
        yield
        marker.delete()


# ---------------------------------------------------------------- group sessions


@dataclass(frozen=True)
class AttendeeRecord:
    """What the counselor says of one attendee: whether they came and, if so, their own part
    (None keeps what their draft already says)."""

    attended: bool
    sections: Mapping[str, object] | None = None


@dataclass
class GroupDocumentation:
    """What documenting a group session did, to report on the page and in the API."""

    created: list[SessionNote] = field(default_factory=list)
    updated: list[SessionNote] = field(default_factory=list)
    no_show: list[User] = field(default_factory=list)
    drafts_removed: list[User] = field(default_factory=list)
    skipped_signed: list[SessionNote] = field(default_factory=list)
    skipped_other_author: list[SessionNote] = field(default_factory=list)
    not_sharing: list[User] = field(default_factory=list)


def session_notes(appointment: Appointment) -> dict[int, SessionNote]:
    """The notes of a session, by member id."""
    notes = SessionNote.objects.filter(appointment=appointment).select_related("member")
    return {n.member_id: n for n in notes.order_by("id")}


def session_format(notes: Mapping[int, SessionNote], by: User) -> str | None:
    """The template of the drafts `by` wrote for a session (None before any): documenting the
    session again keeps it."""
    drafts = (n for n in notes.values() if not n.is_locked and n.author_id == by.pk)
    return next((n.format for n in drafts), None)


@transaction.atomic
def document_group_session(
    *,
    appointment: Appointment,
    places: list[Attendee],
    sharing: frozenset[int],
    by: User,
    format: str,
    group_part: str,
    attendees: Mapping[int, AttendeeRecord],
) -> GroupDocumentation:
    """Document a group session in one action (the session, its roster and who shares
    counseling come from access.access_group_session): the shared part written once, and for
    each attendee named in `attendees` (by member id) whether they came and their own part.

    - Came: attendance ATTENDED, and a DRAFT note with the shared and their own part (their
      earlier draft of this session updated, never a second one). Nothing is signed here.
    - Did not come: NO_SHOW (a cancellation already recorded stays), no note; an earlier
      draft of theirs for this session is removed.
    - Skipped and reported: whoever's note of this session is signed already, or was written
      by another counselor, and whoever does not share counseling with `by`.

    A fixed number of queries however large the group. Raises NoteError for a bad format,
    section or shared part, or an attendee not on the roster; NoteConflict for a session that
    has not taken place."""
    _session_happened(appointment)
    clean_sections(format, {})  # the format itself
    group_part = _clean_group_part(group_part)
    roster = {place.member_id: place for place in places}
    if set(attendees) - set(roster):
        raise NoteError("attendees", _("Someone you named is not on this session's roster."))
    notes = {
        n.member_id: n
        for n in SessionNote.objects.select_related("member")
        .select_for_update(of=("self",))
        .filter(appointment=appointment)
    }
    written = session_format(notes, by)
    if written is not None and written != format:
        # Another template would empty every attendee's own part already written.
        raise NoteError(
            "format",
            _("This session's notes are written as %(format)s notes: keep that template.")
            % {"format": template_for(written).name},
        )
    done = GroupDocumentation()
    now = timezone.now()
    changed_places: list[Attendee] = []
    removed: list[int] = []
    for member_id, record in attendees.items():
        place, note = roster[member_id], notes.get(member_id)
        if member_id not in sharing:
            done.not_sharing.append(place.member)
            continue
        if note is not None and note.is_locked:
            done.skipped_signed.append(note)
            continue
        if note is not None and note.author_id != by.pk:
            done.skipped_other_author.append(note)
            continue
        if not record.attended:
            if place.status not in (AttendanceStatus.CANCELLED, AttendanceStatus.LATE_CANCEL):
                place.status, place.recorded_at = AttendanceStatus.NO_SHOW, now
                changed_places.append(place)
            done.no_show.append(place.member)
            if note is not None:
                removed.append(note.pk)
                done.drafts_removed.append(place.member)
            continue
        place.status, place.recorded_at = AttendanceStatus.ATTENDED, now
        changed_places.append(place)
        kept = note.sections if note is not None else {}
        own = record.sections if record.sections is not None else kept
        sections = clean_sections(format, own, field=f"attendees.{member_id}.sections")
        if note is None:
            done.created.append(
                SessionNote(
                    member=place.member,
                    author=by,
                    organization_id=appointment.organization_id,
                    appointment=appointment,
                    format=format,
                    sections=sections,
                    group_part=group_part,
                    created_at=now,
                    updated_at=now,
                )
            )
        else:
            note.format, note.sections, note.group_part = format, sections, group_part
            note.updated_at = now
            done.updated.append(note)
    if removed:
        SessionNote.objects.filter(pk__in=removed, signed_at__isnull=True).delete()
    SessionNote.objects.bulk_create(done.created)
    if done.updated:
        SessionNote.objects.bulk_update(
            done.updated, ["format", "sections", "group_part", "updated_at"]
        )
    if changed_places:
        Attendee.objects.bulk_update(changed_places, ["status", "recorded_at"])
    return done


# ---------------------------------------------------------------- the reminder


def remind_unsigned_notes(*, now: datetime.datetime | None = None) -> int:
    """Tell each author, once per note, of a draft still unsigned a day after its session
    ended (a note without a session: a day after it was started). Safe to run as often as
    wanted: each note's notice has its own key. Returns how many notices were stored."""
    from alongside.notifications.services import NewNotice, notify_many

    now = now or timezone.now()
    due = now - REMIND_AFTER
    drafts = (
        SessionNote.objects.filter(signed_at__isnull=True, author__is_active=True)
        .filter(Q(appointment__ends_at__lte=due) | Q(appointment__isnull=True, created_at__lte=due))
        .select_related("author", "member", "appointment")
        .defer("sections", "group_part")
        .order_by("id")
    )
    notices = []
    for note in drafts.iterator(chunk_size=500):
        author = note.author
        when = note.appointment.starts_at if note.appointment else note.created_at
        with translation.override(author.language):
            notices.append(
                NewNotice(
                    user=author,
                    kind=NOTE_UNSIGNED,
                    # The title reaches a lock screen and e-mail: no name, no health detail.
                    title=_("A session note is waiting for your signature"),
                    body=_(
                        "Your note of the session with %(name)s on %(when)s is still a draft. "
                        "Sign it so that it is kept as written; many organizations ask for "
                        "notes to be signed within 24 to 72 hours."
                    )
                    % {
                        "name": note.member.display_name,
                        "when": date_format(timezone.localtime(when, author.zone), "j F Y, H:i T"),
                    },
                    url=reverse("counseling:note", args=[note.pk]),
                    dedupe_key=f"note-unsigned-{note.pk}",
                    about=note.member,
                )
            )
    return len(notify_many(notices)) if notices else 0

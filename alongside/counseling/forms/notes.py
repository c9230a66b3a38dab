"""Forms of the session-note pages: they parse what the counselor typed; the rules are in
services/notes.py. A note's boxes come from its template (counseling/notes.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.counseling.models import Appointment, AttendanceStatus, SessionNote
from alongside.counseling.notes import ADDENDUM_MAX, GROUP_PART_MAX, SECTION_MAX, template_for
from alongside.counseling.services.notes import AttendeeRecord

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _section_field(label: StrOrPromise, hint: StrOrPromise, *, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=SECTION_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _add_sections(form: forms.BaseForm, format: str, *, prefix: str = "", rows: int = 4) -> None:
    for section in template_for(format).sections:
        form.fields[f"{prefix}{section.key}"] = _section_field(
            section.label, section.hint, rows=rows
        )


def appointment_label(appointment: Appointment) -> str:
    """ "3 Dec 2026, 10:00 EST — Maya O." (or the group's name), in the reader's zone."""
    when = date_format(timezone.localtime(appointment.starts_at), "j M Y, H:i T")
    if appointment.group is not None:
        return f"{when} — {appointment.group.name}"
    names = ", ".join(str(a.member.display_name) for a in appointment.attendees.all())
    return f"{when} — {names}"


class NoteStartForm(forms.Form):
    """A new draft: whose, of which session (optional), and its sections, for the template
    the page shows (`format`, chosen by link before typing)."""

    member = forms.TypedChoiceField(label=_("Client"), coerce=int)
    appointment = forms.TypedChoiceField(
        label=_("Session (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("One of your sessions of the last 30 days that has started."),
    )

    def __init__(
        self,
        *args: object,
        format: str,
        clients: list[User],
        appointments: Iterable[Appointment],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.format = format
        self.clients = {c.pk: c for c in clients}
        self.appointments = {a.pk: a for a in appointments}
        self.fields["member"].choices = [("", _("Choose a client"))] + [  # type: ignore[attr-defined]
            (c.pk, c.display_name) for c in clients
        ]
        self.fields["appointment"].choices = [("", _("No session"))] + [  # type: ignore[attr-defined]
            (a.pk, appointment_label(a)) for a in self.appointments.values()
        ]
        _add_sections(self, format)

    def sections(self) -> dict[str, str]:
        return {s.key: self.cleaned_data[s.key] for s in template_for(self.format).sections}

    def chosen_appointment(self) -> Appointment | None:
        chosen = self.cleaned_data.get("appointment")
        return self.appointments.get(chosen) if chosen else None


class NoteDraftForm(forms.Form):
    """A draft's sections (and its group part, for a note of a group session)."""

    def __init__(self, note: SessionNote, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.note = note
        _add_sections(self, note.format)
        for key, field in self.fields.items():
            field.initial = (note.sections or {}).get(key, "")
        if note.group_part or (note.appointment_id and note.appointment.is_group):  # type: ignore[union-attr]
            self.fields["group_part"] = forms.CharField(
                label=_("What the group did (shared part)"),
                help_text=_("The part written once for everyone at the group session."),
                required=False,
                max_length=GROUP_PART_MAX,
                initial=note.group_part,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def changes(self) -> dict[str, object]:
        keys = template_for(self.note.format).keys
        changes: dict[str, object] = {"sections": {k: self.cleaned_data[k] for k in keys}}
        if "group_part" in self.fields:
            changes["group_part"] = self.cleaned_data["group_part"]
        return changes


class AddendumForm(forms.Form):
    text = forms.CharField(
        label=_("Addendum"),
        help_text=_(
            "A correction or addition to the signed note. It is added under the note with "
            "your name and the time, and cannot be changed afterwards."
        ),
        max_length=ADDENDUM_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the addendum: what you are correcting or adding.")},
    )


ATTENDED, ABSENT = "attended", "absent"
CANCELLED = (AttendanceStatus.CANCELLED, AttendanceStatus.LATE_CANCEL)


@dataclass
class RosterRow:
    """One attendee of a group session on the documentation page."""

    member: User
    status: str
    note: SessionNote | None
    attended: forms.BoundField
    fields: list[forms.BoundField]

    @property
    def has_text(self) -> bool:
        """Their own part is open on the page when it holds something (or an error)."""
        return any(f.value() or f.errors for f in self.fields)


class GroupNotesForm(forms.Form):
    """A group session documented once: the shared part, and per attendee who shares
    counseling (and has no signed note of it yet) whether they came and their own part."""

    group_part = forms.CharField(
        label=_("What the group did (shared part)"),
        help_text=_("Written once, into the note of each member who came."),
        required=False,
        max_length=GROUP_PART_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(
        self,
        *args: object,
        format: str,
        places: list,
        sharing: frozenset[int],
        notes: dict[int, SessionNote],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.format = format
        self.documented = [
            p
            for p in places
            if p.member_id in sharing
            and not (notes.get(p.member_id) and notes[p.member_id].is_locked)
        ]
        self.notes = notes
        shared = next((n.group_part for n in notes.values() if n.group_part), "")
        self.fields["group_part"].initial = shared
        for place in self.documented:
            note = notes.get(place.member_id)
            # Everyone came unless recorded otherwise (Canvas checks scheduled people in).
            came = note is not None or place.status not in (AttendanceStatus.NO_SHOW, *CANCELLED)
            self.fields[f"m{place.member_id}-attended"] = forms.ChoiceField(
                label=_("Was %(name)s there?") % {"name": place.member.display_name},
                choices=[(ATTENDED, _("Attended")), (ABSENT, _("No-show"))],
                initial=ATTENDED if came else ABSENT,
                widget=forms.RadioSelect,
            )
            _add_sections(self, format, prefix=f"m{place.member_id}-", rows=2)
            kept = note.sections if note is not None and note.format == format else {}
            for section in template_for(format).sections:
                self.fields[f"m{place.member_id}-{section.key}"].initial = kept.get(section.key, "")

    def rows(self) -> list[RosterRow]:
        keys = template_for(self.format).keys
        return [
            RosterRow(
                member=place.member,
                status=place.status,
                note=self.notes.get(place.member_id),
                attended=self[f"m{place.member_id}-attended"],
                fields=[self[f"m{place.member_id}-{key}"] for key in keys],
            )
            for place in self.documented
        ]

    def records(self) -> dict[int, AttendeeRecord]:
        keys = template_for(self.format).keys
        return {
            place.member_id: AttendeeRecord(
                attended=self.cleaned_data[f"m{place.member_id}-attended"] == ATTENDED,
                sections={k: self.cleaned_data[f"m{place.member_id}-{k}"] for k in keys},
            )
            for place in self.documented
        }

"""A counselor's clients: the members who share counseling with them, and a member's counseling
records as their care team reads them (appointments, treatment plans, session notes), field by
field as the consent screen lists them (privacy.scopes, "counseling").

The page and the API both read these. Session notes are counseling records under 42 CFR Part 2:
whatever shows them shows PART2_REDISCLOSURE_NOTICE beside them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.counseling.access import is_counselor
from alongside.counseling.models import (
    AppointmentStatus,
    AttendanceStatus,
    Attendee,
    Modality,
    NoteFormat,
    PlanVersion,
    SessionNote,
)
from alongside.privacy import policy
from alongside.privacy.models import Scope
from alongside.privacy.scopes import Table, pick, table

Record = dict[str, Any]
# The newest rows a page or an API answer shows of each kind: a year of weekly sessions and more.
LIMIT = 100


def clients_of(counselor: User) -> list[User]:
    """The members who share counseling with the counselor now, by display name (two queries:
    the policy's who-shares-what, then the people)."""
    if not is_counselor(counselor):
        return []
    shared = policy.scopes_shared_with(counselor)
    ids = [pk for pk, scopes in shared.items() if Scope.COUNSELING in scopes]
    people = User.objects.filter(pk__in=ids, is_active=True).only(
        "first_name", "last_name", "handle", "time_zone"
    )
    return sorted(people, key=lambda p: str(p.display_name).lower())


# ---------------------------------------------------------------- the records


def appointments(member: User) -> list[Record]:
    """The member's places at appointments, the latest first."""
    places = (
        Attendee.objects.filter(member=member)
        .select_related("appointment__group")
        .order_by("-appointment__starts_at", "-id")[:LIMIT]
    )
    return [
        {"id": place.appointment_id}
        | pick(
            Scope.COUNSELING,
            "appointments",
            place,
            {
                "starts_at": lambda p: p.appointment.starts_at,
                "ends_at": lambda p: p.appointment.ends_at,
                "modality": lambda p: p.appointment.modality,
                "group": lambda p: p.appointment.group.name if p.appointment.group else None,
                "status": lambda p: p.appointment.status,
                "attendance": lambda p: p.status,
            },
        )
        for place in places
    ]


def plans(member: User) -> list[Record]:
    """Each of the member's treatment plans as its latest version says it (every earlier
    version is kept, on the plan's own page), the newest plan first."""
    latest = PlanVersion.objects.filter(plan=OuterRef("plan")).order_by("-number").values("pk")[:1]
    versions = (
        PlanVersion.objects.filter(plan__member=member, pk=Subquery(latest))
        .select_related("plan")
        .order_by("-plan__created_at", "-plan_id")[:LIMIT]
    )
    return [
        {"id": version.plan_id}
        | pick(
            Scope.COUNSELING,
            "plans",
            version,
            {
                "asam": lambda v: list(v.content.get("asam") or []),
                "problems": lambda v: list(v.content.get("problems") or []),
            },
        )
        for version in versions
    ]


def notes(member: User, viewer: User) -> list[Record]:
    """The member's signed session notes with their addenda, the latest first, and the viewer's
    own drafts (a draft is its author's until it is signed)."""
    found = (
        SessionNote.objects.filter(member=member)
        .filter(Q(signed_at__isnull=False) | Q(author=viewer))
        .prefetch_related("addenda__author")
        .order_by("-created_at", "-id")[:LIMIT]
    )
    return [
        {"id": note.pk}
        | pick(
            Scope.COUNSELING,
            "notes",
            note,
            {
                "written_at": lambda n: n.created_at,
                "sections": lambda n: {str(k): str(v or "") for k, v in (n.sections or {}).items()},
                "addenda": lambda n: [
                    {
                        "author": str(a.author.display_name),
                        "text": a.text,
                        "created_at": a.created_at,
                    }
                    for a in n.addenda.all()
                ],
            },
        )
        for note in found
    ]


def counseling_records(member: User, viewer: User) -> dict[str, list[Record]]:
    """Everything the counseling scope shares, by record kind (the API's answer)."""
    return {
        "appointments": appointments(member),
        "plans": plans(member),
        "notes": notes(member, viewer),
    }


# ---------------------------------------------------------------- the same, as words


def when(value: Any) -> str:
    """A moment in the reader's time zone (the active one), saying the zone."""
    if value is None:
        return "—"
    return date_format(timezone.localtime(value), "j M Y, H:i T")


def _choice(choices: Any) -> Callable[[Any], Any]:
    labels = dict(choices)
    return lambda value: labels.get(value, value)


def _asam(rows: list[Mapping[str, Any]]) -> str:
    return "; ".join(
        _("dimension %(d)s: %(r)s") % {"d": r.get("dimension", "?"), "r": r.get("rating", "—")}
        + (f" ({r['note']})" if r.get("note") else "")
        for r in rows
    )


def _problems(rows: list[Mapping[str, Any]]) -> str:
    lines = []
    for problem in rows:
        goals = problem.get("goals") or []
        objectives = [o for g in goals for o in g.get("objectives") or []]
        met = sum(1 for o in objectives if o.get("status") == "met")
        lines.append(
            _("%(problem)s — %(g)d goal(s), %(met)d of %(o)d objectives met")
            % {
                "problem": problem.get("text", ""),
                "g": len(goals),
                "met": met,
                "o": len(objectives),
            }
        )
    return "; ".join(lines)


def _sections(sections: Mapping[str, Any]) -> str:
    return " · ".join(f"{name.capitalize()}: {text}" for name, text in sections.items() if text)


def _addenda(rows: list[Mapping[str, Any]]) -> str:
    return " · ".join(f"{when(a['created_at'])}, {a['author']}: {a['text']}" for a in rows)


WORDS: dict[str, Mapping[str, Callable[[Any], Any]]] = {
    "appointments": {
        "starts_at": when,
        "ends_at": when,
        "modality": _choice(Modality.choices),
        "status": _choice(AppointmentStatus.choices),
        "attendance": _choice(AttendanceStatus.choices),
    },
    "plans": {
        "written_at": when,
        "asam": _asam,
        "problems": _problems,
        "counselor_signed_at": when,
        "member_signed_at": when,
    },
    "notes": {
        "format": _choice(NoteFormat.choices),
        "written_at": when,
        "sections": _sections,
        "signed_at": when,
        "addenda": _addenda,
    },
}


def record_tables(records: Mapping[str, list[Record]]) -> list[Table]:
    """The page's tables: exactly the consent screen's fields, in its order."""
    return [
        table(Scope.COUNSELING, kind, records[kind], words=WORDS[kind])
        for kind in ("appointments", "plans", "notes")
    ]

"""How peer-support rows are exported and erased.

A supporter profile is its person's. Requests and relationships belong to both people: each
exports their side (the other shown by display name), and erasing either person deletes the
rows, since neither can keep a record of someone who is gone.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.peers.models import (
    PartnerCheckIn,
    PartnerRhythm,
    SupporterProfile,
    SupportRelationship,
    SupportRequest,
)
from alongside.privacy.registry import Erase, jsonable, register


def _request_row(request: SupportRequest) -> dict:
    return {
        "asked": request.supporter.display_name,
        "kind": request.kind,
        "note": request.message,
        "status": request.status,
        "asked_at": jsonable(request.created_at),
        "answered_at": jsonable(request.answered_at),
    }


def _relationship_row(relationship: SupportRelationship, *, other: str) -> dict:
    return {
        other: getattr(relationship, other).display_name,
        "kind": relationship.kind,
        "status": relationship.status,
        "started_at": jsonable(relationship.started_at),
        "review_on": jsonable(relationship.review_on),
        "ended_at": jsonable(relationship.ended_at),
    }


register(
    SupporterProfile,
    "user",
    section="supporter_profile",
    label=_("your supporter profile"),
    erase=Erase.DELETE,
    explain=_("Your supporter profile is deleted; nobody can find you to ask any more."),
    exclude=("user",),
)
register(
    SupportRequest,
    "member",
    section="support_requests_sent",
    label=_("requests you sent to sponsors and mentors"),
    erase=Erase.DELETE,
    explain=_("Every request you sent is deleted."),
    serialize=_request_row,
)
register(
    SupportRequest,
    "supporter",
    section="support_requests_received",
    label=_("requests people sent you"),
    erase=Erase.DELETE,
    explain=_("Every request sent to you is deleted."),
    serialize=lambda r: {
        "from": r.member.display_name,
        "kind": r.kind,
        "status": r.status,
        "asked_at": jsonable(r.created_at),
    },
)
register(
    SupportRelationship,
    "member",
    section="sponsors_and_mentors",
    label=_("your sponsors and mentors"),
    erase=Erase.DELETE,
    explain=_("Your relationships with sponsors and mentors are deleted."),
    serialize=lambda r: _relationship_row(r, other="supporter"),
)
register(
    SupportRelationship,
    "supporter",
    section="people_you_support",
    label=_("the people you sponsor or mentor"),
    erase=Erase.DELETE,
    explain=_("Your relationships with the people you support are deleted."),
    serialize=lambda r: _relationship_row(r, other="member"),
)
register(
    SupportRelationship,
    "ended_by",
    section="",
    label=_("relationships you ended"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("A relationship you ended keeps that it ended, without saying by whom."),
    anonymize=lambda rows: rows.update(ended_by=None),
)
register(
    PartnerRhythm,
    "proposed_by",
    section="partner_rhythms",
    label=_("check-in rhythms you proposed to accountability partners"),
    erase=Erase.DELETE,
    explain=_("The check-in rhythms you proposed are deleted."),
    serialize=lambda r: {
        "frequency": r.frequency,
        "weekday": r.weekday,
        "window": f"{r.window_start:%H:%M}-{r.window_end:%H:%M} {r.time_zone}",
        "agreed_at": jsonable(r.agreed_at),
    },
)
register(
    PartnerCheckIn,
    "done_by",
    section="partner_check_ins",
    label=_("check-ins with accountability partners you marked done"),
    erase=Erase.DELETE,
    explain=_("The check-ins you marked done are deleted."),
    serialize=lambda c: {"due_on": jsonable(c.due_on), "done_at": jsonable(c.done_at)},
)

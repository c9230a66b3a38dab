"""How training rows are exported and erased.

Hours and credentials are their person's and go with them. A supervision belongs to both
people and is deleted when either is erased. An attestation outlives the supervisor who gave
it (the hours stay attested, without saying by whom), as the board's record does.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.privacy.registry import Erase, jsonable, register
from alongside.training.models import Credential, PracticeEntry, Supervision, TrainingEntry

register(
    TrainingEntry,
    "person",
    section="training_hours",
    label=_("your training hours"),
    erase=Erase.DELETE,
    explain=_("Every course you logged is deleted."),
    exclude=("person",),
)
register(
    PracticeEntry,
    "person",
    section="practice_hours",
    label=_("your practice and supervision hours"),
    erase=Erase.DELETE,
    explain=_("Every practice and supervision hour you logged is deleted."),
    serialize=lambda e: {
        "kind": e.kind,
        "hours": jsonable(e.hours),
        "from_on": jsonable(e.from_on),
        "to_on": jsonable(e.to_on),
        "note": e.note,
        "attested_by": e.attested_by.display_name if e.attested_by else None,
        "attested_at": jsonable(e.attested_at),
    },
)
register(
    PracticeEntry,
    "attested_by",
    section="",
    label=_("hours you attested"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("Hours you attested stay attested, without saying by whom."),
    anonymize=lambda rows: rows.update(attested_by=None),
)
register(
    Credential,
    "person",
    section="credentials",
    label=_("your credentials"),
    erase=Erase.DELETE,
    explain=_("Your credentials are deleted."),
    serialize=lambda c: {
        "credential": c.requirement_set.name,
        "number": c.number,
        "issued_on": jsonable(c.issued_on),
        "expires_on": jsonable(c.expires_on),
    },
)
register(
    Supervision,
    "supervisee",
    section="your_supervisors",
    label=_("who supervises you"),
    erase=Erase.DELETE,
    explain=_("Who supervised you is deleted."),
    serialize=lambda s: {
        "supervisor": s.supervisor.display_name,
        "organization": s.organization.name,
        "started_at": jsonable(s.started_at),
        "ended_at": jsonable(s.ended_at),
    },
)
register(
    Supervision,
    "supervisor",
    section="people_you_supervise",
    label=_("the people you supervise"),
    erase=Erase.DELETE,
    explain=_("Who you supervised is deleted."),
    serialize=lambda s: {
        "supervisee": s.supervisee.display_name,
        "organization": s.organization.name,
        "started_at": jsonable(s.started_at),
        "ended_at": jsonable(s.ended_at),
    },
)

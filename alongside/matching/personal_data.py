"""How assignment rows are exported and erased.

A place in a mentoring program is its member's: exported and deleted with them. Pairs and
unmatched entries of a run are about the person waiting: they get every run that named them
(proposed, approved or discarded) and the rows go with them. A supporter's side of a pair names
someone else, so it is not in their export, and the organization's runs keep it under an
anonymous account once they are erased. A peer specialist's caseload setting is theirs.
Whoever started or decided a run, set someone's capacity, or is on someone's excluded list
keeps nothing of theirs there once erased.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.matching.models import (
    AssignmentRun,
    CaseloadSetting,
    ProgramEnrolment,
    ProposedPair,
    RunStatus,
    UnmatchedSeeker,
)
from alongside.privacy.registry import Erase, clear_field, jsonable, register


def _enrolment_row(enrolment: ProgramEnrolment) -> dict:
    return {
        "organization": enrolment.organization.name,
        "languages": enrolment.languages,
        "pathways": enrolment.pathways,
        "gender": enrolment.gender,
        "wants_same_gender": enrolment.wants_same_gender,
        "mentors_you_would_rather_not_have": [p.display_name for p in enrolment.excluded.all()],
        "joined_at": jsonable(enrolment.created_at),
        "matched_at": jsonable(enrolment.matched_at),
        "left_at": jsonable(enrolment.ended_at),
    }


def _pair_row(pair: ProposedPair) -> dict:
    return {
        "organization": pair.run.organization.name,
        "run": pair.run.kind,
        "run_status": pair.run.status,
        "proposed_at": jsonable(pair.run.created_at),
        "with": pair.supporter.display_name,
        "score": pair.score,
        "reasons": [r["words"] for r in pair.reasons_in_words],
    }


register(
    ProgramEnrolment,
    "member",
    section="mentoring_programs",
    label=_("your places in mentoring programs"),
    erase=Erase.DELETE,
    explain=_("Your places in mentoring programs are deleted."),
    serialize=_enrolment_row,
)
register(
    ProgramEnrolment.excluded.through,
    "user",
    section="",
    label=_("mentoring program places that name you"),
    export=False,
    erase=Erase.KEEP,
    explain=_("They stay, naming an anonymous account."),
    # Counted on the erasure page, they would tell a mentor who asked not to be matched with
    # them; once their account is anonymized they name nobody.
    queryset=lambda person: ProgramEnrolment.excluded.through.objects.none(),
)
register(
    CaseloadSetting,
    "specialist",
    section="caseload_capacity",
    label=_("your caseload capacity"),
    erase=Erase.DELETE,
    explain=_("How many people you can carry, as set, is deleted."),
    serialize=lambda s: {
        "organization": s.organization.name,
        "capacity": s.capacity,
        "languages": s.languages,
        "updated_at": jsonable(s.updated_at),
    },
)
register(
    CaseloadSetting,
    "updated_by",
    section="",
    label=_("caseload capacities you set for others"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("Capacities you set stay, without your name."),
    anonymize=clear_field("updated_by"),
)
register(
    ProposedPair,
    "seeker",
    section="assignment_proposals",
    label=_("matches proposed for you by assignment runs"),
    erase=Erase.DELETE,
    explain=_("Every match proposed for you is deleted."),
    serialize=_pair_row,
)
register(
    ProposedPair,
    "supporter",
    section="",
    label=_("people assignment runs matched with you"),
    export=False,
    erase=Erase.KEEP,
    explain=_("The organization's runs keep these pairs, under an anonymous account."),
    # Only approved pairs, which the supporter was told of: a proposal still waiting for a
    # supervisor is nobody's news yet, not even in a count.
    queryset=lambda person: ProposedPair.objects.filter(
        supporter=person, run__status=RunStatus.APPROVED
    ),
)
register(
    UnmatchedSeeker,
    "seeker",
    section="assignment_unmatched",
    label=_("assignment runs that could not match you"),
    erase=Erase.DELETE,
    explain=_("Every note that a run could not match you is deleted."),
    serialize=lambda u: {
        "organization": u.run.organization.name,
        "run": u.run.kind,
        "proposed_at": jsonable(u.run.created_at),
        "reason": u.reason_in_words,
    },
)
register(
    AssignmentRun,
    "started_by",
    section="",
    label=_("assignment runs you started"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("Runs you started stay with the organization, without your name."),
    anonymize=clear_field("started_by"),
)
register(
    AssignmentRun,
    "decided_by",
    section="",
    label=_("assignment runs you approved or discarded"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("Runs you decided stay with the organization, without your name."),
    anonymize=clear_field("decided_by"),
)

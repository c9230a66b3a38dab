"""Assignment runs: starting, reading, approving and discarding them.

What a run does: it gathers who is waiting (mentees of the mentoring program; case records
with no peer specialist, new or flagged when a specialist left) and who can take them (the
program's mentors; the active peer specialists), turns them into the solver's terms
(alongside/lib/assignment.py: hard constraints, one min-cost assignment, reasons), and stores
the proposal. Nobody is told anything then. Approving re-checks every pair against what is true
now, in one transaction with the rows locked: one pair that no longer holds refuses the whole
approval, naming it, and saves nothing. Otherwise each person gets their peer specialist (the
caseload's `reassign`) or a temporary mentor relationship (peers' `start_relationship`), a
mentee's wait ends, and both people of every pair are told. Discarding tells nobody.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.accounts.models import Membership, Organization, Role, User
from alongside.caseload import services as caseload
from alongside.caseload.models import CaseRecord
from alongside.lib import assignment
from alongside.matching.models import (
    AssignmentRun,
    ProgramEnrolment,
    ProposedPair,
    RunKind,
    RunStatus,
    UnmatchedSeeker,
)
from alongside.matching.services.capacity import specialist_loads
from alongside.matching.services.pools import pool_for
from alongside.matching.services.program import program_mentors
from alongside.matching.services.who import may_assign
from alongside.matching.words import role_word
from alongside.notifications.services import notify
from alongside.peers import services as peers
from alongside.peers.models import SupporterProfile, SupportKind, SupportRelationship

RECENT_RUNS = 20


def _in_words(text: str, kind: str) -> str:
    """The solver's sentences name a "supporter": say who that is in this kind of run."""
    return text.replace("supporters", role_word(kind, plural=True)).replace(
        "supporter", role_word(kind)
    )


def waiting_counts(organization: Organization) -> dict[str, int]:
    """How many wait for each kind of run at the organization."""
    return {
        RunKind.MENTORING: ProgramEnrolment.objects.waiting()
        .filter(organization=organization, member__is_active=True)
        .count(),
        RunKind.CASELOAD: CaseRecord.objects.filter(
            organization=organization, peer_specialist__isnull=True, member__is_active=True
        ).count(),
    }


def recent_runs(organizations: Sequence[Organization]) -> list[AssignmentRun]:
    return list(
        AssignmentRun.objects.filter(organization__in=organizations)
        .select_related("organization", "started_by", "decided_by")
        .annotate(
            n_pairs=Count("pairs", distinct=True), n_unmatched=Count("unmatched", distinct=True)
        )
        .order_by("-created_at", "-id")[:RECENT_RUNS]
    )


def _already_waiting(organization: Organization, kind: str) -> ValidationError:
    return ValidationError(
        {
            "kind": _(
                "A run of this kind at %(org)s is waiting for approval. Approve or discard it "
                "before starting another."
            )
            % {"org": organization.name}
        }
    )


def start_run(*, organization: Organization, kind: str, by: User) -> AssignmentRun:
    """Propose pairs for everyone waiting at the organization (`kind`: the mentoring program or
    the caseloads): the best global match under the hard constraints, every pair explained,
    everyone left unmatched with the reason. Tells nobody. Raises PermissionDenied when `by`
    may not assign there, and ValidationError ("kind") for an unknown kind, a run of the kind
    already waiting for approval there, or nobody waiting."""
    if kind not in RunKind.values:
        raise ValidationError({"kind": _("Choose what to assign.")})
    if not may_assign(by, organization):
        raise PermissionDenied(_("Only the organization's admins and supervisors start runs."))
    if AssignmentRun.objects.filter(
        organization=organization, kind=kind, status=RunStatus.PROPOSED
    ).exists():
        raise _already_waiting(organization, kind)
    pool = pool_for(organization, kind)
    if not pool.seekers:
        nobody = (
            _("Nobody at %(org)s is waiting for a mentor.")
            if kind == RunKind.MENTORING
            else _("Nobody at %(org)s is waiting for a peer specialist.")
        )
        raise ValidationError({"kind": nobody % {"org": organization.name}})
    result = assignment.assign(pool.seekers, pool.supporters)
    try:
        with transaction.atomic():
            run = AssignmentRun.objects.create(organization=organization, kind=kind, started_by=by)
            ProposedPair.objects.bulk_create(
                ProposedPair(
                    run=run,
                    seeker_id=pair.seeker_id,
                    record=pool.records.get(pair.seeker_id),
                    enrolment=pool.enrolments.get(pair.seeker_id),
                    supporter_id=pair.supporter_id,
                    score=pair.score,
                    reasons=[
                        {
                            "name": r.name,
                            "points": r.points,
                            "words": _in_words(r.words, kind),
                            "values": dict(r.values),
                        }
                        for r in pair.reasons
                    ],
                    continuing=pair.continuing,
                )
                for pair in result.pairs
            )
            UnmatchedSeeker.objects.bulk_create(
                UnmatchedSeeker(
                    run=run,
                    seeker_id=seeker_id,
                    record=pool.records.get(seeker_id),
                    enrolment=pool.enrolments.get(seeker_id),
                    reason=_in_words(reason.words, kind)[:300],
                    rule=reason.name,
                    values=dict(reason.values),
                )
                for seeker_id, reason in sorted(result.why_unmatched.items())
            )
    except IntegrityError:  # started twice at once: the first one waits for approval
        raise _already_waiting(organization, kind) from None
    return run


def pairs_of(run: AssignmentRun) -> list[ProposedPair]:
    return sorted(
        run.pairs.select_related("seeker", "supporter"),
        key=lambda p: (str(p.seeker.display_name).lower(), p.pk),
    )


def unmatched_of(run: AssignmentRun) -> list[UnmatchedSeeker]:
    return sorted(
        run.unmatched.select_related("seeker"),
        key=lambda u: (str(u.seeker.display_name).lower(), u.pk),
    )


def _lock_proposed(run: AssignmentRun, by: User, *, approving: bool) -> AssignmentRun:
    """The run, locked, still waiting for a decision that `by` may make."""
    locked = AssignmentRun.objects.select_for_update().select_related("organization").get(pk=run.pk)
    if not may_assign(by, locked.organization):
        raise PermissionDenied(_("Only the organization's admins and supervisors decide runs."))
    if locked.status == RunStatus.APPROVED:
        raise ValidationError({"run": _("This run was already approved; nothing changed.")})
    if locked.status == RunStatus.DISCARDED:
        raise ValidationError(
            {
                "run": _("This run was discarded, so it cannot be approved. Start a new one.")
                if approving
                else _("This run was already discarded; nothing changed.")
            }
        )
    return locked


def _pair_words(pair: ProposedPair, why: str) -> str:
    return _("%(person)s with %(supporter)s: %(why)s") % {
        "person": pair.seeker.display_name,
        "supporter": pair.supporter.display_name,
        "why": why,
    }


def _stale_caseload_pairs(
    run: AssignmentRun, pairs: list[ProposedPair]
) -> tuple[list[str], dict[int, CaseRecord]]:
    """Pairs that no longer hold, in words, and the run's case records, locked."""
    organization = run.organization
    records = {
        r.pk: r
        for r in CaseRecord.objects.select_for_update().filter(
            pk__in=[p.record_id for p in pairs if p.record_id]
        )
    }
    memberships = list(
        Membership.objects.active()
        .filter(organization=organization, role=Role.PEER_SPECIALIST, user__is_active=True)
        .select_related("user", "organization")
    )
    room = {load.membership.user_id: load.places_left for load in specialist_loads(memberships)}
    taking: dict[int, int] = defaultdict(int)
    problems = []
    for pair in pairs:
        record = records.get(pair.record_id or 0)
        name = pair.supporter.display_name
        if record is None or not pair.seeker.is_active:
            problems.append(_pair_words(pair, _("their case record is gone.")))
        elif record.peer_specialist_id is not None:
            problems.append(_pair_words(pair, _("they have a peer specialist already.")))
        elif pair.supporter_id not in room:
            problems.append(
                _pair_words(
                    pair,
                    _("%(name)s is no longer a peer specialist at %(org)s.")
                    % {"name": name, "org": organization.name},
                )
            )
        else:
            taking[pair.supporter_id] += 1
            if taking[pair.supporter_id] > room[pair.supporter_id]:
                problems.append(
                    _pair_words(
                        pair, _("%(name)s has no place left on their caseload.") % {"name": name}
                    )
                )
    return problems, records


def _stale_mentoring_pairs(
    run: AssignmentRun, pairs: list[ProposedPair]
) -> tuple[list[str], dict[tuple[int, int], SupportRelationship]]:
    """Pairs that no longer hold, in words, and the active relationships between the people of
    the run's pairs (a continuing pair keeps its own)."""
    organization = run.organization
    enrolments = {
        e.pk: e
        for e in ProgramEnrolment.objects.select_for_update()
        .filter(pk__in=[p.enrolment_id for p in pairs if p.enrolment_id])
        .prefetch_related("excluded")
    }
    mentors = {m.pk for m in program_mentors(organization)}
    profiles = {p.user_id: p for p in SupporterProfile.objects.filter(user__in=mentors)}
    taken = Counter(
        SupportRelationship.objects.active()
        .filter(supporter__in=mentors)
        .values_list("supporter_id", flat=True)
    )
    existing = {
        (r.member_id, r.supporter_id): r
        for r in SupportRelationship.objects.active().filter(
            member__in=[p.seeker_id for p in pairs], supporter__in=[p.supporter_id for p in pairs]
        )
    }
    taking: dict[int, int] = defaultdict(int)
    problems = []
    for pair in pairs:
        enrolment = enrolments.get(pair.enrolment_id or 0)
        name = pair.supporter.display_name
        related = existing.get((pair.seeker_id, pair.supporter_id))
        if enrolment is None or enrolment.ended_at is not None or not pair.seeker.is_active:
            problems.append(_pair_words(pair, _("they have left the program.")))
        elif enrolment.matched_at is not None:
            problems.append(_pair_words(pair, _("they were matched with a mentor already.")))
        elif pair.supporter_id not in mentors:
            problems.append(
                _pair_words(
                    pair,
                    _("%(name)s no longer mentors in the program of %(org)s.")
                    % {"name": name, "org": organization.name},
                )
            )
        elif any(p.pk == pair.supporter_id for p in enrolment.excluded.all()):
            problems.append(_pair_words(pair, _("they asked not to have this mentor.")))
        elif pair.continuing and (related is None or related.kind != SupportKind.MENTOR):
            problems.append(_pair_words(pair, _("their mentor relationship has ended.")))
        elif not pair.continuing and related is not None:
            problems.append(
                _pair_words(pair, _("%(name)s supports them already.") % {"name": name})
            )
        elif not pair.continuing:
            taking[pair.supporter_id] += 1
            places = profiles[pair.supporter_id].capacity - taken[pair.supporter_id]
            if taking[pair.supporter_id] > places:
                problems.append(
                    _pair_words(pair, _("%(name)s has no place left.") % {"name": name})
                )
    return problems, existing


def _refuse_stale(problems: list[str]) -> None:
    if problems:
        lead = ngettext(
            "Nothing was approved: %(n)s pair no longer holds. Discard this run and start a "
            "new one, which matches what is true now.",
            "Nothing was approved: %(n)s pairs no longer hold. Discard this run and start a "
            "new one, which matches what is true now.",
            len(problems),
        ) % {"n": len(problems)}
        raise ValidationError({"run": [lead, *problems]})


def approve_run(*, run: AssignmentRun, by: User) -> AssignmentRun:
    """Make every pair of a proposed run, all or none, and tell both people of each.

    In one transaction, with the run and its people's rows locked, each pair is checked against
    what is true now (the person still waiting, the supporter still active there with a place);
    any that no longer holds refuses the whole approval with ValidationError ("run") naming
    every such pair, and nothing is saved. Otherwise a caseload run gives each person their
    peer specialist (caseload `reassign`), a mentoring run starts each temporary mentor
    relationship (peers `start_relationship`; a continuing pair keeps theirs) and ends the
    mentee's wait; both people are notified. Raises ValidationError ("run") for a run already
    approved or discarded, PermissionDenied when `by` may not decide runs there."""
    with transaction.atomic():
        locked = _lock_proposed(run, by, approving=True)
        pairs = list(locked.pairs.select_related("seeker", "supporter").order_by("pk"))
        now = timezone.now()
        links: dict[int, str] = {}  # where each pair's notices lead, by pair id
        if locked.kind == RunKind.CASELOAD:
            problems, records = _stale_caseload_pairs(locked, pairs)
            _refuse_stale(problems)
            for pair in pairs:
                caseload.reassign(record=records[pair.record_id or 0], to=pair.supporter)
        else:
            problems, existing = _stale_mentoring_pairs(locked, pairs)
            _refuse_stale(problems)
            for pair in pairs:
                relationship = existing.get((pair.seeker_id, pair.supporter_id))
                if relationship is None:
                    relationship = peers.start_relationship(
                        member=pair.seeker,
                        supporter=pair.supporter,
                        kind=SupportKind.MENTOR,
                        started_at=now,
                    )
                ProgramEnrolment.objects.filter(pk=pair.enrolment_id or 0).update(
                    matched_at=now, relationship=relationship
                )
                links[pair.pk] = reverse("peers:relationship", args=[relationship.pk])
        locked.status = RunStatus.APPROVED
        locked.decided_by = by
        locked.decided_at = now
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        # Inside the transaction: the notices are stored with the approval or not at all, and
        # notify() sends whatever leaves the process (push, e-mail) only once it commits.
        for pair in pairs:
            _tell_pair(locked, pair, links.get(pair.pk, ""))
    run.status, run.decided_by, run.decided_at = locked.status, by, now
    return locked


def _tell_pair(run: AssignmentRun, pair: ProposedPair, link: str) -> None:
    """Both people of an approved pair, each in their own words. Titles name nobody (they
    reach lock screens); bodies do."""
    org = run.organization.name
    key = f"matching-{run.pk}-{pair.pk}"
    if run.kind == RunKind.CASELOAD:
        notify(
            user=pair.seeker,
            kind="matching_assigned",
            title=_("You have a peer specialist"),
            body=_(
                "%(name)s at %(org)s is your peer specialist now. You choose what to share "
                "with them."
            )
            % {"name": pair.supporter.display_name, "org": org},
            url=reverse("privacy:sharing"),
            dedupe_key=f"{key}-person",
        )
        notify(
            user=pair.supporter,
            kind="matching_assigned",
            title=_("Someone new on your caseload"),
            body=_("%(name)s at %(org)s is on your caseload now.")
            % {"name": pair.seeker.display_name, "org": org},
            url=reverse("caseload:table"),
            dedupe_key=f"{key}-supporter",
            about=pair.seeker,
        )
        return
    notify(
        user=pair.seeker,
        kind="matching_assigned",
        title=_("You have a mentor"),
        body=_(
            "%(name)s is your mentor in the mentoring program of %(org)s, for a first 90 days. "
            "Choose what to share with them."
        )
        % {"name": pair.supporter.display_name, "org": org},
        url=link,
        dedupe_key=f"{key}-person",
    )
    notify(
        user=pair.supporter,
        kind="matching_assigned",
        title=_("Someone new to mentor"),
        body=_("%(name)s is your new mentee in the mentoring program of %(org)s.")
        % {"name": pair.seeker.display_name, "org": org},
        url=link,
        dedupe_key=f"{key}-supporter",
        about=pair.seeker,
    )


@transaction.atomic
def discard_run(*, run: AssignmentRun, by: User) -> AssignmentRun:
    """Set a proposed run aside: nothing changes for anyone, and nobody is told. Raises
    ValidationError ("run") for a run already approved or discarded, PermissionDenied when
    `by` may not decide runs there."""
    locked = _lock_proposed(run, by, approving=False)
    locked.status = RunStatus.DISCARDED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    run.status, run.decided_by, run.decided_at = locked.status, by, locked.decided_at
    return locked

"""Assignment runs where an organization assigns, and what feeds them.

Who may: an organization's active admins, and its supervisors (someone who supervises at least
one active person there and still holds a role there), with two-step verification on, start a
run, read it, and approve or discard it (`may_assign`).

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

import datetime
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.accounts.models import Membership, Organization, Pathway, Role, User
from alongside.accounts.roles import roles_of
from alongside.caseload import services as caseload
from alongside.caseload.models import CaseRecord, Engagement
from alongside.lib import assignment
from alongside.matching.models import (
    DEFAULT_CASELOAD_CAPACITY,
    MAX_CASELOAD_CAPACITY,
    AssignmentRun,
    CaseloadSetting,
    ProgramEnrolment,
    ProposedPair,
    RunKind,
    RunStatus,
    UnmatchedSeeker,
)
from alongside.notifications.services import notify
from alongside.peers import services as peers
from alongside.peers.models import (
    Gender,
    SupporterProfile,
    SupportKind,
    SupportLanguage,
    SupportRelationship,
)
from alongside.training.models import Supervision

RECENT_RUNS = 20


# ---------------------------------------------------------------- who may assign


def organizations_assigned_by(user: User) -> list[Organization]:
    """Organizations where the person may start, read and decide assignment runs: where they
    are an active admin, or supervise someone active now while holding a role there. None for
    staff without two-step verification (a run names the people waiting)."""
    if not user.is_authenticated:
        return []
    roles = roles_of(user)
    if roles.mfa_blocks_member_data:
        return []
    held = {m.organization_id: m.organization for m in roles.memberships}
    found = {o.pk: o for o in roles.organizations_where(Role.ORG_ADMIN)}
    supervising = Supervision.objects.active().filter(
        supervisor=user, supervisee__is_active=True, organization_id__in=held
    )
    for organization_id in supervising.values_list("organization_id", flat=True):
        found[organization_id] = held[organization_id]
    return sorted(found.values(), key=lambda o: (o.name, o.pk))


def may_assign(user: User, organization: Organization) -> bool:
    return any(o.pk == organization.pk for o in organizations_assigned_by(user))


def _holders(organization: Organization, role: Role) -> list[User]:
    """Active people actively holding the role in the organization, by id."""
    held = Membership.objects.active().filter(organization=organization, role=role)
    return list(User.objects.filter(is_active=True, pk__in=held.values("user_id")).order_by("pk"))


# ---------------------------------------------------------------- the mentoring program


def program_mentors(organization: Organization) -> list[User]:
    """The program's mentors: the organization's active mentors whose supporter profile offers
    mentoring (being shown to people searching on their own is a separate choice)."""
    mentors = _holders(organization, Role.MENTOR)
    offering = set(
        SupporterProfile.objects.filter(user__in=mentors, offers_mentoring=True).values_list(
            "user_id", flat=True
        )
    )
    return sorted(
        (m for m in mentors if m.pk in offering), key=lambda u: (str(u.display_name), u.pk)
    )


def programs_open_to(member: User) -> list[Organization]:
    """Organizations whose mentoring program the person may join: those they are a member of."""
    return [
        m.organization
        for m in Membership.objects.active()
        .filter(user=member, role=Role.MEMBER)
        .select_related("organization")
    ]


def enrolments_of(member: User) -> list[ProgramEnrolment]:
    """The person's places in mentoring programs now (waiting or matched), newest first."""
    return list(
        ProgramEnrolment.objects.open()
        .filter(member=member)
        .select_related("organization", "relationship__supporter")
    )


@transaction.atomic
def join_program(
    *,
    member: User,
    organization: Organization,
    languages: Sequence[str],
    pathways: Sequence[str] = (),
    gender: str = "",
    wants_same_gender: bool = False,
    excluded: Iterable[int] = (),
) -> ProgramEnrolment:
    """The member joins the organization's mentoring program and waits for the next approved
    run to match them (joining is their consent to being matched; nobody is asked on their
    behalf). Raises ValidationError naming the field: not a member there, already in its
    program, no language or one not on the list, an unknown pathway or gender, asking for the
    same gender without saying theirs, or excluding (by user id) someone who is not one of its
    mentors."""
    errors: dict[str, str] = {}
    if all(o.pk != organization.pk for o in programs_open_to(member)):
        errors["organization"] = _("You can join the program of an organization you belong to.")
    elif ProgramEnrolment.objects.open().filter(member=member, organization=organization).exists():
        errors["organization"] = _("You are already in the mentoring program of %(org)s.") % {
            "org": organization.name
        }
    if not languages:
        errors["languages"] = _("Choose at least one language you can be mentored in.")
    elif any(code not in SupportLanguage.values for code in languages):
        errors["languages"] = _("Choose languages from the list.")
    if any(p not in Pathway.values for p in pathways):
        errors["pathways"] = _("Choose pathways from the list.")
    if gender not in Gender.values:
        errors["gender"] = _("Choose from the list, or that you would rather not say.")
    elif wants_same_gender and not gender:
        errors["gender"] = _("Say your gender, so that a mentor of the same gender can be found.")
    excluded = sorted(set(excluded))
    if not set(excluded) <= {m.pk for m in program_mentors(organization)}:
        errors["excluded"] = _("Choose mentors of this program only.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            enrolment = ProgramEnrolment.objects.create(
                member=member,
                organization=organization,
                languages=sorted(set(languages)),
                pathways=sorted(set(pathways)),
                gender=gender,
                wants_same_gender=wants_same_gender,
            )
    except IntegrityError:  # joined twice at once: the first one stands
        raise ValidationError(
            {
                "organization": _("You are already in the mentoring program of %(org)s.")
                % {"org": organization.name}
            }
        ) from None
    enrolment.excluded.set(excluded)
    return enrolment


@transaction.atomic
def leave_program(*, enrolment: ProgramEnrolment) -> ProgramEnrolment:
    """The member leaves the program: no run matches them any more (one waiting for approval
    refuses to, naming them). A mentor they were matched with stays until either ends it, on
    the relationship's own page. Raises ValidationError ("enrolment") when already left."""
    locked = ProgramEnrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.ended_at is not None:
        raise ValidationError({"enrolment": _("You have already left this program.")})
    locked.ended_at = timezone.now()
    locked.save(update_fields=["ended_at"])
    enrolment.ended_at = locked.ended_at
    return locked


# ---------------------------------------------------------------- caseload capacity


@dataclass(frozen=True)
class SpecialistLoad:
    membership: Membership
    capacity: int
    languages: list[str]
    on_caseload: int  # people assigned to them at the organization now
    is_default: bool  # nobody set a capacity: the default applies
    profile: SupporterProfile | None  # their supporter profile, if they have one
    chosen_languages: list[str]  # as set on the setting (empty: none chosen)

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.on_caseload, 0)

    @property
    def language_names(self) -> str:
        labels = dict(SupportLanguage.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.languages)


def _languages_of(
    specialist: User, setting: CaseloadSetting | None, profile: SupporterProfile | None
) -> list[str]:
    """The languages a peer specialist works in: as set, or else the language they use the app
    in and those on their supporter profile."""
    if setting is not None and setting.languages:
        return list(setting.languages)
    return sorted({specialist.language} | set(profile.languages if profile else ()))


def specialist_loads(memberships: Sequence[Membership]) -> list[SpecialistLoad]:
    """Capacity, languages and how many people each peer-specialist role carries now: a fixed
    number of queries however many."""
    settings = {
        (s.specialist_id, s.organization_id): s
        for s in CaseloadSetting.objects.filter(
            specialist__in={m.user_id for m in memberships},
            organization__in={m.organization_id for m in memberships},
        )
    }
    load = {
        (row["peer_specialist"], row["organization"]): row["n"]
        for row in CaseRecord.objects.filter(
            peer_specialist__in={m.user_id for m in memberships},
            organization__in={m.organization_id for m in memberships},
        )
        .values("peer_specialist", "organization")
        .annotate(n=Count("id"))
    }
    profiles = {
        p.user_id: p
        for p in SupporterProfile.objects.filter(user__in={m.user_id for m in memberships})
    }
    out = []
    for m in memberships:
        setting = settings.get((m.user_id, m.organization_id))
        profile = profiles.get(m.user_id)
        out.append(
            SpecialistLoad(
                membership=m,
                capacity=setting.capacity if setting else DEFAULT_CASELOAD_CAPACITY,
                languages=_languages_of(m.user, setting, profile),
                on_caseload=load.get((m.user_id, m.organization_id), 0),
                is_default=setting is None,
                profile=profile,
                chosen_languages=list(setting.languages) if setting else [],
            )
        )
    return out


def specialist_memberships(user: User) -> list[Membership]:
    """The peer-specialist roles whose caseload capacity the person sets: their own, and every
    one at an organization they administer (with two-step verification on)."""
    roles = roles_of(user)
    administered = [] if roles.mfa_blocks_member_data else roles.organizations_where(Role.ORG_ADMIN)
    found = (
        Membership.objects.active()
        .filter(role=Role.PEER_SPECIALIST, user__is_active=True)
        .filter(Q(user=user) | Q(organization__in=administered))
        .select_related("user", "organization")
        .order_by("organization__name", "user__first_name", "pk")
    )
    return list(found)


@transaction.atomic
def set_caseload_capacity(
    *, membership: Membership, capacity: int, languages: Sequence[str], by: User
) -> CaseloadSetting:
    """How many people a peer specialist can carry at the organization, and the languages they
    work in (none: the language they use the app in, and their supporter profile's). People
    already on the caseload stay whatever the number. Raises ValidationError naming the field
    for a number out of range or a language not on the list."""
    errors: dict[str, str] = {}
    if not 0 <= capacity <= MAX_CASELOAD_CAPACITY:
        errors["capacity"] = _("Give a number from 0 to %(most)s.") % {
            "most": MAX_CASELOAD_CAPACITY
        }
    if any(code not in SupportLanguage.values for code in languages):
        errors["languages"] = _("Choose languages from the list.")
    if errors:
        raise ValidationError(errors)
    setting, _created = CaseloadSetting.objects.select_for_update().get_or_create(
        specialist=membership.user, organization=membership.organization
    )
    setting.capacity = capacity
    setting.languages = sorted(set(languages))
    setting.updated_at = timezone.now()
    setting.updated_by = by
    setting.save(update_fields=["capacity", "languages", "updated_at", "updated_by"])
    return setting


# ---------------------------------------------------------------- who waits, who can take them


@dataclass
class Pool:
    """One run's people in the solver's terms, with the rows they came from (by user id)."""

    seekers: list[assignment.Seeker] = field(default_factory=list)
    supporters: list[assignment.Supporter] = field(default_factory=list)
    records: dict[int, CaseRecord] = field(default_factory=dict)
    enrolments: dict[int, ProgramEnrolment] = field(default_factory=dict)


def _utc_offset(zone: str, at: datetime.datetime) -> float:
    try:
        offset = at.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0.0
    return offset.total_seconds() / 3600 if offset else 0.0


def _years_since(day: datetime.date | None, today: datetime.date) -> float:
    return max((today - day).days / 365.25, 0.0) if day else 0.0


def _previous_specialists(records: Sequence[CaseRecord], active: set[int]) -> dict[int, int]:
    """For each record, its previous peer specialist when still an active one here: the one who
    last recorded an engagement with the person (a record keeps no other trace of who had it
    once their role ended and the caseload let them go)."""
    last: dict[int, int] = {}
    engagements = (
        Engagement.objects.filter(record__in=records, by__isnull=False)
        .order_by("record_id", "-on", "-id")
        .values_list("record_id", "by_id")
    )
    for record_id, by_id in engagements:
        last.setdefault(record_id, by_id)
    return {record_id: by_id for record_id, by_id in last.items() if by_id in active}


def waiting_records(organization: Organization) -> list[CaseRecord]:
    """Case records of the organization with no peer specialist: new, or flagged when theirs
    left. Only of people with an account still."""
    return list(
        CaseRecord.objects.filter(
            organization=organization, peer_specialist__isnull=True, member__is_active=True
        )
        .select_related("member")
        .order_by("pk")
    )


def waiting_enrolments(organization: Organization) -> list[ProgramEnrolment]:
    return list(
        ProgramEnrolment.objects.waiting()
        .filter(organization=organization, member__is_active=True)
        .select_related("member")
        .prefetch_related("excluded")
        .order_by("pk")
    )


def caseload_pool(organization: Organization) -> Pool:
    """People waiting for a peer specialist, and the organization's peer specialists with the
    places they have left. A record's previous specialist, still active, is its current one."""
    records = waiting_records(organization)
    memberships = list(
        Membership.objects.active()
        .filter(organization=organization, role=Role.PEER_SPECIALIST, user__is_active=True)
        .select_related("user", "organization")
        .order_by("user_id")
    )
    loads = specialist_loads(memberships)
    previous = _previous_specialists(records, {m.user_id for m in memberships})
    now = timezone.now()
    pool = Pool(records={r.member_id: r for r in records})
    for load in loads:
        specialist, profile = load.membership.user, load.profile
        pool.supporters.append(
            assignment.Supporter(
                id=specialist.pk,
                languages=frozenset(load.languages),
                capacity=load.places_left,
                pathways=frozenset(specialist.pathways)
                | frozenset(profile.pathways if profile else ()),
                utc_offset_hours=_utc_offset(specialist.time_zone, now),
                gender=profile.gender if profile else "",
                years_in_recovery=_years_since(
                    profile.recovery_since if profile else None, now.date()
                ),
            )
        )
    for record in records:
        member = record.member
        pool.seekers.append(
            assignment.Seeker(
                id=member.pk,
                languages=frozenset({member.language}),
                pathways=frozenset(member.pathways),
                utc_offset_hours=_utc_offset(member.time_zone, now),
                current_supporter_id=previous.get(record.pk),
            )
        )
    return pool


def _keeps(seeker: assignment.Seeker, supporter: assignment.Supporter) -> bool:
    """The solver's hard rules apart from capacity (alongside/lib/assignment.py): a shared
    language, not excluded, and the same-gender norm of either side."""
    gender = seeker.gender.strip().casefold()
    same = bool(gender) and gender == supporter.gender.strip().casefold()
    return (
        bool(seeker.languages & supporter.languages)
        and supporter.id not in seeker.excluded
        and (same or not (seeker.wants_same_gender or supporter.same_gender_only))
    )


def mentoring_pool(organization: Organization) -> Pool:
    """Mentees waiting in the program, and its mentors with the places their profile leaves
    them. A mentee already mentored by one of them keeps that mentor (continuity)."""
    enrolments = waiting_enrolments(organization)
    mentors = program_mentors(organization)
    profiles = {p.user_id: p for p in SupporterProfile.objects.filter(user__in=mentors)}
    taken = Counter(
        SupportRelationship.objects.active()
        .filter(supporter__in=mentors)
        .values_list("supporter_id", flat=True)
    )
    current: dict[int, int] = {}
    for member_id, supporter_id in (
        SupportRelationship.objects.active()
        .filter(kind=SupportKind.MENTOR, member__in=[e.member_id for e in enrolments])
        .filter(supporter__in=mentors)
        .order_by("supporter_id")
        .values_list("member_id", "supporter_id")
    ):
        current.setdefault(member_id, supporter_id)
    now = timezone.now()
    pool = Pool(enrolments={e.member_id: e for e in enrolments})
    for mentor in sorted(mentors, key=lambda u: u.pk):
        profile = profiles[mentor.pk]
        pool.supporters.append(
            assignment.Supporter(
                id=mentor.pk,
                languages=frozenset(profile.languages),
                capacity=max(profile.capacity - taken[mentor.pk], 0),
                pathways=frozenset(profile.pathways),
                utc_offset_hours=_utc_offset(mentor.time_zone, now),
                gender=profile.gender,
                same_gender_only=profile.same_gender_only,
                years_in_recovery=_years_since(profile.recovery_since, now.date()),
            )
        )
    by_id = {s.id: s for s in pool.supporters}
    for enrolment in enrolments:
        member = enrolment.member
        pool.seekers.append(
            assignment.Seeker(
                id=member.pk,
                languages=frozenset(enrolment.languages),
                pathways=frozenset(enrolment.pathways),
                utc_offset_hours=_utc_offset(member.time_zone, now),
                gender=enrolment.gender,
                wants_same_gender=enrolment.wants_same_gender,
                excluded=frozenset(p.pk for p in enrolment.excluded.all()),
                current_supporter_id=current.get(member.pk),
            )
        )
    # A continuing mentee already holds one of their mentor's places: give it back to the
    # solver, which counts continuing people within capacity, but only for those it will keep.
    for seeker in pool.seekers:
        theirs = by_id.get(seeker.current_supporter_id or 0)
        if theirs is not None and _keeps(seeker, theirs):
            by_id[theirs.id] = _with_capacity(theirs, theirs.capacity + 1)
    pool.supporters = [by_id[s.id] for s in pool.supporters]
    return pool


def _with_capacity(supporter: assignment.Supporter, capacity: int) -> assignment.Supporter:
    return replace(supporter, capacity=capacity)


def pool_for(organization: Organization, kind: str) -> Pool:
    return caseload_pool(organization) if kind == RunKind.CASELOAD else mentoring_pool(organization)


# ---------------------------------------------------------------- runs


def role_word(kind: str, *, plural: bool = False) -> str:
    """Who supports people in a run of this kind, as a word in a sentence."""
    if kind == RunKind.CASELOAD:
        return _("peer specialists") if plural else _("peer specialist")
    return _("mentors") if plural else _("mentor")


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
                        {"name": r.name, "points": r.points, "words": _in_words(r.words, kind)}
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
                    reason=_in_words(reason, kind)[:300],
                )
                for seeker_id, reason in sorted(result.unmatched.items())
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

"""Who waits and who can take them, in the solver's terms (alongside/lib/assignment.py): for a
caseload run, case records with no peer specialist and the active peer specialists with the
places they have left; for a mentoring run, the program's waiting mentees and its mentors."""

from __future__ import annotations

import datetime
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.utils import timezone

from alongside.accounts.models import Membership, Organization, Role
from alongside.caseload.models import CaseRecord, Engagement
from alongside.lib import assignment
from alongside.matching.models import ProgramEnrolment, RunKind
from alongside.matching.services.capacity import specialist_loads
from alongside.matching.services.program import program_mentors
from alongside.peers.models import SupporterProfile, SupportKind, SupportRelationship


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
    # A mentor who already sponsors the mentee cannot mentor them too (one relationship per
    # pair): for this run, such a mentor is as if the mentee had excluded them.
    busy: dict[int, set[int]] = defaultdict(set)
    for member_id, supporter_id, kind in (
        SupportRelationship.objects.active()
        .filter(member__in=[e.member_id for e in enrolments], supporter__in=mentors)
        .order_by("supporter_id")
        .values_list("member_id", "supporter_id", "kind")
    ):
        if kind == SupportKind.MENTOR and member_id not in current:
            current[member_id] = supporter_id
        else:
            busy[member_id].add(supporter_id)
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
                excluded=frozenset(p.pk for p in enrolment.excluded.all())
                | frozenset(busy[member.pk]),
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

"""How well support works: figures for supervision and reflection, never for ranking.

For one supporter, or for one organization's peer-support program, four figures about the
people they support, each computed only from people who agreed to the data behind it, and
shown only when at least 11 people are behind it.

Definitions (the page says the same in plain words, templates/outcomes/_definitions.html):

- **Supported people of a supporter**: members in an active or past sponsor or mentor
  relationship with them (peers.SupportRelationship), or on their caseload (a case record
  naming them as its peer specialist). Support counts from its start: the relationship's start,
  or the day the case record was opened; for someone supported in several ways, the earliest.
- **A program** is an organization's peer support: its caseload (every case record of the
  organization, also those waiting for a new peer specialist) and its mentoring (relationships
  whose supporter is an active mentor of the organization). Its supporters are its active peer
  specialists and mentors, listed by name, each with the figures of their part of the program.
- **Staying engaged at 30 (90) days**: of the people whose support started at least 30 (90)
  days ago, the share still engaged on that day: a relationship that had not ended before it,
  or, for a case record, an engagement or a check-in in the 30 days up to and including it.
  A check-in counts there only from someone who shares check-ins with the supporter.
- **Check-in regularity**: among the supported people who share their check-ins with the
  supporter, the median share of the last 30 days (in each person's own time zone, today
  included) with a check-in.
- **BARC-10 change**: among the supported people who share their assessments with the
  supporter and have at least two BARC-10 scores since their support started (from that day
  on), the median change from the first of those scores to the latest.
- **Consent**: a person counts in a figure only while they share its data with their supporter
  (check-ins: the check-ins scope; the BARC-10: the assessments scope), by a grant naming the
  supporter or a role the supporter holds in the grant's organization (for a case record, also
  the organization's peer specialists). Staying engaged needs only the relationship or the
  case record. Revoking a grant takes the person out on the next request.
- **De-identified**: no names, dates or individual values leave this module, only counts,
  shares and medians; the member ids it works with stay inside it.
- **Suppression**: a figure computed from fewer than 11 people is shown as "fewer than 11
  people", never as a number (`MIN_PEOPLE`). In a program's table, the whole program's figure
  is suppressed too when, taken with its supporters' shown figures, it would reveal fewer than
  11 people: those of suppressed supporters, or nobody's (a case record waiting for someone).

Everything is read in a fixed number of queries however many people there are: support rows,
engagements, grants, check-in days and BARC-10 results are each read once for every figure of
the page. Nobody's access log gets a row for these figures: no one person's data is shown.
"""

from __future__ import annotations

import datetime
import math
import statistics
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alongside.accounts.models import Membership, Organization, Role, User
from alongside.assessments.models import Administration
from alongside.caseload.models import CaseRecord, Engagement
from alongside.journey.models import CheckIn
from alongside.peers.models import SupportRelationship
from alongside.privacy import policy
from alongside.privacy.models import ConsentGrant, Scope

MIN_PEOPLE = 11  # below this a figure is suppressed (as the organization dashboards will do)
ENGAGED_AFTER = (30, 90)  # days
WINDOW_DAYS = 30  # an engagement or check-in this close counts; regularity looks this far back
BARC10 = "barc10"
# Who supports people in a program (and may be named on its case records).
SUPPORTER_ROLES = (Role.PEER_SPECIALIST, Role.MENTOR)

ENGAGED_30 = "engaged_30"
ENGAGED_90 = "engaged_90"
REGULARITY = "check_in_regularity"
BARC10_CHANGE = "barc10_change"
FIGURES = {
    ENGAGED_30: gettext_lazy("Staying engaged at 30 days"),
    ENGAGED_90: gettext_lazy("Staying engaged at 90 days"),
    REGULARITY: gettext_lazy("Check-in regularity"),
    BARC10_CHANGE: gettext_lazy("BARC-10 change"),
}


# ---------------------------------------------------------------- what the caller gets


@dataclass(frozen=True)
class Group:
    """Whose support a row of figures is about: a supporter everywhere (organization None), a
    supporter's part of one program, or a whole program (supporter None)."""

    supporter: User | None
    organization: Organization | None


@dataclass(frozen=True)
class Figure:
    """One figure, de-identified: how many people it is computed from, and its value. Every
    number is None when suppressed."""

    key: str
    suppressed: bool
    people: int | None = None
    engaged: int | None = None  # staying engaged: how many of `people` were
    percent: int | None = None  # staying engaged and check-in regularity
    points: float | None = None  # BARC-10 change (a median: may end in .5)

    @property
    def label(self) -> str:
        return str(FIGURES[self.key])

    @property
    def text(self) -> str:
        """The figure in words, as the page and the API give it."""
        if self.suppressed:
            return _("fewer than %(n)s people") % {"n": MIN_PEOPLE}
        values = {"people": self.people, "engaged": self.engaged, "percent": self.percent}
        if self.key in (ENGAGED_30, ENGAGED_90):
            return _("%(percent)s%% (%(engaged)s of %(people)s people)") % values
        if self.key == REGULARITY:
            return _("%(percent)s%% of days (median of %(people)s people)") % values
        points = self.points or 0.0
        shown = f"{points:+g}" if points else "0"
        return ngettext(
            "%(change)s point (median of %(people)s people)",
            "%(change)s points (median of %(people)s people)",
            1 if abs(points) == 1 else 2,
        ) % {"change": shown.replace("-", "\N{MINUS SIGN}"), "people": self.people}


@dataclass(frozen=True)
class Row:
    group: Group
    figures: list[Figure]  # in the order of FIGURES


@dataclass(frozen=True)
class Program:
    organization: Organization
    total: Row
    supporters: list[Row]  # by name, never by any figure

    @property
    def rows(self) -> list[Row]:
        return [self.total, *self.supporters]


@dataclass(frozen=True)
class Overview:
    own: Row | None
    team: list[Row]
    programs: list[Program]


# ---------------------------------------------------------------- who supports in a program


def program_supporters(organizations: Iterable[Organization]) -> dict[int, list[User]]:
    """Each organization's active peer specialists and mentors, by name (one query)."""
    ids = [o.pk for o in organizations]
    found: dict[int, dict[int, User]] = {pk: {} for pk in ids}
    for membership in (
        Membership.objects.active()
        .filter(organization_id__in=ids, role__in=SUPPORTER_ROLES, user__is_active=True)
        .select_related("user")
    ):
        found[membership.organization_id][membership.user_id] = membership.user
    return {pk: _by_name(people.values()) for pk, people in found.items()}


def _by_name(people: Iterable[User]) -> list[User]:
    return sorted(people, key=lambda u: (str(u.display_name).lower(), u.pk))


# ---------------------------------------------------------------- the figures


def overview(
    *,
    own: User | None,
    team: list[Group],
    organizations: list[Organization],
    now: datetime.datetime | None = None,
) -> Overview:
    """The figures a person may see, all read together: their own (when `own`), each of
    their team's (the groups as access.py gave them), and each program with its supporters."""
    supporters = program_supporters(organizations)
    own_group = Group(own, None) if own is not None else None
    program_groups = {
        o.pk: [Group(None, o), *(Group(s, o) for s in supporters[o.pk])] for o in organizations
    }
    groups = [g for g in [own_group, *team] if g is not None]
    groups += [g for found in program_groups.values() for g in found]
    raw = _compute(groups, now or timezone.now())
    programs = []
    for organization in organizations:
        total, *rows = program_groups[organization.pk]
        programs.append(
            Program(
                organization,
                Row(total, _program_total(raw[total], [raw[r] for r in rows])),
                [Row(r, _shown(raw[r])) for r in rows],
            )
        )
    return Overview(
        own=Row(own_group, _shown(raw[own_group])) if own_group is not None else None,
        team=[Row(g, _shown(raw[g])) for g in team],
        programs=programs,
    )


def rows_for(groups: list[Group], *, now: datetime.datetime | None = None) -> list[Row]:
    """The figures of some supporters (each in their program, or everywhere)."""
    raw = _compute(groups, now or timezone.now())
    return [Row(g, _shown(raw[g])) for g in groups]


def program(organization: Organization, *, now: datetime.datetime | None = None) -> Program:
    return overview(own=None, team=[], organizations=[organization], now=now).programs[0]


# ---------------------------------------------------------------- suppression


@dataclass(frozen=True)
class _Raw:
    """A figure before suppression: the people it is computed from stay here."""

    key: str
    people: frozenset[int]
    engaged: int | None = None
    value: Fraction | None = None


def _figure(raw: _Raw, *, suppress: bool = False) -> Figure:
    if suppress or len(raw.people) < MIN_PEOPLE or raw.value is None:
        return Figure(raw.key, suppressed=True)
    percent = points = None
    if raw.key == BARC10_CHANGE:
        points = float(raw.value)
    else:
        percent = math.floor(raw.value * 100 + Fraction(1, 2))  # half up, exactly
    return Figure(
        raw.key,
        suppressed=False,
        people=len(raw.people),
        engaged=raw.engaged,
        percent=percent,
        points=points,
    )


def _shown(raws: list[_Raw]) -> list[Figure]:
    return [_figure(r) for r in raws]


def _program_total(total: list[_Raw], rows: list[list[_Raw]]) -> list[Figure]:
    """The whole program's figures, each suppressed also when it would give away fewer than
    11 people set against its supporters' shown figures: the people in it whom no shown row
    counts, or the difference of the counts (rows may share people, so both are checked)."""
    figures = []
    for index, whole in enumerate(total):
        shown = [row[index] for row in rows if len(row[index].people) >= MIN_PEOPLE]
        unseen = whole.people.difference(*(r.people for r in shown))
        difference = len(whole.people) - sum(len(r.people) for r in shown)
        revealing = 0 < len(unseen) < MIN_PEOPLE or 0 < difference < MIN_PEOPLE
        figures.append(_figure(whole, suppress=revealing))
    return figures


# ---------------------------------------------------------------- reading and computing


@dataclass(frozen=True)
class _Support:
    """One relationship or case record, as the figures read it."""

    member_id: int
    zone: str
    supporter_id: int | None
    started_at: datetime.datetime
    ended_at: datetime.datetime | None = None
    record_id: int | None = None  # a case record: its engagements count
    organization_id: int | None = None  # a case record's organization


@dataclass
class _Data:
    relationships: list[_Support]
    records: list[_Support]
    mentors: dict[int, set[int]]  # organization id → its active mentors
    roles: dict[int, set[tuple[int, str]]]  # supporter id → (organization id, role) held
    grants: dict[int, list[tuple[int | None, int | None, str, frozenset[str]]]]
    engagement_days: dict[int, set[datetime.date]] = field(default_factory=dict)
    check_in_days: dict[int, set[datetime.date]] = field(default_factory=dict)
    barc10: dict[int, list[tuple[datetime.datetime, int, int]]] = field(default_factory=dict)

    def shares(self, support: _Support, scope: str) -> bool:
        """Whether the member shares `scope` with the supporter of this support."""
        held = self.roles.get(support.supporter_id or 0, set())
        for user_id, organization_id, role, scopes in self.grants.get(support.member_id, []):
            if scope not in scopes:
                continue
            if support.supporter_id is not None and policy.grant_names(
                grantee_user_id=user_id,
                grantee_organization_id=organization_id,
                grantee_role=role,
                person_id=support.supporter_id,
                roles_held=held,
            ):
                return True
            # Shared with the organization's peer specialists: with its caseload's people.
            if support.record_id is not None and (organization_id, role) == (
                support.organization_id,
                Role.PEER_SPECIALIST,
            ):
                return True
        return False


def _in_group(support: _Support, group: Group, data: _Data, *, is_record: bool) -> bool:
    supporter, organization = group.supporter, group.organization
    if supporter is not None and support.supporter_id != supporter.pk:
        return False
    if organization is None:
        return True
    if is_record:
        return support.organization_id == organization.pk
    # A relationship belongs to the program while its supporter is one of its mentors.
    return support.supporter_id in data.mentors.get(organization.pk, set())


def _compute(groups: list[Group], now: datetime.datetime) -> dict[Group, list[_Raw]]:
    data = _read(groups, now)
    computed: dict[Group, list[_Raw]] = {}
    for group in groups:
        if group in computed:
            continue
        by_member: dict[int, list[_Support]] = defaultdict(list)
        for support in data.relationships:
            if _in_group(support, group, data, is_record=False):
                by_member[support.member_id].append(support)
        for support in data.records:
            if _in_group(support, group, data, is_record=True):
                by_member[support.member_id].append(support)
        computed[group] = _figures(by_member, data, now)
    return computed


def _read(groups: list[Group], now: datetime.datetime) -> _Data:
    """Every row the groups' figures need, in a fixed number of queries."""
    named = {g.supporter.pk for g in groups if g.supporter is not None}
    programs = {g.organization.pk for g in groups if g.organization is not None}
    mentors: dict[int, set[int]] = defaultdict(set)
    roles: dict[int, set[tuple[int, str]]] = defaultdict(set)
    program_mentors = Membership.objects.active().filter(
        organization_id__in=programs, role=Role.MENTOR
    )
    for user_id, organization_id, role in (
        Membership.objects.active()
        .filter(Q(user_id__in=named) | Q(user_id__in=program_mentors.values("user_id")))
        .values_list("user_id", "organization_id", "role")
    ):
        roles[user_id].add((organization_id, role))
        if role == Role.MENTOR and organization_id in programs:
            mentors[organization_id].add(user_id)
    relationship_supporters = named | {pk for found in mentors.values() for pk in found}
    relationships = [
        _Support(member, zone, supporter, started, ended)
        for member, zone, supporter, started, ended in SupportRelationship.objects.filter(
            supporter_id__in=relationship_supporters, member__is_active=True
        ).values_list("member_id", "member__time_zone", "supporter_id", "started_at", "ended_at")
    ]
    records = [
        _Support(member, zone, supporter, opened, record_id=pk, organization_id=organization)
        for pk, member, zone, supporter, opened, organization in CaseRecord.objects.filter(
            Q(peer_specialist_id__in=named) | Q(organization_id__in=programs),
            member__is_active=True,
        ).values_list(
            "pk",
            "member_id",
            "member__time_zone",
            "peer_specialist_id",
            "opened_at",
            "organization_id",
        )
    ]
    members = {s.member_id for s in relationships + records}
    grants: dict[int, list[tuple[int | None, int | None, str, frozenset[str]]]] = defaultdict(list)
    for member, user_id, organization_id, role, scopes in (
        ConsentGrant.objects.active()
        .filter(member_id__in=members)
        .values_list(
            "member_id", "grantee_user_id", "grantee_organization_id", "grantee_role", "scopes"
        )
    ):
        grants[member].append((user_id, organization_id, role, frozenset(scopes)))
    data = _Data(relationships, records, dict(mentors), dict(roles), dict(grants))
    for record_id, on in Engagement.objects.filter(
        record_id__in=[s.record_id for s in records]
    ).values_list("record_id", "on"):
        data.engagement_days.setdefault(record_id, set()).add(on)
    _read_check_ins(data, now)
    _read_barc10(data)
    return data


def _read_check_ins(data: _Data, now: datetime.datetime) -> None:
    """Check-in days of people who share them with a supporter of theirs: the last 30 days
    (regularity), and, for people on a caseload, the days the engagement windows can reach."""
    sharing = {s.member_id for s in data.relationships if data.shares(s, Scope.CHECK_INS)}
    on_caseload = [s for s in data.records if data.shares(s, Scope.CHECK_INS)]
    sharing |= {s.member_id for s in on_caseload}
    if not sharing:
        return
    # A day late or early in any time zone is harmless: each window is checked exactly below.
    today = now.date() + datetime.timedelta(days=1)
    wanted = Q(member_id__in=sharing, on__gte=today - datetime.timedelta(days=WINDOW_DAYS + 1))
    if on_caseload:
        first = min(s.started_at for s in on_caseload).date()
        last = max(s.started_at for s in on_caseload).date() + datetime.timedelta(
            days=max(ENGAGED_AFTER) + 1
        )
        wanted |= Q(member_id__in={s.member_id for s in on_caseload}, on__gte=first, on__lte=last)
    for member, on in CheckIn.objects.filter(wanted, on__lte=today).values_list("member_id", "on"):
        data.check_in_days.setdefault(member, set()).add(on)


def _read_barc10(data: _Data) -> None:
    supports = data.relationships + data.records
    sharing = {s.member_id for s in supports if data.shares(s, Scope.ASSESSMENTS)}
    if not sharing:
        return
    # Totals live in the encrypted result, read in Python; a person has a handful of them.
    for administration in (
        Administration.objects.filter(member_id__in=sharing, instrument=BARC10)
        .current()
        .only("member_id", "taken_at", "result")
    ):
        if administration.total is not None:
            data.barc10.setdefault(administration.member_id, []).append(
                (administration.taken_at, administration.pk, administration.total)
            )


def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def _engaged(support: _Support, at: datetime.datetime, data: _Data) -> bool:
    """Whether this support was going on at `at` (the day 30 or 90 of someone's support)."""
    if support.started_at > at:
        return False
    if support.record_id is None:
        return support.ended_at is None or support.ended_at >= at
    day = at.astimezone(_zone(support.zone)).date()
    first = day - datetime.timedelta(days=WINDOW_DAYS - 1)
    if any(first <= d <= day for d in data.engagement_days.get(support.record_id, ())):
        return True
    return data.shares(support, Scope.CHECK_INS) and any(
        first <= d <= day for d in data.check_in_days.get(support.member_id, ())
    )


def _figures(
    by_member: dict[int, list[_Support]], data: _Data, now: datetime.datetime
) -> list[_Raw]:
    eligible: dict[int, set[int]] = {days: set() for days in ENGAGED_AFTER}
    engaged: dict[int, set[int]] = {days: set() for days in ENGAGED_AFTER}
    regularity: dict[int, Fraction] = {}
    changes: dict[int, Fraction] = {}
    for member, supports in by_member.items():
        zone = _zone(supports[0].zone)
        start = min(s.started_at for s in supports)
        for days in ENGAGED_AFTER:
            at = start + datetime.timedelta(days=days)
            if at <= now:
                eligible[days].add(member)
                if any(_engaged(s, at, data) for s in supports):
                    engaged[days].add(member)
        if any(data.shares(s, Scope.CHECK_INS) for s in supports):
            today = now.astimezone(zone).date()
            first = today - datetime.timedelta(days=WINDOW_DAYS - 1)
            days_in = {d for d in data.check_in_days.get(member, ()) if first <= d <= today}
            regularity[member] = Fraction(len(days_in), WINDOW_DAYS)
        if any(data.shares(s, Scope.ASSESSMENTS) for s in supports):
            since = start.astimezone(zone).date()
            scores = sorted(
                (taken, pk, total)
                for taken, pk, total in data.barc10.get(member, [])
                if taken.astimezone(zone).date() >= since
            )
            if len(scores) >= 2:
                changes[member] = Fraction(scores[-1][2] - scores[0][2])
    raws = [
        _Raw(
            key,
            frozenset(eligible[days]),
            len(engaged[days]),
            Fraction(len(engaged[days]), len(eligible[days])) if eligible[days] else None,
        )
        for key, days in ((ENGAGED_30, 30), (ENGAGED_90, 90))
    ]
    raws.append(_Raw(REGULARITY, frozenset(regularity), None, _median(regularity.values())))
    raws.append(_Raw(BARC10_CHANGE, frozenset(changes), None, _median(changes.values())))
    return raws


def _median(values: Iterable[Fraction]) -> Fraction | None:
    found = list(values)
    return Fraction(statistics.median(found)) if found else None

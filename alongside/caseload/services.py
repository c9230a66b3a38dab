"""A peer specialist's caseload: who is on it (by the members' own consent), their records,
intakes, engagements and follow-ups, BARC-10 every 90 days, who has gone quiet, the member's
recovery goals worked on together, supervisors' view of their team, and reassignment when a
specialist leaves."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.accounts.models import Membership, Organization, Pathway, Role, User
from alongside.accounts.roles import roles_of
from alongside.assessments.models import Administration
from alongside.caseload.models import (
    QUIET_AFTER_DAYS,
    CaseloadSetting,
    CaseRecord,
    Engagement,
    FollowUp,
    Intake,
    LifeArea,
    ReferralSource,
    ServicePathway,
)
from alongside.journey import services as journey
from alongside.journey.models import CheckIn, GoalStep, RecoveryGoal
from alongside.meetings.models import AttendanceRecord
from alongside.notifications.services import notify
from alongside.privacy import policy
from alongside.privacy.models import Scope

MAX_NOTE = 4000
MAX_QUIET_AFTER = 365
BARC10 = "barc10"
# Recovery capital is measured at intake and every 90 days after (issue 17).
BARC10_EVERY = datetime.timedelta(days=90)


def organizations_of(staff: User) -> list[Organization]:
    """Organizations where the person is an active peer specialist."""
    return roles_of(staff).organizations_where(Role.PEER_SPECIALIST)


def record_for(*, staff: User, member: User) -> CaseRecord:
    """The member's record in the staff member's organization, opened (and assigned to them)
    the first time. The caller has checked consent (access.access_member_record)."""
    organization = organizations_of(staff)[0]
    record, _created = CaseRecord.objects.get_or_create(
        member=member, organization=organization, defaults={"peer_specialist": staff}
    )
    return record


# ---------------------------------------------------------------- the table


def quiet_after_days(staff: User) -> int:
    """After how many days without word a person counts as gone quiet, as the specialist set
    it (14 until they change it)."""
    setting = CaseloadSetting.objects.filter(staff=staff).first()
    return setting.quiet_after_days if setting else QUIET_AFTER_DAYS


@transaction.atomic
def set_quiet_after(*, staff: User, days: int) -> CaseloadSetting:
    """Raises ValidationError ("quiet_after_days") outside 1 to 365 days."""
    if not 1 <= days <= MAX_QUIET_AFTER:
        raise ValidationError(
            {"quiet_after_days": _("Choose from 1 to %(n)s days.") % {"n": MAX_QUIET_AFTER}}
        )
    setting, _created = CaseloadSetting.objects.update_or_create(
        staff=staff, defaults={"quiet_after_days": days}
    )
    return setting


def barc10_due_on(
    record: CaseRecord | None,
    last_barc10: datetime.date | None,
    intake_on: datetime.date | None,
    zone: zoneinfo.ZoneInfo | None = None,
) -> datetime.date | None:
    """When the next BARC-10 is due on the comprehensive pathway: at intake when there is none
    yet (the intake day, or the day the record opened before an intake is written), then 90
    days after the last. None on the brief pathway, which has no assessment schedule."""
    if record is None or record.pathway != ServicePathway.COMPREHENSIVE:
        return None
    if last_barc10 is not None:
        return last_barc10 + BARC10_EVERY
    # The day the record opened where the member lives (in UTC it may be tomorrow already).
    opened = record.opened_at.astimezone(zone or record.member.zone).date()
    return intake_on or opened


@dataclass
class Row:
    """One person on the table. What is worked out from the dates is worked out once: the
    table sorts, filters and shows each figure, for hundreds of people."""

    member: User
    record: CaseRecord | None
    shares: list[str]
    last_engagement: datetime.date | None
    last_check_in: datetime.date | None
    last_attendance: datetime.date | None
    next_follow_up: datetime.date | None
    overdue_follow_ups: int
    last_barc10: datetime.date | None
    today: datetime.date
    quiet_after: int = QUIET_AFTER_DAYS
    staff_id: int | None = None  # whose table this is

    @property
    def is_assigned_to_staff(self) -> bool:
        """The record names the table's peer specialist as the person's own."""
        return self.record is not None and self.record.peer_specialist_id == self.staff_id

    @cached_property
    def last_contact(self) -> datetime.date | None:
        days = [
            d
            for d in (self.last_engagement, self.last_check_in, self.last_attendance)
            if d is not None
        ]
        return max(days) if days else None

    @cached_property
    def quiet_days(self) -> int | None:
        last = self.last_contact
        return None if last is None else (self.today - last).days

    @cached_property
    def is_quiet(self) -> bool:
        days = self.quiet_days
        return days is None or days >= self.quiet_after

    @property
    def follow_up_due(self) -> bool:
        return self.next_follow_up is not None and self.next_follow_up <= self.today

    @property
    def shares_assessments(self) -> bool:
        return Scope.ASSESSMENTS in self.shares

    @cached_property
    def barc10_due_on(self) -> datetime.date | None:
        """None on the brief pathway, and when the member does not share their assessments
        (nobody can tell whether they took one)."""
        if not self.shares_assessments:
            return None
        return barc10_due_on(
            self.record,
            self.last_barc10,
            getattr(self.record, "intake_on", None),
            self.member.zone,
        )

    @cached_property
    def barc10_due(self) -> bool:
        due = self.barc10_due_on
        return due is not None and due <= self.today

    @property
    def needs_reassignment(self) -> bool:
        return self.record is not None and self.record.needs_reassignment


SORTS = {
    "name": lambda r: str(r.member.display_name).lower(),
    "last_contact": lambda r: r.last_contact or datetime.date.min,
    "follow_up": lambda r: r.next_follow_up or datetime.date.max,
    "barc10": lambda r: r.barc10_due_on or datetime.date.max,
}
SHOWS = {
    "mine": lambda r: r.is_assigned_to_staff,
    "quiet": lambda r: r.is_quiet,
    "follow_up": lambda r: r.follow_up_due,
    "reassign": lambda r: r.needs_reassignment,
    "barc10": lambda r: r.barc10_due,
}


def _latest(members: Iterable[int], rows: QuerySet, field: str) -> dict[int, Any]:
    """{member id: the latest `field` of their `rows`}, for each of `members` who has one: one
    query, an index lookup per member rather than a scan of a year of their rows."""
    newest = rows.filter(member=OuterRef("pk")).order_by(f"-{field}").values(field)[:1]
    found = User.objects.filter(pk__in=list(members)).annotate(last=Subquery(newest))
    return {pk: last for pk, last in found.values_list("pk", "last") if last is not None}


def people_sharing_with(staff: User) -> list[tuple[User, list[str]]]:
    """Who shares what with the specialist now (the policy's answer), each person read only as
    far as the table shows them: their name and time zone."""
    scopes = policy.scopes_shared_with(staff)
    people = User.objects.filter(pk__in=list(scopes)).only(
        "first_name", "last_name", "handle", "time_zone"
    )
    return [(person, scopes[person.pk]) for person in people]


def caseload(
    staff: User,
    *,
    sharing: list[tuple[User, list[str]]] | None = None,
    quiet_after: int | None = None,
) -> list[Row]:
    """Everyone who shares with the peer specialist now (or `sharing`: some of them, with the
    scopes to read), with their record (if one is open) and the dates the table sorts and
    filters by; gone quiet after `quiet_after` days (the specialist's setting when None).

    A fixed number of queries however long the list. Check-ins, meeting attendance and BARC-10
    dates are read only for members who share them."""
    if sharing is None:
        sharing = people_sharing_with(staff)
    members = {m.pk: (m, scopes) for m, scopes in sharing}
    today = staff.local_today()

    def sharing_scope(scope: str) -> list[int]:
        return [pk for pk, (_m, scopes) in members.items() if scope in scopes]

    def local_day(pk: int, at: datetime.datetime) -> datetime.date:
        return at.astimezone(members[pk][0].zone).date()

    records = _records(staff, members, today)
    check_ins = _latest(sharing_scope(Scope.CHECK_INS), CheckIn.objects.all(), "on")
    attended = _latest(
        sharing_scope(Scope.ATTENDANCE), AttendanceRecord.objects.all(), "occurred_at"
    )
    barc10 = _latest(
        sharing_scope(Scope.ASSESSMENTS), Administration.objects.of(BARC10), "taken_at"
    )
    if quiet_after is None:
        quiet_after = quiet_after_days(staff)
    rows = []
    for pk, (member, scopes) in members.items():
        record = records.get(pk)
        rows.append(
            Row(
                member=member,
                record=record,
                shares=scopes,
                last_engagement=getattr(record, "last_engagement", None),
                last_check_in=check_ins.get(pk),
                last_attendance=local_day(pk, attended[pk]) if pk in attended else None,
                next_follow_up=getattr(record, "next_follow_up", None),
                overdue_follow_ups=getattr(record, "overdue_follow_ups", 0),
                last_barc10=local_day(pk, barc10[pk]) if pk in barc10 else None,
                today=today,
                quiet_after=quiet_after,
                staff_id=staff.pk,
            )
        )
    return rows


def _records(
    staff: User, members: Mapping[int, object], today: datetime.date
) -> dict[int, CaseRecord]:
    """The members' records in the specialist's organization, by member id, with their intake
    day, last engagement, next open follow-up and how many open ones are overdue."""
    organizations = organizations_of(staff)
    if not organizations or not members:
        return {}
    engagements = Engagement.objects.filter(record=OuterRef("pk"))
    open_follow_ups = FollowUp.objects.filter(record=OuterRef("pk"), done_at__isnull=True)
    overdue = (
        open_follow_ups.filter(due_on__lt=today)
        .values("record")
        .annotate(n=Count("pk"))
        .values("n")
    )
    found = (
        CaseRecord.objects.filter(member_id__in=list(members), organization=organizations[0])
        .order_by()  # keyed by member below: no join to sort them by name
        .annotate(
            intake_on=F("intake__on"),
            last_engagement=Subquery(engagements.order_by("-on").values("on")[:1]),
            next_follow_up=Subquery(open_follow_ups.order_by("due_on").values("due_on")[:1]),
            overdue_follow_ups=Coalesce(Subquery(overdue), 0),
        )
    )
    return {record.member_id: record for record in found}


def shown_rows(rows: list[Row], *, show: str = "", sort: str = "name") -> list[Row]:
    """The rows one view of the table shows ("mine", "quiet", "follow_up", "reassign",
    "barc10", or everyone), in the order asked for (a leading "-" reverses it)."""
    keep = SHOWS.get(show)
    if keep is not None:
        rows = [r for r in rows if keep(r)]
    key = SORTS.get(sort.lstrip("-"), SORTS["name"])
    return sorted(rows, key=key, reverse=sort.startswith("-"))


def table_page(
    staff: User,
    *,
    show: str = "",
    sort: str = "name",
    number: int | str | None = 1,
    size: int = 25,
    sharing: list[tuple[User, list[str]]] | None = None,
    quiet_after: int | None = None,
) -> Page:
    """One page of a view of the table (`number` as a page link gives it; a bad one is the
    first or the last page). A view of everyone in name order needs nothing but names to place
    people, so only the people on the page are read in full; any other view reads everyone
    to filter and sort. The query count is the same either way."""
    if sharing is None:
        sharing = people_sharing_with(staff)
    if not show and sort.lstrip("-") == "name":
        by_name = sorted(
            sharing, key=lambda shared: str(shared[0].display_name).lower(), reverse=sort != "name"
        )
        page = Paginator(by_name, size).get_page(number)
        # The page's people, now read in full, in the same order.
        page.object_list = caseload(  # type: ignore[assignment]
            staff, sharing=list(page.object_list), quiet_after=quiet_after
        )
        return page
    rows = caseload(staff, sharing=sharing, quiet_after=quiet_after)
    return Paginator(shown_rows(rows, show=show, sort=sort), size).get_page(number)


# ---------------------------------------------------------------- the record


@transaction.atomic
def update_record(*, record: CaseRecord, pathway: str, ok_to_text: bool, ok_to_call: bool) -> None:
    record.pathway = pathway
    record.ok_to_text = ok_to_text
    record.ok_to_call = ok_to_call
    record.save(update_fields=["pathway", "ok_to_text", "ok_to_call"])


MAX_INTAKE_TEXT = 2000


def intake_of(record: CaseRecord) -> Intake | None:
    return Intake.objects.filter(record=record).first()


@transaction.atomic
def save_intake(
    *,
    record: CaseRecord,
    by: User,
    on: datetime.date,
    referral: str,
    referral_note: str = "",
    pathways: Iterable[str] = (),
    needs: Iterable[str] = (),
    help_wanted: str = "",
    contact_times: str = "",
) -> Intake:
    """Write or rewrite the record's intake (the comprehensive pathway's). Raises
    ValidationError naming the field: "pathway" when the record is on the brief pathway, a day
    in the future or more than five years ago, an unknown referral, pathway or life area, or
    words too long; nothing is saved then."""
    pathways, needs = list(pathways), list(needs)
    errors: dict[str, str] = {}
    if record.pathway != ServicePathway.COMPREHENSIVE:
        errors["pathway"] = _("An intake is for the comprehensive pathway: change it first.")
    today = by.local_today()
    if on > today:
        errors["on"] = _("That day has not come yet.")
    elif on < today - datetime.timedelta(days=5 * 366):
        errors["on"] = _("Give a day in the last five years.")
    if referral not in ReferralSource.values:
        errors["referral"] = _("Choose how they came to us.")
    if not set(pathways) <= set(Pathway.values):
        errors["pathways"] = _("Choose from the pathways listed.")
    if not set(needs) <= set(LifeArea.values):
        errors["needs"] = _("Choose from the areas listed.")
    texts = {
        "referral_note": referral_note,
        "help_wanted": help_wanted,
        "contact_times": contact_times,
    }
    for name, text in texts.items():
        if len(text) > MAX_INTAKE_TEXT:
            errors[name] = _("Keep this to %(n)s characters.") % {"n": MAX_INTAKE_TEXT}
    if errors:
        raise ValidationError(errors)
    intake, _created = Intake.objects.update_or_create(
        record=record,
        defaults={
            "on": on,
            "referral": referral,
            "pathways": [p for p in Pathway.values if p in pathways],
            "needs": [n for n in LifeArea.values if n in needs],
            "by": by,
            "updated_at": timezone.now(),
            **{name: text.strip() for name, text in texts.items()},
        },
    )
    return intake


@transaction.atomic
def record_engagement(
    *, record: CaseRecord, by: User, kind: str, on: datetime.date, minutes: int, note: str = ""
) -> Engagement:
    """Raises ValidationError naming the field for a day in the future, an unknown kind,
    minutes out of range or a note too long."""
    errors: dict[str, str] = {}
    if on > by.local_today():
        errors["on"] = _("That day has not come yet.")
    if not 1 <= minutes <= 480:
        errors["minutes"] = _("Give the minutes spent, from 1 to 480.")
    if len(note) > MAX_NOTE:
        errors["note"] = _("A note holds up to %(n)s characters.") % {"n": MAX_NOTE}
    if errors:
        raise ValidationError(errors)
    return Engagement.objects.create(
        record=record, kind=kind, on=on, minutes=minutes, note=note.strip(), by=by
    )


@transaction.atomic
def add_follow_up(
    *,
    record: CaseRecord,
    by: User,
    due_on: datetime.date,
    about: str,
    engagement: Engagement | None = None,
) -> FollowUp:
    """Raises ValidationError ("due_on") for a follow-up dated before the engagement it follows,
    or ("about") when it says nothing."""
    if engagement is not None and due_on < engagement.on:
        raise ValidationError(
            {
                "due_on": _("A follow-up comes after the engagement it follows (%(day)s).")
                % {"day": date_format(engagement.on, "j F Y")}
            }
        )
    if not about.strip():
        raise ValidationError({"about": _("Say in a few words what the follow-up is for.")})
    return FollowUp.objects.create(
        record=record, engagement=engagement, due_on=due_on, about=about.strip(), by=by
    )


@transaction.atomic
def complete_follow_up(*, follow_up: FollowUp) -> FollowUp:
    if follow_up.done_at is not None:
        raise ValidationError({"follow_up": _("This follow-up is already done.")})
    follow_up.done_at = timezone.now()
    follow_up.save(update_fields=["done_at"])
    return follow_up


# ---------------------------------------------------------------- BARC-10


def last_barc10(member: User) -> Administration | None:
    """The member's latest BARC-10 (a correction stands in for what it corrects). The caller
    checked that the reader may see the member's assessments (access.last_barc10_for)."""
    return Administration.objects.for_member(member).of(BARC10).current().first()


@transaction.atomic
def request_barc10(*, record: CaseRecord, by: User) -> CaseRecord:
    """Send the member a notice asking them to complete the BARC-10, linking to it. Once a day
    at most: raises ValidationError ("barc10") when asked already today."""
    today = by.local_today()
    if record.barc10_requested_on == today:
        raise ValidationError({"barc10": _("You asked them today already.")})
    member = record.member
    with translation.override(member.language):
        notify(
            user=member,
            kind="assessment_due",
            title=_("Your BARC-10 is ready when you are"),
            body=_(
                "%(name)s, your peer specialist, asks you to complete the BARC-10: ten "
                "questions about the strengths in your recovery. It takes a few minutes."
            )
            % {"name": by.display_name},
            url=reverse("assessments:take", args=[BARC10]),
            dedupe_key=f"caseload-barc10:{record.pk}:{today.isoformat()}",
        )
    record.barc10_requested_on = today
    record.save(update_fields=["barc10_requested_on"])
    return record


# ---------------------------------------------------------------- goals worked on together
#
# The member's own recovery goals (journey), changed through journey's services with the same
# rules as the member's own changes; journey records the peer specialist as the one who made
# each change and tells the member. The caller checked that the member shares their plans
# (access.access_member_goal and friends). A specialist reads only what the "plans" scope
# shares: a goal's words, area, progress, target date and its steps, never why it matters.


def _journey_errors(call, **kwargs):
    """A journey service's refusal as a ValidationError naming the field."""
    try:
        return call(**kwargs)
    except journey.JourneyError as error:
        raise ValidationError({error.field: error.message}) from None


def member_goals(member: User) -> list[RecoveryGoal]:
    return list(RecoveryGoal.objects.for_member(member).prefetch_related("steps"))


@transaction.atomic
def add_member_goal(
    *,
    member: User,
    by: User,
    domain: str,
    title: str,
    target_on: datetime.date | None = None,
    status: str = "not_started",
) -> RecoveryGoal:
    return _journey_errors(
        journey.add_goal,
        member=member,
        by=by,
        domain=domain,
        title=title,
        target_on=target_on,
        status=status,
    )


# What a peer specialist may change on a member's goal: what they can read of it.
GOAL_FIELDS = ("domain", "title", "target_on", "status")


@transaction.atomic
def update_member_goal(*, goal: RecoveryGoal, by: User, **changes: object) -> RecoveryGoal:
    """Raises ValidationError naming the field, also for one outside GOAL_FIELDS."""
    unknown = sorted(set(changes) - set(GOAL_FIELDS))
    if unknown:
        raise ValidationError({unknown[0]: _("This cannot be changed.")})
    return _journey_errors(journey.update_goal, goal=goal, by=by, **changes)


@transaction.atomic
def add_member_step(*, goal: RecoveryGoal, by: User, text: str) -> GoalStep:
    return _journey_errors(journey.add_step, goal=goal, by=by, text=text)


@transaction.atomic
def mark_member_step(*, step: GoalStep, by: User, done: bool) -> GoalStep:
    return journey.mark_step(step=step, by=by, done=done)


# ---------------------------------------------------------------- supervisors


@dataclass(frozen=True)
class Counts:
    people: int
    quiet: int
    follow_ups_overdue: int
    needs_reassignment: int
    barc10_due: int


def counts_of(rows: list[Row]) -> Counts:
    return Counts(
        people=len(rows),
        quiet=sum(r.is_quiet for r in rows),
        follow_ups_overdue=sum(r.overdue_follow_ups for r in rows),
        needs_reassignment=sum(r.needs_reassignment for r in rows),
        barc10_due=sum(r.barc10_due for r in rows),
    )


@dataclass(frozen=True)
class TeamMember:
    person: User
    counts: Counts


def team_caseloads(supervisor: User) -> list[TeamMember]:
    """Each peer specialist the person supervises now (training), with the counts of their
    caseload: numbers only, naming nobody on it. A handful of queries per supervisee."""
    from alongside.training.services import team_of

    return [
        TeamMember(person, counts_of(caseload(person)))
        for person in team_of(supervisor)
        if organizations_of(person)
    ]


# ---------------------------------------------------------------- reassignment


def flag_for_reassignment(*, staff: User, organization: Organization) -> int:
    """A peer specialist's role ended: their people in that organization need someone new.
    Returns how many were flagged (none is left without a person named to them unflagged)."""
    return CaseRecord.objects.filter(peer_specialist=staff, organization=organization).update(
        peer_specialist=None, needs_reassignment=True
    )


@transaction.atomic
def reassign(*, record: CaseRecord, to: User) -> CaseRecord:
    """Raises ValidationError ("to") when the person is not an active peer specialist of the
    record's organization."""
    if (
        not Membership.objects.active()
        .filter(user=to, organization=record.organization, role=Role.PEER_SPECIALIST)
        .exists()
    ):
        raise ValidationError({"to": _("Choose a peer specialist of this organization.")})
    record.peer_specialist = to
    record.needs_reassignment = False
    record.save(update_fields=["peer_specialist", "needs_reassignment"])
    return record

"""Adherence, as a care team reads it: appointments attended, medication taken (from the
member's check-ins, only by the "medication" scope), treatment plan objectives met, scheduled
assessments completed (only by the "assessments" scope).

Two readings. `summary` is one line per member for a counselor's lists (the client list, the
day view): the last 90 days, for many members in a fixed number of queries. `adherence_of` is
one member's page: month by month over the last six months, each measure a chart with the same
numbers as a table (alongside/lib/charts.py, as the journey's trends draw them).

Like the caseload table, the summary is read without writing the access log: it is a figure
per person on a list the counselor opens many times a day. Opening a member's page logs each
scope it reads (counseling/access.py)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.accounts.models import User
from alongside.assessments.models import Administration, AssessmentSchedule
from alongside.counseling.models import (
    AppointmentStatus,
    AttendanceStatus,
    Attendee,
    PlanStatus,
    PlanVersion,
)
from alongside.journey.models import CheckIn
from alongside.journey.trends import Chart
from alongside.lib import charts
from alongside.lib.instruments import INSTRUMENTS
from alongside.lib.instruments.due import Frequency, current_index, occurrence
from alongside.privacy import policy
from alongside.privacy.models import Scope

MONTHS = 6
SUMMARY_DAYS = 90
# A session that took place, or was due to: one the counselor called off, declined or that was
# only asked for says nothing of the member's attendance.
HELD = [AppointmentStatus.SCHEDULED, AppointmentStatus.COMPLETED]
COUNTED = [AttendanceStatus.ATTENDED, AttendanceStatus.NO_SHOW, AttendanceStatus.LATE_CANCEL]
MET = "met"  # an objective's status once reached (PlanVersion.content)


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class Attendance:
    attended: int = 0
    no_show: int = 0
    late_cancel: int = 0

    @property
    def counted(self) -> int:
        return self.attended + self.no_show + self.late_cancel

    @property
    def rate(self) -> int | None:
        return percent(self.attended, self.counted)

    @classmethod
    def of(cls, counts: Mapping[str, int]) -> Attendance:
        return cls(
            counts.get(AttendanceStatus.ATTENDED, 0),
            counts.get(AttendanceStatus.NO_SHOW, 0),
            counts.get(AttendanceStatus.LATE_CANCEL, 0),
        )


@dataclass(frozen=True)
class Ratio:
    """`done` of `of`: medication taken of the answers given, objectives met of all, scheduled
    assessments completed of those that came due."""

    done: int = 0
    of: int = 0

    @property
    def rate(self) -> int | None:
        return percent(self.done, self.of)

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.done + other.done, self.of + other.of)


@dataclass(frozen=True)
class Summary:
    """One member's adherence in a line. `medication` and `assessments` are None when the
    member does not share them with the reader."""

    member_id: int
    attendance: Attendance
    objectives: Ratio
    medication: Ratio | None = None
    assessments: Ratio | None = None

    def parts(self) -> list[str]:
        parts = [attendance_words(self.attendance)]
        if self.medication is not None:
            parts.append(medication_words(self.medication))
        parts.append(objective_words(self.objectives))
        if self.assessments is not None:
            parts.append(assessment_words(self.assessments))
        return parts

    @property
    def line(self) -> str:
        return "; ".join(self.parts())


def attendance_words(a: Attendance) -> str:
    if not a.counted:
        return _("no sessions")
    parts = [
        ngettext(
            "attended %(a)d of %(n)d session (%(r)d%%)",
            "attended %(a)d of %(n)d sessions (%(r)d%%)",
            a.counted,
        )
        % {"a": a.attended, "n": a.counted, "r": a.rate}
    ]
    if a.no_show:
        parts.append(ngettext("%(n)d no-show", "%(n)d no-shows", a.no_show) % {"n": a.no_show})
    if a.late_cancel:
        parts.append(
            ngettext("%(n)d late cancellation", "%(n)d late cancellations", a.late_cancel)
            % {"n": a.late_cancel}
        )
    return ", ".join(parts)


def medication_words(r: Ratio) -> str:
    if not r.of:
        return _("no medication answers")
    return ngettext(
        "medication taken %(t)d of %(n)d answer (%(r)d%%)",
        "medication taken %(t)d of %(n)d answers (%(r)d%%)",
        r.of,
    ) % {"t": r.done, "n": r.of, "r": r.rate}


def objective_words(r: Ratio) -> str:
    if not r.of:
        return _("no plan objectives yet")
    return ngettext(
        "%(m)d of %(n)d plan objective met",
        "%(m)d of %(n)d plan objectives met",
        r.of,
    ) % {"m": r.done, "n": r.of}


def assessment_words(r: Ratio) -> str:
    if not r.of:
        return _("no scheduled assessments due")
    return ngettext(
        "%(k)d of %(n)d scheduled assessment completed",
        "%(k)d of %(n)d scheduled assessments completed",
        r.of,
    ) % {"k": r.done, "n": r.of}


# ---------------------------------------------------------------- measures shared by both


def objectives_in(content: Mapping[str, Any]) -> Ratio:
    """Objectives met of all objectives in a plan version's content."""
    objectives = [
        objective
        for problem in content.get("problems") or []
        for goal in problem.get("goals") or []
        for objective in goal.get("objectives") or []
    ]
    return Ratio(sum(1 for o in objectives if o.get("status") == MET), len(objectives))


def occurrences(
    schedule: AssessmentSchedule, since: datetime.date, until: datetime.date
) -> list[tuple[datetime.date, datetime.date | None]]:
    """The schedule's occurrences that came due from `since` to `until` (the lib's own
    arithmetic, lib/instruments/due.py), each with the date the next one opens (None: never)."""
    frequency = Frequency(schedule.frequency)
    start = schedule.starts_on
    if until < start:
        return []
    found = []
    for n in range(current_index(start, frequency, until), -1, -1):
        on = occurrence(start, frequency, n)
        if on < since:
            break
        following = None if frequency == Frequency.ONCE else occurrence(start, frequency, n + 1)
        found.append((on, following))
    return found[::-1]


def kept(
    schedule: AssessmentSchedule,
    done_on: Sequence[datetime.date],
    since: datetime.date,
    until: datetime.date,
) -> list[tuple[datetime.date, bool]]:
    """Each occurrence from `since` to `until`, and whether the member completed the instrument
    before the next one opened (an occurrence is done once completed on or after its date)."""
    if schedule.ended_at is not None:
        until = min(until, schedule.ended_at.astimezone(schedule.member.zone).date())
    return [
        (on, any(on <= day and (following is None or day < following) for day in done_on))
        for on, following in occurrences(schedule, since, until)
    ]


def _schedules(member_ids: Iterable[int], since: datetime.datetime) -> QuerySet:
    """Schedules running now, or ended after `since`, of instruments the site knows."""
    return (
        AssessmentSchedule.objects.filter(member_id__in=list(member_ids))
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=since))
        .filter(instrument__in=list(INSTRUMENTS))
        .select_related("member")
    )


def _done_days(
    members: Mapping[int, User], since: datetime.datetime
) -> dict[tuple[int, str], list[datetime.date]]:
    """(member id, instrument) → the member's local days they completed it since `since`."""
    done: dict[tuple[int, str], list[datetime.date]] = defaultdict(list)
    rows = Administration.objects.filter(
        member_id__in=list(members), taken_at__gte=since
    ).values_list("member_id", "instrument", "taken_at")
    for member_id, instrument, taken_at in rows:
        done[member_id, instrument].append(taken_at.astimezone(members[member_id].zone).date())
    return done


def _latest_contents(member_ids: Iterable[int]) -> list[tuple[int, dict[str, Any]]]:
    """(member id, content) of the latest version of each of the members' plans that is not
    closed."""
    latest = PlanVersion.objects.filter(plan=OuterRef("plan")).order_by("-number").values("pk")[:1]
    return list(
        PlanVersion.objects.filter(plan__member_id__in=list(member_ids), pk=Subquery(latest))
        .exclude(plan__status=PlanStatus.CLOSED)
        .values_list("plan__member_id", "content")
    )


# ---------------------------------------------------------------- the summary


def summary(
    counselor: User, members: Iterable[User], *, now: datetime.datetime | None = None
) -> dict[int, Summary]:
    """Each member's adherence over the last 90 days (objectives: as their plans stand now), by
    member id, for those of `members` who share counseling with the counselor now (anyone else
    is left out). Medication and assessments only for members who share them too.

    A fixed number of queries however many members (six at most): who shares what, attendance,
    medication answers, plan versions, schedules and completed assessments."""
    now = now or timezone.now()
    shared = policy.scopes_shared_with(counselor)
    people = {m.pk: m for m in members if Scope.COUNSELING in shared.get(m.pk, [])}
    if not people:
        return {}
    since = now - datetime.timedelta(days=SUMMARY_DAYS)

    def sharing(scope: str) -> dict[int, User]:
        return {pk: m for pk, m in people.items() if scope in shared[pk]}

    attendance: dict[int, Counter[str]] = defaultdict(Counter)
    rows = (
        Attendee.objects.filter(
            member_id__in=list(people),
            appointment__starts_at__gte=since,
            appointment__starts_at__lt=now,
            appointment__status__in=HELD,
            status__in=COUNTED,
        )
        .values("member_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        attendance[row["member_id"]][row["status"]] = row["n"]

    objectives: dict[int, Ratio] = defaultdict(Ratio)
    for member_id, content in _latest_contents(people):
        objectives[member_id] += objectives_in(content)

    medication = _medication_totals(sharing(Scope.MEDICATION), since)
    assessments = _assessment_totals(sharing(Scope.ASSESSMENTS), since, now)
    return {
        pk: Summary(
            member_id=pk,
            attendance=Attendance.of(attendance[pk]),
            objectives=objectives[pk],
            medication=medication.get(pk),
            assessments=assessments.get(pk),
        )
        for pk in people
    }


def _medication_totals(people: Mapping[int, User], since: datetime.datetime) -> dict[int, Ratio]:
    """Medication answers (both questions of the check-in) taken of given, by member."""
    if not people:
        return {}
    found = {pk: Ratio() for pk in people}
    rows = (
        CheckIn.objects.filter(member_id__in=list(people), on__gte=since.date())
        .values("member_id")
        .annotate(
            taken=Count("id", filter=Q(took_medication=True))
            + Count("id", filter=Q(took_psychiatric_medication=True)),
            answered=Count("id", filter=Q(took_medication__isnull=False))
            + Count("id", filter=Q(took_psychiatric_medication__isnull=False)),
        )
        .order_by()
    )
    for row in rows:
        found[row["member_id"]] = Ratio(row["taken"], row["answered"])
    return found


def _assessment_totals(
    people: Mapping[int, User], since: datetime.datetime, now: datetime.datetime
) -> dict[int, Ratio]:
    """Scheduled assessments completed of those that came due, by member."""
    if not people:
        return {}
    found = {pk: Ratio() for pk in people}
    done = _done_days(people, since)
    for schedule in _schedules(people, since):
        zone = people[schedule.member_id].zone
        occurred = kept(
            schedule,
            done[schedule.member_id, schedule.instrument],
            since.astimezone(zone).date(),
            now.astimezone(zone).date(),
        )
        found[schedule.member_id] += Ratio(sum(1 for _on, k in occurred if k), len(occurred))
    return found


# ---------------------------------------------------------------- one member, month by month


@dataclass
class Measure:
    """One measure month by month, as a page shows it: a sentence for the whole period, a chart
    of the monthly rate, and the same numbers as a table (`rows`: the month, then each cell
    with its column's name)."""

    key: str
    heading: str
    sentence: str
    chart: Chart
    columns: list[str]
    rows: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)


@dataclass
class Adherence:
    """One member's adherence month by month (`months`: the first day of each), each measure a
    list in the same order; medication and assessments are None when not shared."""

    member_id: int
    months: list[datetime.date]
    attendance: list[Attendance]
    objectives: list[Ratio]
    medication: list[Ratio] | None = None
    assessments: list[Ratio] | None = None

    @property
    def summary(self) -> Summary:
        """The whole period: attendance, medication and assessments added up, objectives as
        the plans stand now."""
        return Summary(
            member_id=self.member_id,
            attendance=Attendance(
                sum(a.attended for a in self.attendance),
                sum(a.no_show for a in self.attendance),
                sum(a.late_cancel for a in self.attendance),
            ),
            objectives=self.objectives[-1],
            medication=sum(self.medication, Ratio()) if self.medication is not None else None,
            assessments=(sum(self.assessments, Ratio()) if self.assessments is not None else None),
        )

    def measures(self) -> list[Measure]:
        """Each measure as a page shows it, in the order of the summary."""
        total = self.summary
        period = {"n": len(self.months)}
        found = [
            _measure(
                "attendance",
                _("Appointments attended"),
                _("Over the last %(n)d months: %(words)s.")
                % (period | {"words": attendance_words(total.attendance)}),
                _("Share of sessions attended each month, in per cent"),
                [_("Attended"), _("No-show"), _("Cancelled late"), _("Attended (rate)")],
                self.months,
                [(a.rate, [a.attended, a.no_show, a.late_cancel]) for a in self.attendance],
            )
        ]
        if self.medication is not None and total.medication is not None:
            found.append(
                _ratio_measure(
                    "medication",
                    _("Medication taken, from check-ins"),
                    _("Over the last %(n)d months: %(words)s.")
                    % (period | {"words": medication_words(total.medication)}),
                    _("Share of medication answers saying it was taken, each month, in per cent"),
                    [_("Taken"), _("Answers"), _("Taken (rate)")],
                    self.months,
                    self.medication,
                )
            )
        found.append(
            _ratio_measure(
                "objectives",
                _("Treatment plan objectives met"),
                _("Now: %(words)s.") % {"words": objective_words(total.objectives)},
                _("Share of plan objectives met at the end of each month, in per cent"),
                [_("Met"), _("Objectives"), _("Met (rate)")],
                self.months,
                self.objectives,
            )
        )
        if self.assessments is not None and total.assessments is not None:
            found.append(
                _ratio_measure(
                    "assessments",
                    _("Scheduled assessments completed"),
                    _("Over the last %(n)d months: %(words)s.")
                    % (period | {"words": assessment_words(total.assessments)}),
                    _(
                        "Share of scheduled assessments completed, by the month they came due, "
                        "in per cent"
                    ),
                    [_("Completed"), _("Came due"), _("Completed (rate)")],
                    self.months,
                    self.assessments,
                )
            )
        return found


def _rate_text(rate: int | None) -> str:
    return "—" if rate is None else f"{rate}%"


def _measure(
    key: str,
    heading: str,
    sentence: str,
    title: str,
    columns: list[str],
    months: list[datetime.date],
    monthly: list[tuple[int | None, list[int]]],
) -> Measure:
    """A measure whose chart is each month's rate (0 to 100 %), the chart's description saying
    each month's figure in words, and whose table has each month's counts and rate."""
    names = [date_format(m, "YEAR_MONTH_FORMAT") for m in months]
    rates = [rate for rate, _counts in monthly]
    desc = "; ".join(
        f"{name}: {_('none') if rate is None else _rate_text(rate)}"
        for name, rate in zip(names, rates, strict=True)
    )
    geometry = charts.build_chart(
        list(zip(months, rates, strict=True)),
        low=0,
        high=100,
        ticks=[0, 25, 50, 75, 100],
        x_labels=len(months),
        date_label=lambda day: date_format(day, "M"),
    )
    return Measure(
        key=key,
        heading=heading,
        sentence=sentence,
        chart=Chart(key=key, caption="", title=title, desc=desc, geometry=geometry),
        columns=columns,
        rows=[
            (name, list(zip(columns, [str(c) for c in counts] + [_rate_text(rate)], strict=True)))
            for name, (rate, counts) in zip(names, monthly, strict=True)
        ],
    )


def _ratio_measure(
    key: str,
    heading: str,
    sentence: str,
    title: str,
    columns: list[str],
    months: list[datetime.date],
    monthly: list[Ratio],
) -> Measure:
    return _measure(
        key, heading, sentence, title, columns, months, [(r.rate, [r.done, r.of]) for r in monthly]
    )


def month_starts(today: datetime.date, months: int = MONTHS) -> list[datetime.date]:
    """The first day of each of the last `months` months, this one last."""
    firsts = []
    year, month = today.year, today.month
    for _i in range(months):
        firsts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1)


def adherence_of(
    member: User,
    *,
    medication: QuerySet[CheckIn] | None,
    assessments: bool,
    now: datetime.datetime | None = None,
    months: int = MONTHS,
) -> Adherence:
    """The member's adherence over the last `months` months, month by month in their time
    zone. `medication` is their medication answers when shared with the reader (the journey's
    access gives them), `assessments` whether their assessments are; each is left out
    otherwise. The caller reached the member through counseling/access.py."""
    now = now or timezone.now()
    zone = member.zone
    firsts = month_starts(now.astimezone(zone).date(), months)
    since = datetime.datetime.combine(firsts[0], datetime.time(), tzinfo=zone)
    return Adherence(
        member_id=member.pk,
        months=firsts,
        attendance=_monthly_attendance(member, firsts, since, now),
        objectives=_monthly_objectives(member, firsts, now),
        medication=_monthly_medication(firsts, medication) if medication is not None else None,
        assessments=_monthly_assessments(member, firsts, since, now) if assessments else None,
    )


def _monthly_attendance(
    member: User, firsts: list[datetime.date], since: datetime.datetime, now: datetime.datetime
) -> list[Attendance]:
    by_month: dict[datetime.date, Counter[str]] = defaultdict(Counter)
    places = Attendee.objects.filter(
        member=member,
        appointment__starts_at__gte=since,
        appointment__starts_at__lt=now,
        appointment__status__in=HELD,
        status__in=COUNTED,
    ).values_list("appointment__starts_at", "status")
    for starts_at, status in places:
        by_month[month_of(starts_at.astimezone(member.zone).date())][status] += 1
    return [Attendance.of(by_month.get(m, Counter())) for m in firsts]


def _monthly_medication(firsts: list[datetime.date], answers: QuerySet[CheckIn]) -> list[Ratio]:
    """Both medication questions of the check-in: taken of answered, by month."""
    monthly: dict[datetime.date, Ratio] = defaultdict(Ratio)
    rows = answers.filter(on__gte=firsts[0]).values_list(
        "on", "took_medication", "took_psychiatric_medication"
    )
    for on, took, took_psychiatric in rows:
        for answer in (took, took_psychiatric):
            if answer is not None:
                monthly[month_of(on)] += Ratio(int(answer), 1)
    return [monthly.get(m, Ratio()) for m in firsts]


def _monthly_objectives(
    member: User, firsts: list[datetime.date], now: datetime.datetime
) -> list[Ratio]:
    """Objectives met as the plans stood at the end of each month (each plan's latest version
    written by then; plans closed since are left out); this month: as they stand now."""
    versions = list(
        PlanVersion.objects.filter(plan__member=member)
        .exclude(plan__status=PlanStatus.CLOSED)
        .order_by("plan_id", "number")
        .only("plan", "number", "written_at", "content")
    )

    def standing(until: datetime.datetime) -> Ratio:
        latest: dict[int, PlanVersion] = {}
        for version in versions:
            if version.written_at <= until:
                latest[version.plan_id] = version
        return sum((objectives_in(v.content) for v in latest.values()), Ratio())

    ends = [
        min(now, datetime.datetime.combine(_next_month(m), datetime.time(), tzinfo=member.zone))
        for m in firsts
    ]
    return [standing(end) for end in ends]


def _monthly_assessments(
    member: User, firsts: list[datetime.date], since: datetime.datetime, now: datetime.datetime
) -> list[Ratio]:
    """Scheduled assessments completed of those that came due, by the month they came due."""
    people = {member.pk: member}
    done = _done_days(people, since)
    monthly: dict[datetime.date, Ratio] = defaultdict(Ratio)
    today = now.astimezone(member.zone).date()
    for schedule in _schedules(people, since):
        occurred = kept(schedule, done[member.pk, schedule.instrument], firsts[0], today)
        for on, completed in occurred:
            monthly[month_of(on)] += Ratio(int(completed), 1)
    return [monthly.get(m, Ratio()) for m in firsts]

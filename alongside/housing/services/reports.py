"""The weekly compliance report of a house, Monday to Sunday in the house's own time zone:
occupancy, late curfew sign-ins, chores, house meeting attendance, drug tests, incidents and
balances outstanding. Counts only, naming nobody; drug tests count only the residents who share
"housing" with the person reading it."""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.housing.access import shares_housing
from alongside.housing.models import (
    AttendanceMark,
    BedStatus,
    ChoreAssignment,
    DrugTest,
    House,
    HouseMeetingAttendance,
    Incident,
    SignDirection,
    SignLog,
    Stay,
    StayStatus,
    TestResult,
)
from alongside.housing.services.chores import monday_of
from alongside.housing.services.ledger import balance
from alongside.housing.services.stays import house_zone


@dataclass
class WeekReport:
    house: House
    monday: datetime.date
    sunday: datetime.date
    beds_in_service: int = 0
    residents: int = 0  # people who lived there on any day of the week
    bed_nights: int = 0
    bed_nights_available: int = 0
    sign_ins: int = 0
    sign_ins_late: int = 0
    chores_assigned: int = 0
    chores_done: int = 0
    chores_checked: int = 0
    house_meetings: int = 0
    attendance: dict[str, int] = field(default_factory=dict)
    drug_tests: int = 0
    results: dict[str, int] = field(default_factory=dict)
    incidents_opened: int = 0
    incidents_closed: int = 0
    residents_owing: int = 0
    outstanding: Decimal = Decimal("0.00")

    @property
    def occupancy_percent(self) -> int | None:
        if not self.bed_nights_available:
            return None
        return round(100 * self.bed_nights / self.bed_nights_available)

    def rows(self) -> list[tuple[str, str, str]]:
        """(section, measure, value), the CSV's lines and the page's tables."""
        occupancy = self.occupancy_percent
        rows = [
            (_("Occupancy"), _("Beds in service"), str(self.beds_in_service)),
            (_("Occupancy"), _("Residents during the week"), str(self.residents)),
            (_("Occupancy"), _("Bed-nights occupied"), str(self.bed_nights)),
            (_("Occupancy"), _("Bed-nights available"), str(self.bed_nights_available)),
            (_("Occupancy"), _("Occupancy, percent"), "" if occupancy is None else str(occupancy)),
            (_("Curfew"), _("Sign-ins"), str(self.sign_ins)),
            (_("Curfew"), _("Sign-ins after curfew"), str(self.sign_ins_late)),
            (_("Chores"), _("Assigned"), str(self.chores_assigned)),
            (_("Chores"), _("Done"), str(self.chores_done)),
            (_("Chores"), _("Checked by a manager"), str(self.chores_checked)),
            (_("House meetings"), _("Meetings held"), str(self.house_meetings)),
        ]
        rows += [
            (
                _("House meetings"),
                str(AttendanceMark(mark).label),
                str(self.attendance.get(mark, 0)),
            )
            for mark in AttendanceMark.values
        ]
        rows.append((_("Drug tests"), _("Tests taken"), str(self.drug_tests)))
        rows += [
            (_("Drug tests"), str(TestResult(value).label), str(self.results.get(value, 0)))
            for value in TestResult.values
        ]
        rows += [
            (_("Incidents"), _("Opened"), str(self.incidents_opened)),
            (_("Incidents"), _("Closed"), str(self.incidents_closed)),
            (_("Fees"), _("Residents owing at the end of the week"), str(self.residents_owing)),
            (_("Fees"), _("Total outstanding"), f"{self.outstanding:.2f}"),
        ]
        return rows


def week_bounds(house: House, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The week holding `day`: from Monday 00:00 to the next Monday 00:00, in the house's zone."""
    zone = house_zone(house)
    monday = monday_of(day)
    start = datetime.datetime.combine(monday, datetime.time(0), tzinfo=zone)
    end = datetime.datetime.combine(
        monday + datetime.timedelta(days=7), datetime.time(0), tzinfo=zone
    )
    return start, end


def weekly_report(*, viewer: User, house: House, day: datetime.date) -> WeekReport:
    """The report of the week holding `day`. The caller fetched the house through
    access.access_house; drug tests count only residents who share "housing" with the viewer."""
    monday = monday_of(day)
    sunday = monday + datetime.timedelta(days=6)
    start, end = week_bounds(house, monday)
    report = WeekReport(house, monday, sunday)
    report.beds_in_service = house.beds.filter(status=BedStatus.AVAILABLE).count()
    report.bed_nights_available = report.beds_in_service * 7
    stays = list(
        Stay.objects.filter(
            house=house,
            status__in=(StayStatus.CURRENT, StayStatus.ENDED),
            move_in_on__lte=sunday,
        )
        .filter(Q(move_out_on__isnull=True) | Q(move_out_on__gte=monday))
        .select_related("resident")
    )
    report.residents = len(stays)
    for stay in stays:
        first = max(stay.move_in_on or monday, monday)
        # A night is slept on the day of arrival, not on the day of leaving.
        last = (
            min(stay.move_out_on - datetime.timedelta(days=1), sunday)
            if stay.move_out_on
            else sunday
        )
        report.bed_nights += max((last - first).days + 1, 0)
    sign_ins = SignLog.objects.filter(
        stay__house=house, direction=SignDirection.IN, at__gte=start, at__lt=end
    )
    report.sign_ins = sign_ins.count()
    report.sign_ins_late = sign_ins.filter(after_curfew=True).count()
    chores = ChoreAssignment.objects.filter(chore__house=house, week_of=monday)
    report.chores_assigned = chores.count()
    report.chores_done = chores.filter(done_at__isnull=False).count()
    report.chores_checked = chores.filter(checked_at__isnull=False).count()
    report.house_meetings = house.meetings.filter(held_at__gte=start, held_at__lt=end).count()
    marks = HouseMeetingAttendance.objects.filter(
        meeting__house=house, meeting__held_at__gte=start, meeting__held_at__lt=end
    )
    report.attendance = dict(Counter(m.mark for m in marks))
    sharing = {
        s.pk
        for s in Stay.objects.filter(house=house, drug_tests__taken_on__range=(monday, sunday))
        .distinct()
        .select_related("resident")
        if shares_housing(viewer, s.resident)
    }
    tests = list(DrugTest.objects.filter(stay_id__in=sharing, taken_on__range=(monday, sunday)))
    report.drug_tests = len(tests)
    report.results = dict(Counter(t.result for t in tests))
    incidents = Incident.objects.filter(house=house)
    report.incidents_opened = incidents.filter(occurred_at__gte=start, occurred_at__lt=end).count()
    report.incidents_closed = incidents.filter(closed_at__gte=start, closed_at__lt=end).count()
    for stay in stays:
        owed = balance(stay, until=sunday)
        if owed > 0:
            report.residents_owing += 1
            report.outstanding += owed
    return report


def _cell(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def report_csv(report: WeekReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("house"), _("week"), _("section"), _("measure"), _("value")])
    week = f"{report.monday.isoformat()}/{report.sunday.isoformat()}"
    for section, measure, value in report.rows():
        writer.writerow([_cell(report.house.name), week, section, measure, value])
    return out.getvalue()

"""JSON shapes of the life of a house: curfew, chores, drug tests, house meetings, incidents,
fees and the weekly report. Times are aware (with an offset); days are YYYY-MM-DD."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, Field

from alongside.housing.models import (
    AttendanceMark,
    IncidentKind,
    LedgerKind,
    SignDirection,
    TestReason,
    TestResult,
)
from alongside.housing.schemas.houses import PersonShownOut
from alongside.schemas import Day, Id, QuerySchema, RequestSchema, Text

ZONED = "A time with its offset, like 2026-12-05T21:30:00-06:00"


def _sensible_year(value: datetime.date) -> datetime.date:
    # A house's records are of this era; far years would overflow the week arithmetic.
    if not 1900 <= value.year <= 2200:
        raise ValueError("Give a day between the years 1900 and 2200.")
    return value


Moment = Annotated[AwareDatetime, AfterValidator(_sensible_year), Field(description=ZONED)]
HouseDay = Annotated[datetime.date, AfterValidator(_sensible_year)]


# ---------------------------------------------------------------- curfew


class SignOutIn(RequestSchema):
    destination: Text = Field("", max_length=120, description="Where to (optional)")
    expected_back_at: Moment | None = None
    at: Moment | None = Field(None, description="When they left (now when omitted)")


class SignInIn(RequestSchema):
    at: Moment | None = Field(None, description="When they came back (now when omitted)")


class SignEntryOut(Schema):
    id: int
    stay_id: int
    direction: SignDirection
    at: datetime.datetime
    destination: str
    expected_back_at: datetime.datetime | None
    after_curfew: bool


class OutNowOut(Schema):
    resident: PersonShownOut
    stay_id: int
    since: datetime.datetime
    destination: str
    expected_back_at: datetime.datetime | None
    overdue: bool


class CurfewBoardOut(Schema):
    curfew: datetime.time | None
    time_zone: str
    out: list[OutNowOut]
    late: list[SignEntryOut]
    log: list[SignEntryOut]
    residents_not_sharing: int


# ---------------------------------------------------------------- chores


class ChoreIn(RequestSchema):
    name: Text = Field(min_length=1, max_length=100)
    difficulty: int = Field(1, ge=1, le=5, description="Effort from 1 (light) to 5 (heavy)")


class ChorePatch(RequestSchema):
    name: Text | None = Field(None, min_length=1, max_length=100)
    difficulty: int | None = Field(None, ge=1, le=5)
    is_active: bool | None = None


class ChoreOut(Schema):
    id: int
    name: str
    difficulty: int
    is_active: bool


class RotaIn(RequestSchema):
    week_of: HouseDay | None = Field(None, description="A day of the week (this week when omitted)")


class WeekParams(QuerySchema):
    week: Annotated[Day, AfterValidator(_sensible_year)] | None = Field(
        None, description="A day of the week, YYYY-MM-DD (this week when omitted)"
    )


class AssignmentOut(Schema):
    id: int
    chore: ChoreOut
    week_of: datetime.date
    stay_id: int | None = Field(description="Null for a resident who does not share with you")
    resident: PersonShownOut | None
    done_at: datetime.datetime | None
    checked_at: datetime.datetime | None


class ChoreRotaOut(Schema):
    week_of: datetime.date
    assignments: list[AssignmentOut]


# ---------------------------------------------------------------- drug tests


class DrugTestIn(RequestSchema):
    stay_id: Id = Field(description="The stay of a resident living in the house now")
    taken_on: HouseDay
    reason: TestReason = TestReason.SCHEDULED
    result: TestResult
    substances: Text = Field("", max_length=500)
    note: Text = Field("", max_length=1000)


class DrugTestOut(Schema):
    id: int
    stay_id: int
    resident: PersonShownOut
    taken_on: datetime.date
    reason: TestReason
    result: str
    result_words: str
    substances: str
    note: str


class DrawIn(RequestSchema):
    count: int = Field(ge=1, le=100)
    seed: Text = Field("", max_length=64, description="To re-run a draw; fresh when omitted")


class DrawOut(Schema):
    id: int
    drawn_at: datetime.datetime
    seed: str
    count: int
    pool: list[int] = Field(description="Stay ids drawn from, in order")
    chosen: list[int] = Field(description="Stay ids drawn, in the order drawn")


class DrugTestsOut(Schema):
    tests: list[DrugTestOut]
    draws: list[DrawOut]


# ---------------------------------------------------------------- house meetings


class MarkIn(Schema):
    stay_id: Id
    mark: AttendanceMark


class HouseMeetingIn(RequestSchema):
    held_at: Moment
    minutes: Text = Field("", max_length=20_000)
    attendance: list[MarkIn] = Field(default_factory=list, max_length=100)


class MarkOut(Schema):
    stay_id: int
    resident: PersonShownOut
    mark: AttendanceMark


class HouseMeetingOut(Schema):
    id: int
    held_at: datetime.datetime
    minutes: str
    attendance: list[MarkOut]
    residents_not_sharing: int


class HouseMeetingBriefOut(Schema):
    id: int
    held_at: datetime.datetime


# ---------------------------------------------------------------- incidents


class IncidentIn(RequestSchema):
    kind: IncidentKind
    occurred_at: Moment
    description: Text = Field(min_length=1, max_length=5000)
    stay_id: Id | None = None
    follow_up_due_on: HouseDay | None = None


class CloseIncidentIn(RequestSchema):
    follow_up: Text = Field(min_length=1, max_length=5000)


class IncidentOut(Schema):
    id: int
    kind: IncidentKind
    occurred_at: datetime.datetime
    description: str
    resident: PersonShownOut | None = Field(description="Only a resident who shares with you")
    follow_up_due_on: datetime.date | None
    follow_up: str
    closed_at: datetime.datetime | None
    overdue: bool


class IncidentsOut(Schema):
    overdue: list[IncidentOut]
    incidents: list[IncidentOut]


# ---------------------------------------------------------------- fees


class LedgerEntryIn(RequestSchema):
    stay_id: Id
    kind: LedgerKind
    amount: Decimal = Field(gt=0, max_digits=8, decimal_places=2)
    on: HouseDay
    description: Text = Field("", max_length=200)


class LedgerEntryOut(Schema):
    id: int
    stay_id: int
    kind: LedgerKind
    amount: Decimal
    on: datetime.date
    description: str


class BalanceOut(Schema):
    stay_id: int
    resident: PersonShownOut
    balance: Decimal


class LedgerOut(Schema):
    balances: list[BalanceOut]
    entries: list[LedgerEntryOut]


# ---------------------------------------------------------------- the report and the resident


class ReportRowOut(Schema):
    section: str
    measure: str
    value: str


class WeekReportOut(Schema):
    house_id: int
    week_of: datetime.date
    through: datetime.date
    time_zone: str
    rows: list[ReportRowOut]


class MyChoreOut(Schema):
    id: int
    chore: str
    difficulty: int
    week_of: datetime.date
    done_at: datetime.datetime | None
    checked_at: datetime.datetime | None


class MyHouseLifeOut(Schema):
    is_out: bool
    curfew: datetime.time | None
    time_zone: str
    sign_log: list[SignEntryOut]
    chores: list[MyChoreOut]
    drug_tests: list[DrugTestOut]
    balance: Decimal
    ledger: list[LedgerEntryOut]

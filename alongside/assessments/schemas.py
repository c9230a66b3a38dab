from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from alongside.privacy.models import Scope
from alongside.privacy.schemas import shared_schema
from alongside.resources.schemas import CrisisLineOut
from alongside.schemas import Id, RequestSchema

Answer = int | str | bool | None


class InstrumentSummaryOut(Schema):
    key: str
    name: str
    title: str
    purpose: str


class OptionOut(Schema):
    value: int | str
    label: str
    code: int | None = Field(
        description="The points this answer scores; null for an answer that scores nothing (a context item such as AUDIT-C's choice of cut-off)"
    )


class SkipOut(Schema):
    item: str
    equals: int


class ItemOut(Schema):
    key: str
    label: str
    text: str = Field(
        description="The organization's licensed wording if it set one, else the default"
    )
    kind: str = Field(
        description='choice (one of the options) or days (a count from 0 to 30, or a category of the paper form: "1-3", "4-8", "9-15", "16-30")'
    )
    options: list[OptionOut]
    scored: bool
    required: bool
    skip_when: SkipOut | None = Field(
        description="Skipped, and scored 0, when this item's answer equals the value"
    )
    context: bool = Field(
        description="A scoring input, not a question about the person (AUDIT-C's cut-off)"
    )
    default: int | str | None
    help: str
    group: str
    paraphrased: bool


class BandOut(Schema):
    low: int
    high: int
    key: str
    label: str
    action: str


class CutOffOut(Schema):
    value: int
    key: str
    label: str
    kind: str
    at_or_below: bool
    subscale: str
    when: dict[str, list[str]]
    evidence: str


class ItemFlagOut(Schema):
    item: str
    at_least: int
    key: str
    label: str
    kind: str
    evidence: str


class SubscaleOut(Schema):
    key: str
    label: str
    items: list[str]
    low: int
    high: int
    direction: str


class NoteOut(Schema):
    text: str
    evidence: str = Field(
        description="verified, secondary, or unverified (implemented as recorded, not confirmed)"
    )


class LicenceOut(Schema):
    text: str
    wording_free: bool
    evidence: str


class DayBinOut(Schema):
    low: int
    high: int
    code: int


class InstrumentOut(Schema):
    key: str
    name: str
    title: str
    purpose: str
    period: str
    stem: str
    version: str
    has_total: bool
    total_label: str
    total_range: list[int] | None
    items: list[ItemOut]
    day_bins: list[DayBinOut]
    bands: list[BandOut]
    cutoffs: list[CutOffOut]
    item_flags: list[ItemFlagOut]
    subscales: list[SubscaleOut]
    notes: list[NoteOut]
    follow_up: list[str]
    citation: str
    licence: LicenceOut


class AnswersIn(RequestSchema):
    answers: dict[str, Answer] = Field(
        description='Item key → answer: an option value (e.g. 2, "yes") or, for days items, a count 0–30. Skipped items may be left out.'
    )


class BandResultOut(Schema):
    key: str
    label: str
    low: int
    high: int
    action: str


class FlagOut(Schema):
    key: str
    label: str
    kind: str = Field(description="safety, concern, strength or screen")
    evidence: str
    subscale: str
    urgent: bool


class SubscaleResultOut(Schema):
    key: str
    label: str
    score: int
    low: int
    high: int
    direction: str
    flags: list[FlagOut]


class ScoreOut(Schema):
    instrument: str
    version: str
    total: int | None = Field(description="None for the BAM, which has no validated total")
    total_range: list[int] | None
    band: BandResultOut | None
    subscales: list[SubscaleResultOut]
    flags: list[FlagOut]
    item_scores: dict[str, int]
    skipped: list[str]
    notes: list[NoteOut]


class ScoredOut(ScoreOut):
    answers: dict[str, int | str] = Field(description="The answers as scored (normalised)")


class AdministrationIn(AnswersIn):
    instrument: str = Field(max_length=20)
    corrects_id: Id | None = Field(None, description="The administration this one corrects")
    correction_reason: str = Field("", max_length=300)


class AcknowledgementOut(Schema):
    acknowledged_at: datetime.datetime
    acknowledged_by: str | None = Field(description="Who followed it up (None once erased)")
    note: str = Field(description="What they did, in their words")


class AcknowledgementIn(Schema):
    note: str = Field(max_length=1000, description="How you followed the alert up")


class SafetyOut(Schema):
    message: str
    crisis_lines: list[CrisisLineOut]
    help_url: str
    safety_plan_url: str = Field(
        description="The member's own safety plan for the member; for anyone else, the member's "
        "plans page while they share plans with you, else empty"
    )
    notified: list[str] = Field(
        description="Care-team members told at once (they hold the assessments consent)"
    )
    acknowledgement: AcknowledgementOut | None = Field(
        description="A care-team member's follow-up, once someone has marked it"
    )


class AdministrationOut(Schema):
    id: int
    member_id: int
    instrument: str
    instrument_version: str
    mode: str = Field(description="self, or staff (completed with a staff member)")
    administered_by: str | None
    taken_at: datetime.datetime
    submitted_at: datetime.datetime
    answers: dict[str, int | str]
    result: ScoreOut
    corrects_id: int | None
    correction_reason: str
    corrected_by_id: int | None
    safety: SafetyOut | None


class DueStateOut(Schema):
    is_due: bool
    due_since: datetime.date | None
    next_on: datetime.date | None


class AssessmentScheduleIn(RequestSchema):
    instrument: str = Field(max_length=20)
    frequency: str = Field(description="once, weekly, fortnightly, monthly or every_90_days")
    starts_on: datetime.date


class AssessmentScheduleOut(Schema):
    id: int
    member_id: int
    instrument: str
    frequency: str
    starts_on: datetime.date
    organization: str | None
    set_by: str
    created_at: datetime.datetime
    ended_at: datetime.datetime | None
    due: DueStateOut | None


class DueOut(Schema):
    schedule_id: int
    instrument: str
    name: str
    is_due: bool
    due_since: datetime.date | None
    next_on: datetime.date | None
    last_done_on: datetime.date | None


class TrendPointOut(Schema):
    administration_id: int
    on: datetime.date
    value: int
    band: str


class CutLineOut(Schema):
    value: int
    label: str


class TrendSeriesOut(Schema):
    key: str
    label: str
    low: int
    high: int
    bands: list[BandOut]
    cutoffs: list[CutLineOut]
    points: list[TrendPointOut]


class ChangeOut(Schema):
    intake_on: datetime.date
    intake: int
    latest_on: datetime.date
    latest: int
    difference: int


class AssessmentTrendOut(Schema):
    instrument: str
    series: list[TrendSeriesOut]
    change_from_intake: ChangeOut | None


# What someone the member shares assessments with reads: exactly the registry's fields.
SharedResultOut = shared_schema(
    "SharedResultOut",
    Scope.ASSESSMENTS,
    "results",
    {
        "id": int,
        "instrument": str,
        "taken_at": datetime.datetime,
        "administered_by": str | None,
        "total": int | None,
        "band": BandResultOut | None,
        "subscales": list[SubscaleResultOut],
        "flags": list[FlagOut],
        "answers": dict[str, int | str],
        "correction_reason": str,
    },
)

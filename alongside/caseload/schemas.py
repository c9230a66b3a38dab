"""JSON shapes of the caseload API."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field

from alongside.accounts.models import Pathway
from alongside.caseload.models import EngagementKind, LifeArea, ReferralSource, ServicePathway
from alongside.journey.models import Domain, GoalStatus
from alongside.schemas import Omittable, RequestSchema, Text


class CaseRowOut(Schema):
    member_id: int
    display_name: str
    shares: list[str]
    pathway: str | None
    ok_to_text: bool
    ok_to_call: bool
    needs_reassignment: bool
    assigned_to_you: bool = Field(description="Their record names you as their peer specialist")
    last_contact: datetime.date | None
    next_follow_up: datetime.date | None
    follow_ups_overdue: int
    gone_quiet: bool
    last_barc10_on: datetime.date | None = Field(
        description="Their latest BARC-10 day; null when none, or when they do not share assessments"
    )
    barc10_due_on: datetime.date | None = Field(
        description="When the next BARC-10 is due (comprehensive pathway, assessments shared)"
    )
    barc10_due: bool


class EngagementOut(Schema):
    id: int
    kind: str
    on: datetime.date
    minutes: int
    note: str
    by: str | None


class FollowUpOut(Schema):
    id: int
    due_on: datetime.date
    about: str
    done_at: datetime.datetime | None


class IntakeOut(Schema):
    on: datetime.date
    referral: ReferralSource
    referral_note: str
    pathways: list[Pathway]
    needs: list[LifeArea]
    help_wanted: str
    contact_times: str


class CaseRecordOut(Schema):
    member_id: int
    display_name: str
    organization: str
    pathway: str
    ok_to_text: bool
    ok_to_call: bool
    needs_reassignment: bool
    intake: IntakeOut | None
    barc10_requested_on: datetime.date | None
    engagements: list[EngagementOut]
    follow_ups: list[FollowUpOut]


class IntakeIn(RequestSchema):
    on: datetime.date
    referral: ReferralSource
    referral_note: Text = Field("", max_length=2000)
    pathways: list[Pathway] = Field(default_factory=list, max_length=len(Pathway))
    needs: list[LifeArea] = Field(default_factory=list, max_length=len(LifeArea))
    help_wanted: Text = Field("", max_length=2000)
    contact_times: Text = Field("", max_length=2000)


class Barc10Out(Schema):
    shared: bool = Field(description="Whether they share their assessments with you")
    last_score: int | None
    last_on: datetime.date | None
    due_on: datetime.date | None
    requested_on: datetime.date | None


class SettingsOut(Schema):
    quiet_after_days: int


class SettingsIn(RequestSchema):
    quiet_after_days: int = Field(ge=-(2**31), le=2**31)


class MemberStepOut(Schema):
    id: int
    text: str
    done: bool


class MemberGoalOut(Schema):
    """What a "plans" grantee reads of a goal (never why it matters to them)."""

    id: int
    title: str
    domain: Domain
    status: GoalStatus
    target_on: datetime.date | None
    steps: list[MemberStepOut]


class MemberGoalIn(RequestSchema):
    domain: Domain
    title: Text = Field(max_length=300)
    target_on: datetime.date | None = None
    status: GoalStatus = GoalStatus.NOT_STARTED


class MemberGoalPatch(RequestSchema):
    """Only the fields sent change; only the target date may be null (none)."""

    domain: Domain = Omittable()
    title: Text = Omittable(max_length=300)
    target_on: datetime.date | None = None
    status: GoalStatus = Omittable()


class MemberStepIn(RequestSchema):
    text: Text = Field(max_length=300)


class MemberStepPatch(RequestSchema):
    done: bool


class TeamCountsOut(Schema):
    people: int
    quiet: int
    follow_ups_overdue: int
    needs_reassignment: int
    barc10_due: int


class TeamCaseloadCountsOut(Schema):
    supervisee_id: int
    display_name: str
    counts: TeamCountsOut


class TeamCaseloadOut(Schema):
    supervisee_id: int
    display_name: str
    counts: TeamCountsOut
    named: list[CaseRowOut] = Field(
        description="Only the people who also share with you, with what they share with you both"
    )


class CaseRecordIn(RequestSchema):
    pathway: ServicePathway
    ok_to_text: bool
    ok_to_call: bool


class EngagementIn(RequestSchema):
    kind: EngagementKind
    on: datetime.date
    minutes: int = Field(15, ge=1, le=480)
    note: Text = Field("", max_length=4000)


class FollowUpIn(RequestSchema):
    due_on: datetime.date
    about: Text = Field(min_length=1, max_length=200)
    engagement_id: int | None = Field(None, ge=1, le=2**63 - 1)

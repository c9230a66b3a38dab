"""JSON shapes of the support outcomes API: de-identified figures only (no member's name,
date or value), the same as the pages show."""

from __future__ import annotations

from ninja import Schema


class OutcomeFigureOut(Schema):
    key: str
    label: str
    suppressed: bool
    people: int | None
    engaged: int | None
    percent: int | None
    points: float | None
    text: str


class OutcomePersonOut(Schema):
    id: int
    display_name: str


class OutcomeOrganizationOut(Schema):
    id: int
    name: str


class OutcomeRowOut(Schema):
    supporter: OutcomePersonOut | None
    organization: OutcomeOrganizationOut | None
    figures: list[OutcomeFigureOut]


class OutcomeProgramOut(Schema):
    organization: OutcomeOrganizationOut
    total: OutcomeRowOut
    supporters: list[OutcomeRowOut]


class SupportOutcomesOut(Schema):
    own: OutcomeRowOut | None
    team: list[OutcomeRowOut]
    programs: list[OutcomeProgramOut]

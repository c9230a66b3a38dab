from __future__ import annotations

import datetime
import zoneinfo

from ninja import Schema
from pydantic import Field, field_validator

from alongside.accounts.models import (
    TOKEN_DEFAULT_DAYS,
    TOKEN_MAX_DAYS,
    Country,
    Language,
    Pathway,
    Role,
    TokenScope,
)
from alongside.schemas import Omittable, RequestSchema


class MembershipOut(Schema):
    organization: str
    organization_slug: str
    role: Role


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    first_name: str
    last_name: str
    handle: str
    pronouns: str
    time_zone: str
    language: Language
    country: Country
    pathways: list[Pathway]
    in_recovery: bool = Field(
        description="In recovery themselves: members always; others when they say so"
    )
    has_mfa: bool
    memberships: list[MembershipOut]


class ProfilePatch(RequestSchema):
    """Only the fields sent change; none of them may be null (send "" to clear a name)."""

    first_name: str = Omittable(max_length=60)
    last_name: str = Omittable(max_length=80)
    handle: str = Omittable(max_length=40)
    pronouns: str = Omittable(max_length=40)
    time_zone: str = Omittable(max_length=64, description="An IANA time zone, e.g. America/Chicago")
    language: Language = Omittable()
    country: Country = Omittable()
    pathways: list[Pathway] = Omittable()
    in_recovery: bool = Omittable(description="Say you are in recovery yourself (any role)")

    @field_validator("time_zone")
    @classmethod
    def known_zone(cls, value: str) -> str:
        if value not in zoneinfo.available_timezones():
            raise ValueError(f"{value} is not an IANA time zone, e.g. America/Chicago")
        return value


class ApiTokenOut(Schema):
    id: int
    name: str
    scope: TokenScope
    created_at: datetime.datetime
    expires_at: datetime.datetime
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    status: str = Field(description="active, expired or revoked")


class ApiTokenIn(RequestSchema):
    name: str = Field(min_length=1, max_length=80)
    scope: TokenScope = TokenScope.READ
    days: int = Field(
        TOKEN_DEFAULT_DAYS, ge=1, le=TOKEN_MAX_DAYS, description="Days until it stops working"
    )


class ApiTokenCreatedOut(Schema):
    token: ApiTokenOut
    key: str = Field(description="The secret; shown this once and never again")

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
    has_mfa: bool
    memberships: list[MembershipOut]


class ProfilePatch(Schema):
    first_name: str | None = Field(None, max_length=60)
    last_name: str | None = Field(None, max_length=80)
    handle: str | None = Field(None, max_length=40)
    pronouns: str | None = Field(None, max_length=40)
    time_zone: str | None = None
    language: Language | None = None
    country: Country | None = None
    pathways: list[Pathway] | None = None

    @field_validator("time_zone")
    @classmethod
    def known_zone(cls, value: str | None) -> str | None:
        if value is not None and value not in zoneinfo.available_timezones():
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


class ApiTokenIn(Schema):
    name: str = Field(min_length=1, max_length=80)
    scope: TokenScope = TokenScope.READ
    days: int = Field(TOKEN_DEFAULT_DAYS, ge=1, le=TOKEN_MAX_DAYS, description="Days until it stops working")


class ApiTokenCreatedOut(Schema):
    token: ApiTokenOut
    key: str = Field(description="The secret; shown this once and never again")

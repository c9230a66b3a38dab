from __future__ import annotations

import zoneinfo

from ninja import Schema
from pydantic import Field, field_validator

from alongside.accounts.models import Country, Language, Pathway, Role


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

from __future__ import annotations

import zoneinfo

from ninja import Schema
from pydantic import field_validator

from alongside.accounts.models import Country, Language, Pathway, Role
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

    @field_validator("time_zone")
    @classmethod
    def known_zone(cls, value: str) -> str:
        if value not in zoneinfo.available_timezones():
            raise ValueError(f"{value} is not an IANA time zone, e.g. America/Chicago")
        return value

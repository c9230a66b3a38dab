from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import AwareDatetime, Field

from alongside.accounts.models import Role
from alongside.privacy.models import Scope
from alongside.schemas import Id, RequestSchema


class GrantIn(RequestSchema):
    scopes: list[Scope] = Field(min_length=1)
    purpose: str = Field(min_length=1, max_length=300)
    grantee_user_id: Id | None = None
    grantee_organization_slug: str | None = Field(None, max_length=50)
    grantee_role: Role | None = None
    starts_at: AwareDatetime | None = Field(None, description="With a zone or offset; now when left out")
    expires_at: AwareDatetime | None = Field(None, description="In the future and after the start; never when left out")


class GrantOut(Schema):
    id: int
    grantee: str
    scopes: list[str]
    purpose: str
    starts_at: datetime.datetime
    expires_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    status: str
    will_see: list[str]
    will_not_see: list[str]
    notice: str


class AccessLogOut(Schema):
    at: datetime.datetime
    who: str | None
    scope: str
    action: str
    interface: str
    record_type: str
    record_id: str
    grant_id: int | None


class SharedWithMeOut(Schema):
    member_id: int
    display_name: str
    scopes: list[str]


class ExportOut(Schema):
    id: int
    status: str
    progress: int
    requested_at: datetime.datetime
    ready_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    json_url: str | None
    html_url: str | None

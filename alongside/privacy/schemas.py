from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from ninja import Schema
from pydantic import AwareDatetime, Field, create_model

from alongside.accounts.models import Role
from alongside.privacy.models import Scope
from alongside.privacy.scopes import DISCLOSURES
from alongside.schemas import Id, RequestSchema


class GrantIn(RequestSchema):
    scopes: list[Scope] = Field(min_length=1)
    purpose: str = Field(min_length=1, max_length=300)
    grantee_user_id: Id | None = None
    grantee_organization_slug: str | None = Field(None, max_length=50)
    grantee_role: Role | None = None
    starts_at: AwareDatetime | None = Field(
        None, description="With a zone or offset; now when left out"
    )
    expires_at: AwareDatetime | None = Field(
        None, description="In the future and after the start; never when left out"
    )
    milestone_tracks: list[Id] | None = Field(
        None,
        description="Ids of your own tracks a milestones grant covers; leave out (or null) for every track, including ones you start later.",
    )
    worksheets: list[Id] = Field(
        default=[],
        max_length=500,
        description='Ids of your own worksheets a worksheets grant covers: at least one with that scope (there is no "every worksheet"); ignored without it.',
    )


class GrantOut(Schema):
    id: int
    grantee: str
    scopes: list[str]
    milestone_tracks: list[int] | None
    worksheets: list[int]
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


def shared_schema(name: str, scope: Scope, record: str, types: dict[str, Any]) -> type[Schema]:
    """The API schema of one record kind a grantee reads, with exactly the fields
    `privacy.scopes.DISCLOSURES` lists for it, each described in the member's own words.

    `types` gives each field's type (the owning app knows them). A type for a field the
    registry does not list, or a listed field without one, is refused here, at import, so a
    schema cannot quietly show more than the consent screen says. `id` may be added where a
    grantee acts on a record (congratulating on a celebration): it addresses, it says nothing.
    """
    shape = DISCLOSURES[scope].record(record)
    extra = set(types) - set(shape.names) - {"id"}
    missing = set(shape.names) - set(types)
    if extra or missing:
        raise ImproperlyConfigured(
            f"{name}: not in the registry {sorted(extra)}, without a type {sorted(missing)}"
        )
    fields: dict[str, Any] = {}
    if "id" in types:
        fields["id"] = (types["id"], ...)
    for shown in shape.fields:
        fields[shown.name] = (types[shown.name], Field(description=str(shown.label)))
    return create_model(name, __base__=Schema, **fields)

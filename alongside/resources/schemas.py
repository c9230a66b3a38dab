from __future__ import annotations

import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field

from alongside.accounts.models import Country, Language, Pathway
from alongside.resources.models import ServiceKind, Topic
from alongside.schemas import Id, LocalTime, Omittable, QuerySchema, RequestSchema


class CrisisLineOut(Schema):
    name: str
    contact: str
    how: str
    tel: str
    sms: str
    emergency: bool
    reviewed_on: datetime.date


# ---------------------------------------------------------------- the library

ArticleSlug = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")]


class ResourceArticleSearch(QuerySchema):
    q: str = Field("", max_length=100, description="Words, each in the title, summary or text")
    topic: Topic | None = None
    pathway: Pathway | None = Field(
        None, description="Articles for this pathway, and those for every pathway"
    )
    language: Language | None = Field(None, description="Leave out for both languages")
    limit: int = Field(50, ge=1, le=100)


class ResourceArticleSummaryOut(Schema):
    slug: str
    title: str
    summary: str
    language: str
    topic: str
    pathways: list[str] = Field(description="Pathway codes; empty: written for every pathway")
    organization: str
    status: str
    published_at: datetime.datetime | None
    updated_at: datetime.datetime
    url: str


class ResourceArticleOut(ResourceArticleSummaryOut):
    body: str = Field(description="The article as its author wrote it, in Markdown")
    body_html: str = Field(description="The article as safe HTML (sanitized on every read)")
    translation_of: str | None = Field(
        description="The slug of the same article in the other language"
    )


class ResourceArticleIn(RequestSchema):
    organization_id: Id = Field(description="An organization you write for")
    title: str = Field(min_length=1, max_length=160)
    summary: str = Field(min_length=1, max_length=300)
    body: str = Field(
        min_length=1, max_length=100_000, description="Markdown; unsafe markup is a 422"
    )
    topic: Topic
    language: Language
    pathways: list[Pathway] = Field(default_factory=list, max_length=20)
    translation_of: ArticleSlug | None = None
    publish: bool = False


class ResourceArticlePatch(RequestSchema):
    title: str = Omittable(min_length=1, max_length=160)
    summary: str = Omittable(min_length=1, max_length=300)
    body: str = Omittable(min_length=1, max_length=100_000)
    topic: Topic = Omittable()
    language: Language = Omittable()
    pathways: list[Pathway] = Omittable(max_length=20)
    publish: bool = Omittable(description="true publishes it; false takes it back to a draft")


# ---------------------------------------------------------------- the services directory


class ResourceServiceSearch(QuerySchema):
    near: str = Field(
        "",
        max_length=100,
        description='A US ZIP code or a town ("Springfield, IL"), resolved offline',
    )
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    radius_km: float = Field(25, ge=1, le=500)
    kind: ServiceKind | None = None
    open_now: bool = Field(False, description="Only those open now, in their own time zones")
    q: str = Field("", max_length=100)
    limit: int = Field(50, ge=1, le=100)


class ResourceHoursIn(Schema):
    weekday: int = Field(ge=0, le=6, description="0 is Monday … 6 is Sunday")
    opens: LocalTime
    closes: LocalTime = Field(description="At or before `opens`: the next morning")


class ResourceHoursOut(Schema):
    weekday: int = Field(description="0 is Monday … 6 is Sunday")
    opens: str = Field(description="HH:MM in the service's time zone")
    closes: str


class ResourceServiceOut(Schema):
    id: int
    name: str
    provider: str
    kind: str
    description: str
    address: str
    city: str
    region: str
    postal_code: str
    country: str
    latitude: float | None
    longitude: float | None
    time_zone: str
    phone: str
    website: str
    languages: list[str]
    is_free: bool
    is_listed: bool
    always_open: bool
    hours: list[ResourceHoursOut]
    open_now: bool | None = Field(description="null when its hours are not known")
    changes_at: datetime.datetime | None = Field(
        description="When it next closes (if open) or opens (if closed), in its own zone"
    )
    organization: str
    updated_at: datetime.datetime
    url: str


class ResourceServiceFoundOut(Schema):
    service: ResourceServiceOut
    distance_km: float | None


class ResourceServiceSearchOut(Schema):
    place: str = Field(description="The place searched near, as understood")
    count: int
    results: list[ResourceServiceFoundOut]


class ResourceServiceIn(RequestSchema):
    organization_id: Id = Field(description="An organization you list services for")
    name: str = Field(min_length=1, max_length=160)
    kind: ServiceKind
    provider: str = Field("", max_length=160)
    description: str = Field("", max_length=5000)
    address: str = Field("", max_length=200)
    city: str = Field("", max_length=100)
    region: str = Field("", max_length=60)
    postal_code: str = Field("", max_length=12)
    country: Country = Country.US
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    time_zone: str = Field("", max_length=64, description="Found from the place when empty")
    phone: str = Field("", max_length=40)
    website: str = Field("", max_length=300)
    languages: list[Language] = Field(default_factory=list, max_length=5)
    is_free: bool = False
    is_listed: bool = True
    always_open: bool = False
    hours: list[ResourceHoursIn] = Field(default_factory=list, max_length=50)


class ResourceServicePatch(RequestSchema):
    name: str = Omittable(min_length=1, max_length=160)
    kind: ServiceKind = Omittable()
    provider: str = Omittable(max_length=160)
    description: str = Omittable(max_length=5000)
    address: str = Omittable(max_length=200)
    city: str = Omittable(max_length=100)
    region: str = Omittable(max_length=60)
    postal_code: str = Omittable(max_length=12)
    country: Country = Omittable()
    time_zone: str = Omittable(max_length=64)
    phone: str = Omittable(max_length=40)
    website: str = Omittable(max_length=300)
    languages: list[Language] = Omittable(max_length=5)
    is_free: bool = Omittable()
    is_listed: bool = Omittable()
    always_open: bool = Omittable()
    hours: list[ResourceHoursIn] = Omittable(max_length=50)

"""JSON shapes of houses, beds, stays and vacancies."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from alongside.accounts.models import Country
from alongside.housing.models import BedStatus, MoveOutReason, NarrLevel, Serves, StayStatus
from alongside.schemas import SMALL_MAX, LocalTime, Omittable, QuerySchema, RequestSchema, Text

# ---------------------------------------------------------------- houses


class HouseIn(RequestSchema):
    name: Text = Field(min_length=1, max_length=120)
    narr_level: NarrLevel = NarrLevel.MONITORED
    is_oxford_house: bool = False
    serves: Serves = Serves.EVERYONE
    mat_friendly: bool = True
    description: Text = Field("", max_length=4000)
    address: Text = Field("", max_length=200)
    city: Text = Field(min_length=1, max_length=100)
    region: Text = Field("", max_length=100)
    postal_code: Text = Field("", max_length=20)
    country: Country = Country.US
    phone: Text = Field("", max_length=40)
    weekly_fee: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=2)
    curfew: LocalTime | None = None
    meetings_required_per_week: int = Field(0, ge=0, le=SMALL_MAX)
    is_listed: bool = True
    organization_id: int | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description="The operator, when you run houses for more than one",
    )


class HousePatch(RequestSchema):
    """Only the fields sent change; the fee and the curfew may be null (none)."""

    name: Text = Omittable(min_length=1, max_length=120)
    narr_level: NarrLevel = Omittable()
    is_oxford_house: bool = Omittable()
    serves: Serves = Omittable()
    mat_friendly: bool = Omittable()
    description: Text = Omittable(max_length=4000)
    address: Text = Omittable(max_length=200)
    city: Text = Omittable(min_length=1, max_length=100)
    region: Text = Omittable(max_length=100)
    postal_code: Text = Omittable(max_length=20)
    country: Country = Omittable()
    phone: Text = Omittable(max_length=40)
    weekly_fee: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=2)
    curfew: LocalTime | None = None
    meetings_required_per_week: int = Omittable(ge=0, le=SMALL_MAX)
    is_listed: bool = Omittable()


class RulesIn(RequestSchema):
    rules: list[Text] = Field(max_length=200, description="The house rules in order, one each")


class BedIn(RequestSchema):
    label: Text = Field(min_length=1, max_length=40)
    room: Text = Field("", max_length=40)


class BedPatch(RequestSchema):
    label: Text = Omittable(min_length=1, max_length=40)
    room: Text = Omittable(max_length=40)
    in_service: bool = Omittable()


class PersonShownOut(Schema):
    id: int
    display_name: str


class BedOut(Schema):
    id: int
    label: str
    room: str
    status: BedStatus
    state: str = Field(description="vacant, offered, occupied or out_of_service")
    resident: PersonShownOut | None = Field(
        description="Who is in it, only when they share housing with you (or the offer's person)"
    )


class OfferOut(Schema):
    id: int
    bed: str
    resident: PersonShownOut
    offered_at: datetime.datetime
    move_in_on: datetime.date | None


class ResidentOut(Schema):
    stay_id: int
    resident: PersonShownOut
    bed: str
    move_in_on: datetime.date | None
    tenure_days: int | None
    six_months_or_more: bool
    phase: str | None
    signed_current_rules: bool


class HouseOut(Schema):
    id: int
    organization: str
    name: str
    slug: str
    narr_level: NarrLevel
    is_oxford_house: bool
    serves: Serves
    mat_friendly: bool
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
    weekly_fee: Decimal | None
    curfew: datetime.time | None
    meetings_required_per_week: int
    is_listed: bool
    rules_version: int
    rules: list[str]


class HouseBoardOut(HouseOut):
    beds: list[BedOut]
    vacant_beds: int
    offers: list[OfferOut]
    residents: list[ResidentOut] = Field(description="Residents who share housing with you")
    residents_not_sharing: int = Field(description="Shown only as occupied beds")


# ---------------------------------------------------------------- stays


class OfferIn(RequestSchema):
    bed_id: int = Field(ge=1, le=2**63 - 1)
    email: Text = Field(min_length=3, max_length=254)
    move_in_on: datetime.date | None = None


class AcceptIn(RequestSchema):
    share_housing: bool = Field(
        description='Your yes to sharing "housing" with the house managers (required)'
    )
    signed_name: Text = Field("", max_length=120, description="Your name under the house rules")


class SignRulesIn(RequestSchema):
    signed_name: Text = Field(max_length=120)


class PhaseIn(RequestSchema):
    name: Text = Field(max_length=60)
    starts_on: datetime.date | None = None


class MoveOutIn(RequestSchema):
    move_out_on: datetime.date
    reason: MoveOutReason
    note: Text = Field("", max_length=1000)


class StayHouseOut(Schema):
    id: int
    name: str


class StayOut(Schema):
    """A stay as its house's managers work it, or as the resident reads it."""

    id: int
    house: StayHouseOut
    bed: str
    resident: PersonShownOut
    status: StayStatus
    offered_at: datetime.datetime
    answered_at: datetime.datetime | None
    move_in_on: datetime.date | None
    move_out_on: datetime.date | None
    move_out_reason: MoveOutReason | None
    phase: str | None
    tenure_days: int | None
    six_months_or_more: bool
    rules_version: int
    signed_current_rules: bool


class MyHouseOut(Schema):
    id: int
    name: str
    address: str
    city: str
    region: str
    phone: str
    curfew: datetime.time | None
    time_zone: str
    meetings_required_per_week: int
    rules_version: int
    rules: list[str]


class MyOfferOut(Schema):
    id: int
    house: MyHouseOut
    bed: str
    offered_at: datetime.datetime
    move_in_on: datetime.date | None
    housing_shares: str = Field(description='What sharing "housing" shows, in words')


class MyStayOut(Schema):
    house: MyHouseOut | None
    stay: StayOut | None
    offers: list[MyOfferOut]


class SharedStayOut(Schema):
    """A stay as a "housing" grantee reads it: exactly what privacy.scopes lists."""

    id: int
    house: str
    bed: str
    move_in_on: datetime.date | None
    phase: str | None
    move_out_on: datetime.date | None


class MemberHousingOut(Schema):
    member: str
    stays: list[SharedStayOut]


# ---------------------------------------------------------------- vacancies


class VacancyOut(Schema):
    """A listed house with free beds: no resident, no street address."""

    house: str
    slug: str
    operator: str
    narr_level: NarrLevel
    narr_level_name: str
    oxford_house: bool
    serves: Serves
    serves_name: str
    mat_friendly: bool
    town: str
    region: str
    postal_code: str
    country: str
    latitude: float | None = Field(description="The ZIP code's or town's centre, never the street")
    longitude: float | None
    vacant_beds: int
    phone: str
    weekly_fee: str | None
    updated: datetime.datetime
    search: str = Field(description="The public vacancy search near this house")


class VacancyFeedOut(Schema):
    version: int = Field(description="The directory's version; the ETag changes with it")
    updated: datetime.datetime | None
    houses: list[VacancyOut]


class VacancyFound(Schema):
    house: VacancyOut
    distance_km: float


class VacancySearchOut(Schema):
    place: str
    radius_km: float
    count: int
    more: bool = Field(description="More houses matched than are listed (the nearest first)")
    results: list[VacancyFound]


class VacancySearchParams(QuerySchema):
    near: Text = Field(
        min_length=1, max_length=100, description="A US ZIP code or a town (Springfield, IL)"
    )
    radius_km: float = Field(40, gt=0, le=500)
    serves: list[Serves] = Field(default_factory=list, max_length=len(Serves))
    narr_level: list[NarrLevel] = Field(default_factory=list, max_length=len(NarrLevel))
    mat_friendly: bool = False

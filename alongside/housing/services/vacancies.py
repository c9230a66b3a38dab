"""Vacancies: which listed houses have a free bed, found near a place, and the open JSON feed of
them all. Nobody living in a house is ever part of what this module returns: a house, its town,
its phone for referrals and how many beds are free.

The directory's version (one DirectoryVersion row) goes up in the same transaction as every
change the search or the feed shows (`bump_version`, called by the house, bed and stay
services). The feed is cached under that number, so the first request after a change builds the
new feed and no request ever gets an old one after the change is committed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from alongside.housing.models import (
    Bed,
    BedStatus,
    DirectoryVersion,
    House,
    NarrLevel,
    Serves,
    Stay,
    StayStatus,
)
from alongside.lib import geo

# A bed is spoken for while someone lives in it or has an offer for it.
TAKEN = (StayStatus.OFFERED, StayStatus.CURRENT)
MAX_RADIUS_KM = 500.0
DEFAULT_RADIUS_KM = 40.0
MAX_RESULTS = 25  # the nearest; a person looking for a bed calls the first few
FEED_CACHE_SECONDS = 60 * 60 * 24  # a new version is a new key; old ones simply expire
VERSION_ROW = 1


# ---------------------------------------------------------------- the directory's version


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: datetime.datetime | None


def bump_version() -> None:
    """Say that something the public search or feed shows has changed. Call it inside the
    transaction of the change: the new number is seen exactly when the change is."""
    now = timezone.now()
    bumped = DirectoryVersion.objects.filter(pk=VERSION_ROW).update(
        number=F("number") + 1, changed_at=now
    )
    if not bumped:  # a database built without the migration's row (a flushed test database)
        DirectoryVersion.objects.get_or_create(
            pk=VERSION_ROW, defaults={"number": 1, "changed_at": now}
        )


def directory_row_deleted(**_kwargs: object) -> None:
    """A house, bed or stay was deleted other than through the services (an erased resident's
    stay frees their bed; an operator closed): the directory changed with it."""
    bump_version()


def current_version() -> Version:
    found = DirectoryVersion.objects.filter(pk=VERSION_ROW).values_list("number", "changed_at")
    row = found.first()
    return Version(*row) if row else Version(0, None)


# ---------------------------------------------------------------- counting free beds


def free_beds(houses: Iterable[int] | QuerySet[House]) -> dict[int, int]:
    """{house id: beds in service with nobody in them and no offer out} for these houses (ids,
    or a queryset of houses), houses with none left out: one grouped query, however many."""
    taken = Stay.objects.filter(bed=OuterRef("pk"), status__in=TAKEN)
    counts = (
        Bed.objects.filter(house__in=houses, status=BedStatus.AVAILABLE)
        .filter(~Exists(taken))
        .order_by()
        .values("house")
        .annotate(n=Count("pk"))
        .values_list("house", "n")
    )
    return dict(counts)


# ---------------------------------------------------------------- the search


@dataclass(frozen=True)
class VacancyQuery:
    latitude: float
    longitude: float
    radius_km: float = DEFAULT_RADIUS_KM
    near: str = ""  # the place as the search names it ("60614 (Chicago, IL)")
    serves: tuple[str, ...] = ()
    mat_friendly: bool | None = None  # True: only houses that welcome residents on MAT
    narr_levels: tuple[int, ...] = ()


@dataclass(frozen=True)
class Vacancy:
    house: House
    vacant: int
    distance_km: float

    @property
    def distance_miles(self) -> float:
        return self.distance_km / geo.KM_PER_MILE


@dataclass
class Found:
    query: VacancyQuery
    results: list[Vacancy] = field(default_factory=list)
    more: bool = False  # there were more than MAX_RESULTS within the radius


def search_vacancies(query: VacancyQuery) -> Found:
    """Listed houses with a free bed within the radius that match every filter, nearest first.

    As the meeting search does: the bounding box of the circle is an indexed range on the
    houses' points (the house_point index), tested first (SQLite applies conditions in the order
    written), reading only ids and points; the exact great-circle distance then decides; the
    free beds are counted for the houses within the circle only, and only the nearest houses
    with one are read whole. Three queries, however many houses match."""
    radius = min(max(query.radius_km, 0.1), MAX_RADIUS_KM)
    box = geo.bounding_box(query.latitude, query.longitude, radius)
    houses = House.objects.filter(
        latitude__range=(box.min_lat, box.max_lat),
        longitude__range=(box.min_lng, box.max_lng),
        is_listed=True,
    )
    if query.serves:
        houses = houses.filter(serves__in=query.serves)
    if query.mat_friendly:
        houses = houses.filter(mat_friendly=True)
    if query.narr_levels:
        houses = houses.filter(narr_level__in=query.narr_levels)
    within: dict[int, float] = {}
    for pk, lat, lng in houses.order_by().values_list("pk", "latitude", "longitude"):
        assert lat is not None and lng is not None  # inside the box
        km = geo.distance_km(query.latitude, query.longitude, lat, lng)
        if km <= radius:
            within[pk] = km
    free = free_beds(list(within)) if within else {}
    nearest = sorted(free, key=lambda pk: (within[pk], pk))
    shown = nearest[:MAX_RESULTS]
    rows = (
        House.objects.filter(pk__in=shown)
        .select_related("organization")
        .only(*PUBLIC_FIELDS, "organization__name")
        .in_bulk()
        if shown
        else {}
    )
    found = [Vacancy(rows[pk], free[pk], within[pk]) for pk in shown]
    return Found(query, found, len(nearest) > MAX_RESULTS)


def radius_in_km(distance: float, unit: str) -> float:
    """A distance as a person chose it ("25", "mi") in kilometres."""
    return distance * geo.KM_PER_MILE if unit == "mi" else distance


# What the public sees of a house: never its street address, never a resident.
PUBLIC_FIELDS = (
    "name",
    "slug",
    "narr_level",
    "is_oxford_house",
    "serves",
    "mat_friendly",
    "city",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "phone",
    "weekly_fee",
    "updated_at",
    "organization",
)


# ---------------------------------------------------------------- the open feed


def search_page(base_url: str) -> str:
    """The public search's address, to which a feed item adds its house's place."""
    return base_url + reverse("housing:vacancies")


def feed_item(house: House, vacant: int, *, search_url: str) -> dict:
    """One house in the feed: the house, its level and policies, its town and point (a ZIP
    code's or town's centre, never the street), how many beds are free, and when that changed."""
    point = (
        {"latitude": round(house.latitude, 4), "longitude": round(house.longitude, 4)}
        if house.latitude is not None and house.longitude is not None
        else {"latitude": None, "longitude": None}
    )
    return {
        "house": house.name,
        "slug": house.slug,
        "operator": house.organization.name,
        "narr_level": house.narr_level,
        "narr_level_name": str(NarrLevel(house.narr_level).label),
        "oxford_house": house.is_oxford_house,
        "serves": house.serves,
        "serves_name": str(Serves(house.serves).label),
        "mat_friendly": house.mat_friendly,
        "town": house.city,
        "region": house.region,
        "postal_code": house.postal_code,
        "country": house.country,
        **point,
        "vacant_beds": vacant,
        "phone": house.phone,
        "weekly_fee": str(house.weekly_fee) if house.weekly_fee is not None else None,
        "updated": house.updated_at,
        "search": search_url
        + "?"
        + urlencode(
            {"near": house.postal_code or f"{house.city}, {house.region or house.country}"}
        ),
    }


def vacancy_feed(*, version: Version, base_url: str) -> dict:
    listed = House.objects.filter(is_listed=True)
    free = free_beds(listed)
    houses = (
        listed.select_related("organization")
        .only(*PUBLIC_FIELDS, "organization__name")
        .order_by("pk")
        .iterator(chunk_size=2000)
    )
    search_url = search_page(base_url)
    return {
        "version": version.number,
        "updated": version.changed_at,
        # Full houses are skipped here rather than named in the query: a directory of many
        # thousands would be an IN list longer than a database takes.
        "houses": [feed_item(h, free[h.pk], search_url=search_url) for h in houses if h.pk in free],
    }


def cached_feed(*, version: Version, base_url: str) -> bytes:
    """The feed as JSON bytes, built once per directory version (and site address), then read
    from the cache: a change is a new version, so a new key, so never a stale answer."""
    key = f"housing:vacancy-feed:{version.number}:{_digest(base_url)}"
    body = cache.get(key)
    if body is None:
        body = json.dumps(
            vacancy_feed(version=version, base_url=base_url),
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        cache.set(key, body, timeout=FEED_CACHE_SECONDS)
    return body


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]

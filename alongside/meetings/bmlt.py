"""The directory as a read-only BMLT root server: a documented subset of `client_interface/json/`
(GetSearchResults, GetFormats, GetServiceBodies, GetServerInfo), so NA service bodies' tools
(list printers, BMLT-based finders, aggregators) can read an Alongside directory.

BMLT's conventions are kept: every value a string, weekdays 1 = Sunday … 7 = Saturday, times
"HH:MM:SS", list filters with positive ids to include and negative ids to exclude, a negative
radius for "the nearest N meetings", and unreadable parameters answered with 422 and a message
(never 500). How our directory maps onto BMLT's:

- **Meetings.** BMLT holds one record per weekday, so a meeting held on several days is one
  record per day: `id_bigint` is the meeting's number × 10 + its day (0 = Sunday), stable from
  one request to the next. Every-other-week, monthly and one-off meetings are listed with their
  weekday and a sentence at the start of `comments`.
- **Service bodies.** Body 1 is the directory's own meetings; each import source is body
  (its number + 1), named after the source.
- **Formats.** Every type code we know, numbered in the order of `meetings/data/types.json`
  (the spec's codes first), with the NAWS world id where one has the same meaning.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypedDict, cast

from django.db.models import Q, QuerySet

from alongside.lib import geo
from alongside.lib.meetingfeeds.bmlt import WORLD_ID_CODES
from alongside.lib.meetingfeeds.meeting_guide import LANGUAGE_CODES
from alongside.meetings import catalog
from alongside.meetings.feeds import describe_schedule
from alongside.meetings.models import Attendance, ImportSource, Meeting

SWITCHERS = ("GetSearchResults", "GetFormats", "GetServiceBodies", "GetServerInfo")
OWN_BODY = 1
VENUE_TYPES: dict[str, str] = {
    Attendance.IN_PERSON: "1",
    Attendance.ONLINE: "2",
    Attendance.HYBRID: "3",
}
VENUE_ATTENDANCE = {int(v): a for a, v in VENUE_TYPES.items()}
WORLD_IDS = {code: world for world, code in WORLD_ID_CODES.items()}
# The fields `meeting_key` may name, and the model field each is read from.
MEETING_KEYS = {
    "meeting_name": "name",
    "location_text": "location",
    "location_postal_code_1": "postal_code",
    "time_zone": "time_zone",
}
RECORD_FIELDS = (
    "id",
    "source_id",
    "recurrence",
    "days",
    "anchor_date",
    "week_of_month",
    "start_time",
    "duration_minutes",
    "time_zone",
    "attendance",
    "types",
    "languages",
    "latitude",
    "longitude",
    "name",
    "location",
    "location_notes",
    "formatted_address",
    "postal_code",
    "notes",
    "conference_url",
    "conference_needs_review",
    "conference_url_notes",
    "conference_phone",
    "conference_is_protected",
)
MAX_RADIUS_KM = 500.0
MAX_NEAREST = 500


class BmltError(ValueError):
    """A parameter BMLT would not accept: answered 422 with `{"message": …}`."""

    def __init__(self, message: str, parameter: str = "") -> None:
        super().__init__(message)
        self.message, self.parameter = message, parameter


class BmltMeeting(TypedDict, total=False):
    id_bigint: str
    service_body_bigint: str
    weekday_tinyint: str
    venue_type: str
    start_time: str
    duration_time: str
    time_zone: str
    formats: str
    format_shared_id_list: str
    lang_enum: str
    longitude: str
    latitude: str
    distance_in_km: str
    distance_in_miles: str
    meeting_name: str
    location_text: str
    location_info: str
    location_street: str
    location_municipality: str
    location_province: str
    location_postal_code_1: str
    location_nation: str
    comments: str
    virtual_meeting_link: str
    virtual_meeting_additional_info: str
    phone_meeting_number: str
    published: str


# --- parameters ----------------------------------------------------------------------------------


def _ints(params: dict[str, str], name: str) -> tuple[list[int], list[int]]:
    """A comma-separated (or repeated `name[]`) list: positive ids to include, negative to exclude."""
    raw = params.get(name) or params.get(f"{name}[]") or ""
    values = [v.strip() for v in raw.split(",") if v.strip()]
    try:
        numbers = [int(v) for v in values]
    except ValueError as exc:
        raise BmltError(f"{name} must be a comma-separated list of whole numbers.", name) from exc
    return [n for n in numbers if n > 0], [-n for n in numbers if n < 0]


def _number(params: dict[str, str], name: str) -> float | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError as exc:
        raise BmltError(f"{name} must be a number.", name) from exc
    if not math.isfinite(value):
        raise BmltError(f"{name} must be a number.", name)
    return value


def _clock(params: dict[str, str], prefix: str) -> dt.time | None:
    hours, minutes = _number(params, f"{prefix}H"), _number(params, f"{prefix}M")
    if hours is None and minutes is None:
        return None
    h, m = int(hours or 0), int(minutes or 0)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise BmltError(f"{prefix}H must be 0–23 and {prefix}M 0–59.", f"{prefix}H")
    return dt.time(h, m)


@dataclass
class Search:
    """GetSearchResults' parameters, read and checked."""

    meeting_ids: tuple[list[int], list[int]] = ([], [])
    weekdays: tuple[list[int], list[int]] = ([], [])
    venue_types: tuple[list[int], list[int]] = ([], [])
    services: tuple[list[int], list[int]] = ([], [])
    formats: tuple[list[int], list[int]] = ([], [])
    formats_all: bool = True
    starts_after: dt.time | None = None
    starts_before: dt.time | None = None
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float | None = None
    nearest: int | None = None
    sort_by_distance: bool = False
    meeting_key: str = ""
    meeting_key_values: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    page_size: int | None = None
    page_num: int = 1
    used_formats: bool = False
    is_empty: bool = False  # BMLT answers [] (no error) for half a point or a key with no value

    @classmethod
    def read(cls, params: dict[str, str]) -> Search:
        s = cls()
        s.meeting_ids = _ints(params, "meeting_ids")
        s.weekdays = _ints(params, "weekdays")
        if any(d > 7 for d in s.weekdays[0] + s.weekdays[1]):
            raise BmltError("weekdays are 1 (Sunday) to 7 (Saturday).", "weekdays")
        s.venue_types = _ints(params, "venue_types")
        s.services = _ints(params, "services")
        s.formats = _ints(params, "formats")
        s.formats_all = params.get("formats_comparison_operator", "AND").upper() != "OR"
        s.starts_after, s.starts_before = (
            _clock(params, "StartsAfter"),
            _clock(params, "StartsBefore"),
        )
        s.latitude, s.longitude = _number(params, "lat_val"), _number(params, "long_val")
        miles, km = _number(params, "geo_width"), _number(params, "geo_width_km")
        width = km if km is not None else (miles * geo.KM_PER_MILE if miles is not None else None)
        if s.latitude is not None or s.longitude is not None:
            if (
                s.latitude is None
                or s.longitude is None
                or width is None
                or geo.valid_coordinates(s.latitude, s.longitude) is None
            ):
                s.is_empty = True
            elif width < 0:
                s.nearest = min(int(-(km if km is not None else miles)), MAX_NEAREST)  # type: ignore[operator]
            else:
                s.radius_km = min(width, MAX_RADIUS_KM)
        s.sort_by_distance = params.get("sort_results_by_distance") == "1"
        s.meeting_key = params.get("meeting_key", "")
        if s.meeting_key:
            if s.meeting_key not in MEETING_KEYS and s.meeting_key != "weekday_tinyint":
                raise BmltError(
                    f"meeting_key may be one of: {', '.join([*MEETING_KEYS, 'weekday_tinyint'])}.",
                    "meeting_key",
                )
            value = params.get("meeting_key_value", "")
            s.meeting_key_values = [value] if value else []
            s.is_empty = s.is_empty or not value
        s.fields = [f for f in params.get("data_field_key", "").split(",") if f]
        size = _number(params, "page_size")
        if size is not None:
            if size < 1:
                raise BmltError("page_size must be 1 or more.", "page_size")
            s.page_size = int(size)
            s.page_num = max(1, int(_number(params, "page_num") or 1))
        s.used_formats = params.get("get_used_formats") == "1"
        return s


# --- formats and service bodies ------------------------------------------------------------------


def format_ids() -> dict[str, int]:
    """Every type code we know, numbered in the order of types.json (stable: codes are only added)."""
    return {code: i for i, code in enumerate(catalog.type_table(), start=1)}


def formats(codes: Iterable[str] | None = None) -> list[dict[str, str]]:
    table = catalog.type_table()
    ids = format_ids()
    wanted = set(codes) if codes is not None else None
    return [
        {
            "key_string": code,
            "name_string": table[code].get("en", code),
            "description_string": table[code].get("en", code),
            "lang": "en",
            "id": str(ids[code]),
            "world_id": WORLD_IDS.get(code, ""),
            "format_type_enum": "LANG"
            if code in LANGUAGE_CODES
            else ("O" if code in ("O", "C") else "FC3"),
        }
        for code in table
        if wanted is None or code in wanted
    ]


def service_body_id(meeting: Meeting) -> int:
    return OWN_BODY if meeting.source_id is None else meeting.source_id + 1


def service_bodies() -> list[dict[str, str]]:
    bodies = [
        {
            "id": str(OWN_BODY),
            "parent_id": "0",
            "name": "Alongside",
            "description": "The directory's own meetings",
            "type": "AS",
            "url": "",
            "helpline": "",
            "world_id": "",
        }
    ]
    for source in ImportSource.objects.order_by("id"):
        bodies.append(
            {
                "id": str(source.pk + 1),
                "parent_id": str(OWN_BODY),
                "name": source.name,
                "description": "",
                "type": "AS",
                "url": "",
                "helpline": "",
                "world_id": "",
            }
        )
    return bodies


def server_info(*, base_url: str) -> list[dict[str, str]]:
    return [
        {
            "version": "4.2.7",  # the BMLT semantic interface whose subset we answer
            "versionInt": "4002007",
            "langs": "en",
            "nativeLang": "en",
            "centerLongitude": "0",
            "centerLatitude": "0",
            "centerZoom": "2",
            "defaultDuration": "01:00:00",
            "regionBias": "us",
            "charSet": "UTF-8",
            "distanceUnits": "mi",
            "semanticAdmin": "0",
            "available_keys": ",".join(BmltMeeting.__annotations__),
            "aggregator_mode_enabled": False,  # type: ignore[dict-item]
            "root_server_uri": base_url,
        }
    ]


# --- search --------------------------------------------------------------------------------------


def _candidates(search: Search) -> QuerySet[Meeting]:
    # Inactive meetings too, with their TC format, as BMLT lists them; only the columns a record
    # shows (the JSON columns it does not show cost most of the time of reading a row).
    meetings = Meeting.objects.present().only(*RECORD_FIELDS).order_by()
    include, exclude = search.meeting_ids
    if include:
        meetings = meetings.filter(pk__in={i // 10 for i in include})
    include, exclude = search.services
    own = Q(source__isnull=True)
    if include:
        meetings = meetings.filter(
            (own if OWN_BODY in include else Q(pk__in=[]))
            | Q(source_id__in=[i - 1 for i in include if i != OWN_BODY])
        )
    if exclude:
        meetings = meetings.exclude(own if OWN_BODY in exclude else Q(pk__in=[])).exclude(
            source_id__in=[i - 1 for i in exclude if i != OWN_BODY]
        )
    include, exclude = search.venue_types
    if include:
        meetings = meetings.filter(
            attendance__in=[VENUE_ATTENDANCE[v] for v in include if v in VENUE_ATTENDANCE]
        )
    if exclude:
        meetings = meetings.exclude(
            attendance__in=[VENUE_ATTENDANCE[v] for v in exclude if v in VENUE_ATTENDANCE]
        )
    codes = {i: c for c, i in format_ids().items()}
    include, exclude = search.formats
    if include:
        wanted = [Q(types__contains=f" {codes[i]} ") for i in include if i in codes]
        if len(wanted) < len(include) and search.formats_all:
            return meetings.none()
        if wanted:
            combined = wanted[0]
            for q in wanted[1:]:
                combined = combined & q if search.formats_all else combined | q
            meetings = meetings.filter(combined)
    for i in exclude:
        if i in codes:
            meetings = meetings.exclude(types__contains=f" {codes[i]} ")
    if search.meeting_key in MEETING_KEYS:
        meetings = meetings.filter(
            **{f"{MEETING_KEYS[search.meeting_key]}__in": search.meeting_key_values}
        )
    if search.radius_km is not None or search.nearest is not None:
        meetings = meetings.exclude(latitude__isnull=True)
        if search.radius_km is not None:
            box = geo.bounding_box(search.latitude, search.longitude, search.radius_km)  # type: ignore[arg-type]
            cells = geo.cells_for_box(box)
            if cells is not None:
                meetings = meetings.filter(geocell__in=cells)
            meetings = meetings.filter(
                latitude__range=(box.min_lat, box.max_lat),
                longitude__range=(box.min_lng, box.max_lng),
            )
    return meetings


def _days(meeting: Meeting) -> list[int]:
    if meeting.days:
        return list(meeting.days)
    return [(meeting.anchor_date.weekday() + 1) % 7] if meeting.anchor_date else []


def search_results(search: Search) -> list[BmltMeeting]:
    """The meetings a GetSearchResults query asks for, one record per weekday, as BMLT sorts them
    (weekday, then time; nearest first when sorting by distance)."""
    if search.is_empty:
        return []
    rows: list[tuple[Meeting, int, float | None]] = []
    include_days, exclude_days = (
        {d - 1 for d in search.weekdays[0]},
        {d - 1 for d in search.weekdays[1]},
    )
    include_ids = set(search.meeting_ids[0])
    exclude_ids = set(search.meeting_ids[1])
    near = search.latitude is not None and (
        search.radius_km is not None or search.nearest is not None
    )
    for meeting in _candidates(search).iterator(chunk_size=2000):
        distance = None
        if near:
            # A search near a point has one, and _candidates left out meetings without one.
            assert search.latitude is not None and search.longitude is not None
            assert meeting.latitude is not None and meeting.longitude is not None
            distance = geo.distance_km(
                search.latitude, search.longitude, meeting.latitude, meeting.longitude
            )
        if search.radius_km is not None and distance is not None and distance > search.radius_km:
            continue
        if search.starts_after and meeting.start_time <= search.starts_after:
            continue
        if search.starts_before and meeting.start_time >= search.starts_before:
            continue
        for day in _days(meeting):
            record_id = meeting.pk * 10 + day
            if (include_days and day not in include_days) or day in exclude_days:
                continue
            if (include_ids and record_id not in include_ids) or record_id in exclude_ids:
                continue
            if (
                search.meeting_key == "weekday_tinyint"
                and str(day + 1) not in search.meeting_key_values
            ):
                continue
            rows.append((meeting, day, distance))
    if search.nearest is not None:
        rows.sort(key=_distance)
        rows = rows[: search.nearest]
    if search.sort_by_distance and near:
        rows.sort(key=lambda r: (_distance(r), r[1], r[0].start_time))
    else:
        rows.sort(key=lambda r: (r[1], r[0].start_time, r[0].pk))
    if search.page_size is not None:
        start = (search.page_num - 1) * search.page_size
        rows = rows[start : start + search.page_size]
    ids = format_ids()
    records = [record(meeting, day, distance, ids) for meeting, day, distance in rows]
    if search.fields:
        records = [_only(r, search.fields) for r in records]
    return records


def _distance(row: tuple[Meeting, int, float | None]) -> float:
    """A row's distance, in a search near a point (where every row has one)."""
    assert row[2] is not None
    return row[2]


def _only(item: BmltMeeting, fields: list[str]) -> BmltMeeting:
    """The record with only the fields asked for, in the order asked."""
    values: dict[str, object] = dict(item)
    return cast(BmltMeeting, {k: values[k] for k in fields if k in values})


def record(
    meeting: Meeting, day: int, distance_km: float | None, ids: dict[str, int]
) -> BmltMeeting:
    """One meeting on one weekday as a BMLT meeting record (every value a string)."""
    codes = [c for c in meeting.type_codes if c in ids]
    online = meeting.attendance != Attendance.IN_PERSON
    street, _, rest = meeting.formatted_address.partition(",")
    parts = [p.strip() for p in rest.split(",") if p.strip()]
    sentence = describe_schedule(meeting)
    item = BmltMeeting(
        id_bigint=str(meeting.pk * 10 + day),
        service_body_bigint=str(service_body_id(meeting)),
        weekday_tinyint=str(day + 1),
        venue_type=VENUE_TYPES.get(meeting.attendance, "1"),
        start_time=meeting.start_time.strftime("%H:%M:00"),
        duration_time=f"{meeting.duration_minutes // 60:02d}:{meeting.duration_minutes % 60:02d}:00",
        time_zone=meeting.time_zone,
        formats=",".join(codes),
        format_shared_id_list=",".join(str(ids[c]) for c in codes),
        lang_enum=(meeting.language_codes or ["en"])[0],
        longitude=str(meeting.longitude) if meeting.longitude is not None else "",
        latitude=str(meeting.latitude) if meeting.latitude is not None else "",
        meeting_name=meeting.name,
        location_text=meeting.location,
        location_info=meeting.location_notes,
        location_street=street.strip() if meeting.attendance != Attendance.ONLINE else "",
        location_municipality=parts[0] if parts else "",
        location_province=parts[1].split(" ")[0] if len(parts) > 1 else "",
        location_postal_code_1=meeting.postal_code,
        location_nation=parts[2] if len(parts) > 2 else "",
        comments=f"{sentence}\n{meeting.notes}".strip() if sentence else meeting.notes,
        # Links a steward has not approved, and links for signed-in members only, are not shown.
        virtual_meeting_link=meeting.shown_conference_url
        if online and not meeting.conference_is_protected
        else "",
        virtual_meeting_additional_info=meeting.conference_url_notes
        if online and not meeting.conference_is_protected
        else "",
        phone_meeting_number=meeting.conference_phone
        if online and not meeting.conference_is_protected
        else "",
        published="1",
    )
    if distance_km is not None:
        item["distance_in_km"] = f"{distance_km:.4f}"
        item["distance_in_miles"] = f"{distance_km / geo.KM_PER_MILE:.4f}"
    return item

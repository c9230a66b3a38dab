"""Meeting Guide JSON (code4recovery/spec), as TSML and the Meeting Guide app use it, and as
our own feed publishes it (with the `alongside` object read back)."""

from __future__ import annotations

import difflib
import re
from typing import Any

from alongside.lib import geo
from alongside.lib.links import host_of, is_http_url, is_known_conference_host
from alongside.lib.meetingfeeds.records import (
    ERROR,
    MAX_SLUG,
    Context,
    MeetingRecord,
    ParsedFeed,
    Problem,
    Row,
    _text,
)
from alongside.lib.schedule import (
    Recurrence,
    ScheduleError,
    is_time_zone,
    minutes_between,
    parse_clock,
)

DAY_NAMES = {
    name: i
    for i, names in enumerate(
        [
            ("sunday", "sun", "domingo"),
            ("monday", "mon", "lunes"),
            ("tuesday", "tue", "tues", "martes"),
            ("wednesday", "wed", "miércoles", "miercoles"),
            ("thursday", "thu", "thur", "thurs", "jueves"),
            ("friday", "fri", "viernes"),
            ("saturday", "sat", "sábado", "sabado"),
        ]
    )
    for name in names
}
# Type codes that name a language, and the ISO 639-1 code search uses for it.
LANGUAGE_CODES = {
    "EN": "en",
    "S": "es",
    "FR": "fr",
    "DE": "de",
    "ITA": "it",
    "POR": "pt",
    "POL": "pl",
    "RUS": "ru",
    "UK": "uk",
    "KOR": "ko",
    "JA": "ja",
    "AR": "ar",
    "FA": "fa",
    "HI": "hi",
    "HE": "he",
    "NL": "nl",
    "DA": "da",
    "FI": "fi",
    "NO": "no",
    "SV": "sv",
    "TL": "tl",
    "TH": "th",
    "TUR": "tr",
    "EL": "el",
    "HU": "hu",
    "HR": "hr",
    "LT": "lt",
    "SK": "sk",
    "SL": "sl",
    "BG": "bg",
    "AM": "am",
    "AF": "af",
    "KA": "ka",
    "ML": "ml",
    "MT": "mt",
    "NE": "ne",
    "PUN": "pa",
    "IS": "is",
    "ASL": "ase",
}
# BMLT / NAWS world IDs with a Meeting Guide code of the same meaning.
SLUG_SAFE = re.compile(r"^[A-Za-z0-9._~-]+$")
PHONE_RE = re.compile(r"^[0-9+,*#() .\-]+$")


MG_KNOWN_KEYS = {
    "name",
    "slug",
    "day",
    "time",
    "end_time",
    "timezone",
    "types",
    "notes",
    "location",
    "location_notes",
    "formatted_address",
    "address",
    "city",
    "state",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "coordinates",
    "approximate",
    "region",
    "sub_region",
    "regions",
    "conference_url",
    "conference_url_notes",
    "conference_phone",
    "conference_phone_notes",
    "group",
    "url",
    "updated",
    "attendance_option",
    "program",
    "alongside",
}
# TSML's own bookkeeping: internal ids and derived values that mean nothing outside that site.
MG_DROPPED_KEYS = {
    "id",
    "location_id",
    "region_id",
    "group_id",
    "district_id",
    "time_formatted",
    "edit_url",
    "location_url",
    "author",
    "import_hash",
    "data_source",
}


def _series(item: Any) -> str:
    """The slug our own feed gives every row of a meeting listed once per day, else ""."""
    ours = item.get("alongside") if isinstance(item, dict) else None
    if (
        isinstance(ours, dict)
        and isinstance(ours.get("series"), str)
        and isinstance(ours.get("days"), list)
    ):
        return ours["series"]
    return ""


def parse_meeting_guide(items: list, ctx: Context, *, format: str = "meeting-guide") -> ParsedFeed:
    problems: list[Problem] = []
    records: list[MeetingRecord] = []
    failed: set[int] = set()
    seen: dict[str, int] = {}
    series_seen: set[str] = set()
    for index, item in enumerate(items, start=1):
        series = _series(item)
        if series:
            # Our own feed lists a meeting held on several days once per day; the first row
            # holds all its days and the series' slug, the others are the same meeting.
            if series in series_seen:
                continue
            series_seen.add(series)
            item = {**item, "slug": series, "day": item["alongside"]["days"]}
        if not isinstance(item, dict):
            problems.append(Problem(index, "", "", "this row is not a JSON object", ERROR))
            failed.add(index)
            continue
        record = _meeting_guide_row(item, index, ctx, problems, seen)
        if record is None:
            failed.add(index)
        else:
            records.append(record)
    return ParsedFeed(format, records, problems, len(items), failed)


def _meeting_guide_row(
    item: dict, index: int, ctx: Context, problems: list[Problem], seen: dict[str, int]
) -> MeetingRecord | None:
    slug = _text(item.get("slug"))
    row = Row(index, slug, problems)
    if not slug:
        row.error("slug", "no slug: every meeting needs one, unique in the feed")
    elif slug in seen:
        row.error("slug", f"duplicate slug '{slug}': row {seen[slug]} uses it already")
    else:
        seen[slug] = index
        if len(slug) > 255:
            row.error("slug", f"slug of {len(slug)} characters: at most 255 can be kept")
        elif len(slug) > MAX_SLUG:
            row.warn(
                "slug",
                f"slug of {len(slug)} characters is longer than the spec's {MAX_SLUG}; kept as it is",
            )
        if slug and not SLUG_SAFE.match(slug):
            row.warn("slug", "slug has characters that are not URL-safe; kept as it is")
    name = _text(item.get("name"), 255)
    if not name:
        row.error("name", "no name")
    alongside = item.get("alongside")
    ours: dict = alongside if isinstance(alongside, dict) else {}
    record = MeetingRecord(slug=slug, name=name)
    _read_schedule(row, record, item, ours, ctx)
    # Our own object's codes win: the published `types` carry spec codes only.
    _read_types(
        row,
        record,
        ours["types"] if isinstance(ours.get("types"), list) else item.get("types"),
        ctx,
    )
    _read_place(
        row,
        record,
        {
            **item,
            **{
                k: ours[k]
                for k in ("formatted_address", "postal_code", "latitude", "longitude")
                if k in ours
            },
        },
    )
    if isinstance(ours.get("is_approximate"), bool):
        record.approximate = ours["is_approximate"]
    _read_conference(row, record, item)
    _read_attendance(row, record, item, ours)
    record.openness = "open" if "O" in record.types else "closed" if "C" in record.types else ""
    record.languages = _languages(record.types, ours, ctx)
    record.program = _text(ours.get("program") or item.get("program") or ctx.program)
    # Our own feed starts a non-weekly meeting's notes with a sentence and keeps the original.
    record.notes = _text(ours["notes"]) if "notes" in ours else _text(item.get("notes"))
    record.location_notes = _text(item.get("location_notes"))
    record.group = _text(item.get("group"), 255)
    record.url = _text(item.get("url"), 500)
    if record.url and not is_http_url(record.url):
        row.warn("url", "the meeting's page is not an http(s) link; left out")
        record.url = ""
    record.source_updated = _text(item.get("updated"), 40)
    if ours.get("conference_is_protected"):
        record.conference_is_protected = True
    record.extra = {
        k: v
        for k, v in item.items()
        if k not in MG_KNOWN_KEYS and k not in MG_DROPPED_KEYS and v not in (None, "", [])
    }
    return None if row.failed else record


def _read_schedule(row: Row, record: MeetingRecord, item: dict, ours: dict, ctx: Context) -> None:
    recurrence = _text(ours.get("recurrence")) or Recurrence.WEEKLY
    if recurrence not in Recurrence.__members__.values():
        row.error(
            "recurrence", f"recurrence '{recurrence}' is not weekly, biweekly, monthly or once"
        )
        return
    record.recurrence = recurrence
    record.anchor = _text(ours.get("anchor_date"))
    if ours.get("week_of_month") not in (None, ""):
        try:
            record.week_of_month = int(ours["week_of_month"])
        except (TypeError, ValueError):
            row.error("week_of_month", "week of the month is not a number")
    raw_day = item.get("day")
    days = raw_day if isinstance(raw_day, list) else [raw_day]
    if raw_day is None or raw_day == "" or days == []:
        if recurrence != Recurrence.ONCE:
            row.error("day", "no day: by-appointment meetings cannot be listed with a schedule")
    else:
        for value in days:
            day = _day(value)
            if day is None:
                row.error("day", f"day {value!r} is not 0–6 (0 is Sunday) or a day's name")
            else:
                record.days.append(day)
    start = item.get("time")
    if start in (None, ""):
        row.error("time", "no start time")
    else:
        try:
            record.start = parse_clock(str(start)).strftime("%H:%M")
        except ValueError as exc:
            row.error("time", str(exc))
    if item.get("end_time") not in (None, "") and record.start:
        try:
            record.duration_minutes = minutes_between(
                parse_clock(record.start), parse_clock(str(item["end_time"]))
            )
        except ValueError as exc:
            row.warn("end_time", f"{exc}; the meeting is taken to last an hour")
    tz = _text(item.get("timezone"))
    if tz and not is_time_zone(tz):
        row.error("timezone", f"'{tz}' is not an IANA time zone (like America/New_York)")
    elif not tz:
        if not ctx.default_time_zone:
            row.error("timezone", "no time zone, and the import names no default zone")
        else:
            row.warn(
                "timezone", f"no time zone; the import's default {ctx.default_time_zone} is used"
            )
        tz = ctx.default_time_zone
    record.time_zone = tz
    if not row.failed:
        try:
            record.schedule()
        except ScheduleError as exc:
            row.error(exc.field, exc.message)
        except ValueError as exc:
            row.error("anchor_date", str(exc))


def _day(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= 6 else None
    text = str(value).strip().casefold()
    if text.isdigit():
        number = int(text)
        return number if 0 <= number <= 6 else None
    return DAY_NAMES.get(text)


def _read_types(row: Row, record: MeetingRecord, raw: Any, ctx: Context) -> None:
    if raw in (None, ""):
        return
    if isinstance(raw, str):
        raw = [t for t in re.split(r"[,;|]", raw)]
    if not isinstance(raw, list):
        row.warn("types", "types is not a list; ignored")
        return
    codes: list[str] = []
    for value in raw:
        code = _text(value)
        if not code:
            continue
        if code not in ctx.known_types and code.casefold() in ctx.type_names:
            code = ctx.type_names[code.casefold()]
        if code not in ctx.known_types:
            near = difflib.get_close_matches(code, sorted(ctx.known_types), n=1, cutoff=0.7)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            row.warn(
                "types",
                f"unknown type code '{code}'{hint}; kept as a custom code, which filters do not match",
            )
        if code not in codes:
            codes.append(code[:20])
    record.types = codes


def _read_place(row: Row, record: MeetingRecord, item: dict) -> None:
    record.location = _text(item.get("location"), 255)
    address = _text(item.get("formatted_address"))
    if not address:
        parts = [_text(item.get(k)) for k in ("address", "city", "state", "postal_code", "country")]
        address = ", ".join(p for p in parts if p)
    record.formatted_address = address[:500]
    if "postal_code" in item:
        record.postal_code = _text(item.get("postal_code"), 20)
    else:
        record.postal_code = geo.zip_in_address(address) or ""
    regions = item.get("regions")
    if isinstance(regions, list):
        record.regions = [_text(r, 100) for r in regions if _text(r)]
    else:
        record.regions = [
            r for r in (_text(item.get("region"), 100), _text(item.get("sub_region"), 100)) if r
        ]
    record.approximate = _text(item.get("approximate")).lower() == "yes"
    lat, lng = item.get("latitude"), item.get("longitude")
    if (lat in (None, "") or lng in (None, "")) and item.get("coordinates"):
        lat, _, lng = _text(item.get("coordinates")).partition(",")
    if lat not in (None, "") and lng not in (None, ""):
        coords = geo.valid_coordinates(lat, lng)
        if isinstance(lat, str) and coords is not None:
            row.warn("latitude", "latitude and longitude are text, not numbers; read as numbers")
        if coords is None:
            row.warn("latitude", f"coordinates '{lat},{lng}' are not on the globe; ignored")
        else:
            record.latitude, record.longitude = round(coords[0], 6), round(coords[1], 6)


def _read_conference(row: Row, record: MeetingRecord, item: dict) -> None:
    url = _text(item.get("conference_url"), 500)
    if url:
        if not is_http_url(url):
            row.warn("conference_url", "conference URL is not an http(s) link; left out")
            url = ""
        elif not is_known_conference_host(url):
            row.warn(
                "conference_url",
                f"conference host '{host_of(url)}' is not a known meeting provider; kept, and shown once a directory steward approves it",
            )
    record.conference_url = url
    record.conference_url_notes = _text(item.get("conference_url_notes"))
    phone = _text(item.get("conference_phone"), 100)
    if phone and not PHONE_RE.match(phone):
        row.warn(
            "conference_phone",
            "conference phone has characters other than digits and + , * #; left out",
        )
        phone = ""
    record.conference_phone = phone
    record.conference_phone_notes = _text(item.get("conference_phone_notes"))


def _read_attendance(row: Row, record: MeetingRecord, item: dict, ours: dict) -> None:
    """In person, online or hybrid, as TSML derives it from ONL/TC and `approximate`."""
    option = _text(ours.get("attendance") or item.get("attendance_option"))
    online, closed = "ONL" in record.types, "TC" in record.types
    if online and not option and "approximate" not in item and city_only(record.formatted_address):
        # TSML geocodes and marks such addresses approximate; a feed without the flag leaves
        # an online meeting looking hybrid unless the bare city is read as approximate.
        record.approximate = True
        row.warn(
            "approximate",
            "online meeting whose address is only a town; taken as approximate, so online only",
        )
    if option in {"in_person", "online", "hybrid"}:
        record.attendance = option
        # Explicit fields win over the TC code, which TSML also gives online meetings whose
        # room is closed: TSML's own option says "inactive" when the meeting is.
        if isinstance(ours.get("is_inactive"), bool):
            record.is_inactive = ours["is_inactive"]
        else:
            record.is_inactive = closed and not item.get("attendance_option")
    elif option == "inactive":
        record.attendance, record.is_inactive = "in_person", True
    elif online and closed:
        record.attendance = "online"
    elif closed:
        record.attendance, record.is_inactive = "in_person", True
    elif online:
        record.attendance = "online" if record.approximate else "hybrid"
    else:
        record.attendance = "in_person"
        record.is_inactive = record.approximate
    # The codes say what the fields say, so a feed we publish reads back the same.
    if record.attendance != "in_person" and "ONL" not in record.types:
        record.types.append("ONL")
    if record.is_inactive and "TC" not in record.types:
        record.types.append("TC")
    if (
        record.attendance != "in_person"
        and not (record.conference_url or record.conference_phone)
        and not ours.get("conference_hidden")
    ):
        row.warn(
            "conference_url",
            "an online meeting with no conference link or phone: nobody can join it from the listing",
        )
    if record.attendance != "online" and record.latitude is None:
        place = geo.zip_place(record.postal_code) if record.postal_code else None
        if place is not None:
            record.latitude, record.longitude = round(place.latitude, 6), round(place.longitude, 6)
            record.approximate = True
            row.warn(
                "latitude",
                f"address has no coordinates; placed at the centre of ZIP code {record.postal_code}",
            )
        else:
            row.warn(
                "latitude",
                "address has no coordinates; the meeting will not appear in distance searches",
            )


def _languages(types: list[str], ours: dict, ctx: Context) -> list[str]:
    if isinstance(ours.get("languages"), list):
        return [str(x)[:8] for x in ours["languages"]]
    found = [LANGUAGE_CODES[t] for t in types if t in LANGUAGE_CODES]
    return found or ([ctx.default_language] if ctx.default_language else [])


def city_only(address: str) -> bool:
    """ "Philadelphia, PA, USA" (no street number in the first part) rather than a street address."""
    first = address.split(",")[0] if address else ""
    return bool(address) and not any(ch.isdigit() for ch in first)

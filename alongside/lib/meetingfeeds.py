"""Reading meeting feeds, free of Django: Meeting Guide JSON, the 12 Step Meeting List CSV and
BMLT `GetSearchResults` JSON, each row checked and turned into one common record.

Every problem is reported against its row with the field and the reason. Severity:
- "error": the row cannot be held (day 7, time 25:00, a zone that does not exist, no slug, a
  duplicate slug). By default one error refuses the whole import; nothing changes.
- "warning": the row is imported with what the message says was done (a type code nobody knows
  is kept as a custom code, a string coordinate is read as a number, an address without
  coordinates is placed at its ZIP code's centre or left out of distance searches).

Meeting Guide conventions are kept (day 0 = Sunday); BMLT's 1–7 days are converted here.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from alongside.lib import geo
from alongside.lib.links import host_of, is_http_url, is_known_conference_host
from alongside.lib.schedule import (
    Recurrence,
    Schedule,
    ScheduleError,
    is_time_zone,
    minutes_between,
    parse_clock,
)

ERROR = "error"
WARNING = "warning"
MAX_SLUG = 64  # the Meeting Guide spec's limit; longer slugs are kept and reported
DAY_NAMES = {
    name: i
    for i, names in enumerate(
        [
            ("sunday", "sun", "domingo"), ("monday", "mon", "lunes"), ("tuesday", "tue", "tues", "martes"),
            ("wednesday", "wed", "miércoles", "miercoles"), ("thursday", "thu", "thur", "thurs", "jueves"),
            ("friday", "fri", "viernes"), ("saturday", "sat", "sábado", "sabado"),
        ]
    )
    for name in names
}
# Type codes that name a language, and the ISO 639-1 code search uses for it.
LANGUAGE_CODES = {
    "EN": "en", "S": "es", "FR": "fr", "DE": "de", "ITA": "it", "POR": "pt", "POL": "pl",
    "RUS": "ru", "UK": "uk", "KOR": "ko", "JA": "ja", "AR": "ar", "FA": "fa", "HI": "hi",
    "HE": "he", "NL": "nl", "DA": "da", "FI": "fi", "NO": "no", "SV": "sv", "TL": "tl",
    "TH": "th", "TUR": "tr", "EL": "el", "HU": "hu", "HR": "hr", "LT": "lt", "SK": "sk",
    "SL": "sl", "BG": "bg", "AM": "am", "AF": "af", "KA": "ka", "ML": "ml", "MT": "mt",
    "NE": "ne", "PUN": "pa", "IS": "is", "ASL": "ase",
}
# BMLT / NAWS world IDs with a Meeting Guide code of the same meaning.
WORLD_ID_CODES = {
    "OPEN": "O", "CLOSED": "C", "BEG": "BE", "CAN": "CAN", "DISC": "D", "GL": "LGBTQ", "SPK": "SP",
    "STEP": "ST", "TRAD": "TR", "WCHR": "X", "Y": "Y", "W": "W", "M": "M", "LIT": "LIT",
    "MED": "MED", "CW": "CF", "VM": "ONL", "TC": "TC",
}
BMLT_LANGUAGE_KEYS = {"ES": ["S"], "FIN": ["FI"], "ENG": ["EN"], "PER": ["FA"], "L/R": ["LT", "RUS"], "SL": ["ASL"]}
BMLT_KEY_CODES = {"WEB": "ONL", "Ag": "A"}
SLUG_SAFE = re.compile(r"^[A-Za-z0-9._~-]+$")
PHONE_RE = re.compile(r"^[0-9+,*#() .\-]+$")


@dataclass
class Problem:
    row: int  # 1-based position in the feed (the CSV's data rows, the JSON array's items)
    slug: str
    field: str
    message: str
    severity: str = WARNING


@dataclass
class MeetingRecord:
    """One meeting as every feed format becomes it (and as our own feed re-imports)."""

    slug: str
    name: str
    recurrence: str = Recurrence.WEEKLY
    days: list[int] = field(default_factory=list)
    start: str = ""  # "HH:MM"
    duration_minutes: int = 60
    time_zone: str = ""
    anchor: str = ""  # ISO date: a one-off meeting's date, an every-other-week meeting's first
    week_of_month: int | None = None
    attendance: str = "in_person"  # in_person | online | hybrid
    is_inactive: bool = False
    openness: str = ""  # open | closed | ""
    types: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    program: str = ""
    location: str = ""
    formatted_address: str = ""
    postal_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    approximate: bool = False
    regions: list[str] = field(default_factory=list)
    conference_url: str = ""
    conference_url_notes: str = ""
    conference_phone: str = ""
    conference_phone_notes: str = ""
    conference_is_protected: bool = False
    notes: str = ""
    location_notes: str = ""
    group: str = ""
    url: str = ""
    source_updated: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def schedule(self) -> Schedule:
        return Schedule(
            Recurrence(self.recurrence),
            tuple(self.days),
            parse_clock(self.start),
            self.duration_minutes,
            self.time_zone,
            anchor=dt.date.fromisoformat(self.anchor) if self.anchor else None,
            week_of_month=self.week_of_month,
        )

    def digest(self) -> str:
        """A fingerprint of everything imported: equal digests mean nothing changed."""
        data = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(data.encode()).hexdigest()[:32]


@dataclass
class ParsedFeed:
    format: str
    records: list[MeetingRecord]
    problems: list[Problem]
    total_rows: int
    rows_with_errors: set[int] = field(default_factory=set)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def summary(self) -> list[dict[str, object]]:
        """Problems grouped by field and kind of message, with a count and the first rows."""
        groups: dict[tuple[str, str, str], list[Problem]] = {}
        for p in self.problems:
            key = (p.severity, p.field, _message_kind(p.message))
            groups.setdefault(key, []).append(p)
        return [
            {"severity": s, "field": f, "message": items[0].message, "count": len(items), "rows": [p.row for p in items[:10]]}
            for (s, f, _k), items in sorted(groups.items(), key=lambda kv: (kv[0][0] != ERROR, -len(kv[1])))
        ]


def _message_kind(message: str) -> str:
    return re.sub(r"\d+", "…", message)


class FeedError(ValueError):
    """The feed as a whole cannot be read (not JSON, not CSV, wrong shape)."""


# ---------------------------------------------------------------------------------------------


@dataclass
class Context:
    """What a feed does not say and the importer supplies, plus the type codes known here."""

    default_time_zone: str = ""
    default_language: str = "en"
    program: str = ""
    known_types: frozenset[str] = frozenset()
    type_names: dict[str, str] = field(default_factory=dict)  # lower-cased English name -> code


class Row:
    """Collects one row's problems."""

    def __init__(self, index: int, slug: str, problems: list[Problem]) -> None:
        self.index, self.slug, self.problems, self.failed = index, slug, problems, False

    def error(self, field_name: str, message: str) -> None:
        self.failed = True
        self.problems.append(Problem(self.index, self.slug, field_name, message, ERROR))

    def warn(self, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.index, self.slug, field_name, message, WARNING))


def detect_format(data: bytes) -> str:
    head = data.lstrip()[:1]
    if head in (b"[", b"{"):
        return "json"
    return "csv"


# A Meeting Guide or BMLT feed nests four levels at most (array, meeting, field, list); anything
# far deeper is not a feed, and would exhaust the stack of whatever reads it next.
MAX_JSON_DEPTH = 32
TOO_DEEP = f"The file nests brackets more than {MAX_JSON_DEPTH} levels deep, so it is not a meeting feed."
HOLDS_NUL = "The file holds NUL characters (\\u0000), which no meeting's text can contain; remove them and try again."
NOT_UNICODE = "The file holds a \\u escape that is not a character (a lone surrogate such as \\ud800); fix the text and try again."


def _check_json_values(payload: Any) -> None:
    """Raise FeedError for nesting deeper than any feed, or text no database can store."""
    pending = [(payload, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            raise FeedError(TOO_DEEP)
        if isinstance(value, str):
            if "\x00" in value:
                raise FeedError(HOLDS_NUL)
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise FeedError(NOT_UNICODE) from exc
        elif isinstance(value, dict):
            pending.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)


def parse_feed(data: bytes, ctx: Context, *, format: str = "auto") -> ParsedFeed:
    """Read a whole feed. Raises FeedError when the file is not a feed at all."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedError(f"The file is not UTF-8 text (byte {exc.start} cannot be read).") from exc
    if "\x00" in text:
        raise FeedError(HOLDS_NUL)
    if format == "auto":
        format = detect_format(data)
    if format in ("csv", "tsml-csv"):
        return parse_tsml_csv(text, ctx)
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FeedError(f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.") from exc
    except RecursionError as exc:
        raise FeedError(TOO_DEEP) from exc
    _check_json_values(payload)
    if isinstance(payload, dict) and isinstance(payload.get("meetings"), list):
        return parse_bmlt(payload, ctx)
    if isinstance(payload, list) and payload and isinstance(payload[0], dict) and "weekday_tinyint" in payload[0]:
        return parse_bmlt({"meetings": payload}, ctx)
    if not isinstance(payload, list):
        raise FeedError("A Meeting Guide feed is a JSON array of meetings; this file holds something else.")
    return parse_meeting_guide(payload, ctx)


# --- Meeting Guide JSON -------------------------------------------------------------------------

MG_KNOWN_KEYS = {
    "name", "slug", "day", "time", "end_time", "timezone", "types", "notes", "location",
    "location_notes", "formatted_address", "address", "city", "state", "postal_code", "country",
    "latitude", "longitude", "coordinates", "approximate", "region", "sub_region", "regions",
    "conference_url", "conference_url_notes", "conference_phone", "conference_phone_notes",
    "group", "url", "updated", "attendance_option", "program", "alongside",
}
# TSML's own bookkeeping: internal ids and derived values that mean nothing outside that site.
MG_DROPPED_KEYS = {"id", "location_id", "region_id", "group_id", "district_id", "time_formatted", "edit_url", "location_url", "author", "import_hash", "data_source"}


def parse_meeting_guide(items: list, ctx: Context, *, format: str = "meeting-guide") -> ParsedFeed:
    problems: list[Problem] = []
    records: list[MeetingRecord] = []
    failed: set[int] = set()
    seen: dict[str, int] = {}
    for index, item in enumerate(items, start=1):
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


def _text(value: Any, limit: int = 0) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value).strip()
    return text[:limit] if limit else text


def _meeting_guide_row(item: dict, index: int, ctx: Context, problems: list[Problem], seen: dict[str, int]) -> MeetingRecord | None:
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
            row.warn("slug", f"slug of {len(slug)} characters is longer than the spec's {MAX_SLUG}; kept as it is")
        if slug and not SLUG_SAFE.match(slug):
            row.warn("slug", "slug has characters that are not URL-safe; kept as it is")
    name = _text(item.get("name"), 255)
    if not name:
        row.error("name", "no name")
    ours = item.get("alongside") if isinstance(item.get("alongside"), dict) else {}
    record = MeetingRecord(slug=slug, name=name)
    _read_schedule(row, record, item, ours, ctx)
    _read_types(row, record, item.get("types"), ctx)
    _read_place(row, record, item)
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
    record.extra = {k: v for k, v in item.items() if k not in MG_KNOWN_KEYS and k not in MG_DROPPED_KEYS and v not in (None, "", [])}
    return None if row.failed else record


def _read_schedule(row: Row, record: MeetingRecord, item: dict, ours: dict, ctx: Context) -> None:
    recurrence = _text(ours.get("recurrence")) or Recurrence.WEEKLY
    if recurrence not in Recurrence.__members__.values():
        row.error("recurrence", f"recurrence '{recurrence}' is not weekly, biweekly, monthly or once")
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
            record.duration_minutes = minutes_between(parse_clock(record.start), parse_clock(str(item["end_time"])))
        except ValueError as exc:
            row.warn("end_time", f"{exc}; the meeting is taken to last an hour")
    tz = _text(item.get("timezone"))
    if tz and not is_time_zone(tz):
        row.error("timezone", f"'{tz}' is not an IANA time zone (like America/New_York)")
    elif not tz:
        if not ctx.default_time_zone:
            row.error("timezone", "no time zone, and the import names no default zone")
        else:
            row.warn("timezone", f"no time zone; the import's default {ctx.default_time_zone} is used")
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
            row.warn("types", f"unknown type code '{code}'{hint}; kept as a custom code, which filters do not match")
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
        record.regions = [r for r in (_text(item.get("region"), 100), _text(item.get("sub_region"), 100)) if r]
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
            row.warn("conference_url", f"conference host '{host_of(url)}' is not a known meeting provider; kept, and shown once a directory steward approves it")
    record.conference_url = url
    record.conference_url_notes = _text(item.get("conference_url_notes"))
    phone = _text(item.get("conference_phone"), 100)
    if phone and not PHONE_RE.match(phone):
        row.warn("conference_phone", "conference phone has characters other than digits and + , * #; left out")
        phone = ""
    record.conference_phone = phone
    record.conference_phone_notes = _text(item.get("conference_phone_notes"))


def _read_attendance(row: Row, record: MeetingRecord, item: dict, ours: dict) -> None:
    """In person, online or hybrid, as TSML derives it from ONL/TC and `approximate`."""
    option = _text(ours.get("attendance") or item.get("attendance_option"))
    online, closed = "ONL" in record.types, "TC" in record.types
    if online and not option and "approximate" not in item and _city_only(record.formatted_address):
        # TSML geocodes and marks such addresses approximate; a feed without the flag leaves
        # an online meeting looking hybrid unless the bare city is read as approximate.
        record.approximate = True
        row.warn("approximate", "online meeting whose address is only a town; taken as approximate, so online only")
    if option in {"in_person", "online", "hybrid"}:
        record.attendance = option
        record.is_inactive = closed or bool(ours.get("is_inactive"))
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
    if record.attendance != "in_person" and not (record.conference_url or record.conference_phone) and not ours.get("conference_hidden"):
        row.warn("conference_url", "an online meeting with no conference link or phone: nobody can join it from the listing")
    if record.attendance != "online" and record.latitude is None:
        place = geo.zip_place(record.postal_code) if record.postal_code else None
        if place is not None:
            record.latitude, record.longitude = round(place.latitude, 6), round(place.longitude, 6)
            record.approximate = True
            row.warn("latitude", f"address has no coordinates; placed at the centre of ZIP code {record.postal_code}")
        else:
            row.warn("latitude", "address has no coordinates; the meeting will not appear in distance searches")


def _languages(types: list[str], ours: dict, ctx: Context) -> list[str]:
    if isinstance(ours.get("languages"), list):
        return [str(x)[:8] for x in ours["languages"]]
    found = [LANGUAGE_CODES[t] for t in types if t in LANGUAGE_CODES]
    return found or ([ctx.default_language] if ctx.default_language else [])


# --- TSML CSV ------------------------------------------------------------------------------------

CSV_DROPPED = {"contact_1_name", "contact_1_email", "contact_1_phone", "contact_2_name", "contact_2_email", "contact_2_phone", "contact_3_name", "contact_3_email", "contact_3_phone", "author", "last_contact"}


def _csv_key(header: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")
    return {"id": "slug", "address": "formatted_address"}.get(key, key)


def parse_tsml_csv(text: str, ctx: Context) -> ParsedFeed:
    """The 12 Step Meeting List's CSV ("6:00 PM", "Monday", "Open, Wheelchair Access")."""
    try:
        reader = csv.reader(io.StringIO(text))
        rows = list(reader)
    except csv.Error as exc:
        raise FeedError(f"The file is not readable CSV: {exc}.") from exc
    if not rows or len(rows[0]) < 3:
        raise FeedError("The CSV has no header row with columns such as Time, Day, Name, Slug.")
    keys = [_csv_key(h) for h in rows[0]]
    missing = {"time", "day", "name"} - set(keys)
    if missing:
        raise FeedError(f"The CSV lacks the column(s) {', '.join(sorted(missing))}.")
    items: list[dict] = []
    for cells in rows[1:]:
        if not any(c.strip() for c in cells):
            continue
        item = {k: v.strip() for k, v in zip(keys, cells, strict=False) if v.strip()}
        if "types" in item:
            item["types"] = [t.strip() for t in item["types"].split(",") if t.strip()]
        if "regions" not in item and ("region" in item or "sub_region" in item):
            item["regions"] = [item.get("region", ""), item.get("sub_region", "")]
        for name in CSV_DROPPED:
            item.pop(name, None)
        items.append(item)
    feed = parse_meeting_guide(items, ctx, format="tsml-csv")
    if any(k in CSV_DROPPED for k in keys):
        feed.problems.append(Problem(0, "", "contact", "contact names, emails and phones are never imported (anonymity)", WARNING))
    return feed


# --- BMLT ----------------------------------------------------------------------------------------


def parse_bmlt(payload: dict, ctx: Context) -> ParsedFeed:
    """BMLT semantic `GetSearchResults` JSON (every value a string; weekday 1 = Sunday)."""
    formats: dict[str, dict] = {}
    for fmt in payload.get("formats") or []:
        if isinstance(fmt, dict) and fmt.get("lang", "en") == "en":
            formats.setdefault(str(fmt.get("key_string", "")), fmt)
    bodies = {str(b.get("id")): b for b in payload.get("service_bodies") or [] if isinstance(b, dict)}
    items: list[dict] = []
    problems: list[Problem] = []
    unmapped: Counter[str] = Counter()
    for m in payload["meetings"]:
        if not isinstance(m, dict):
            items.append({"_invalid": True})
            continue
        item, keys_unmapped = _bmlt_item(m, formats, bodies, ctx)
        unmapped.update(keys_unmapped)
        items.append(item)
    feed = parse_meeting_guide([i if not i.get("_invalid") else None for i in items], ctx, format="bmlt")
    for key, count in sorted(unmapped.items()):
        name = formats.get(key, {}).get("name_string", "not in the feed's format list")
        feed.problems.append(Problem(0, "", "formats", f"format '{key}' ({name}) has no NAWS world ID or Meeting Guide code; kept as a custom code on {count} meetings", WARNING))
    feed.problems[:0] = problems
    return feed


def _bmlt_item(m: dict, formats: dict[str, dict], bodies: dict[str, dict], ctx: Context) -> tuple[dict, list[str]]:
    weekday = _text(m.get("weekday_tinyint"))
    day: Any = weekday
    if weekday.isdigit():
        day = int(weekday) - 1 if 1 <= int(weekday) <= 7 else f"{weekday} (BMLT counts 1–7)"
    start = _text(m.get("start_time"))
    end = ""
    duration = _text(m.get("duration_time"))
    if start and duration:
        try:
            s, (h, mi, *_rest) = parse_clock(start), [int(x) for x in duration.split(":")]
            end = (dt.datetime.combine(dt.date(2000, 1, 1), s) + dt.timedelta(hours=h, minutes=mi)).strftime("%H:%M")
        except (ValueError, TypeError):
            end = ""
    codes: list[str] = []
    unmapped: list[str] = []
    for key in [k for k in _text(m.get("formats")).split(",") if k]:
        fmt = formats.get(key, {})
        world = _text(fmt.get("world_id"))
        if world == "LANG" or key in BMLT_LANGUAGE_KEYS:
            codes += BMLT_LANGUAGE_KEYS.get(key, [])
        elif world in WORLD_ID_CODES:
            codes.append(WORLD_ID_CODES[world])
        elif key in BMLT_KEY_CODES:
            codes.append(BMLT_KEY_CODES[key])
        elif world == "HYBR":
            codes.append("ONL")
        elif world:
            codes.append(world)
        else:
            codes.append(key)
            unmapped.append(key)
    venue = _text(m.get("venue_type"))
    if venue in {"2", "3"} and "ONL" not in codes:
        codes.append("ONL")
    address = ", ".join(
        p for p in (
            _text(m.get("location_street")), _text(m.get("location_municipality")) or _text(m.get("location_city_subsection")),
            " ".join(x for x in (_text(m.get("location_province")), _text(m.get("location_postal_code_1"))) if x),
            _text(m.get("location_nation")),
        ) if p
    )
    body = bodies.get(_text(m.get("service_body_bigint")), {})
    attendance = {"1": "in_person", "2": "online", "3": "hybrid"}.get(venue, "")
    item = {
        "slug": _text(m.get("id_bigint")),
        "name": _text(m.get("meeting_name")),
        "day": day,
        "time": start,
        "end_time": end,
        "timezone": _text(m.get("time_zone")),
        "types": list(dict.fromkeys(codes)),
        "location": _text(m.get("location_text")),
        "location_notes": " ".join(x for x in (_text(m.get("location_info")), _text(m.get("train_lines")), _text(m.get("bus_lines"))) if x),
        "formatted_address": address,
        "postal_code": _text(m.get("location_postal_code_1")),
        "latitude": _number(m.get("latitude")),
        "longitude": _number(m.get("longitude")),
        "regions": [r for r in (_text(body.get("name")), _text(m.get("location_municipality")), _text(m.get("location_neighborhood"))) if r],
        "conference_url": _text(m.get("virtual_meeting_link")),
        "conference_url_notes": _text(m.get("virtual_meeting_additional_info")),
        "conference_phone": _text(m.get("phone_meeting_number")),
        "notes": _text(m.get("comments")),
        "alongside": {"attendance": attendance, "program": ctx.program or "na"} if attendance else {"program": ctx.program or "na"},
    }
    if _text(m.get("worldid_mixed")):
        item["naws_world_id"] = _text(m.get("worldid_mixed"))
    lang = _text(m.get("lang_enum"))
    if lang and not any(c in LANGUAGE_CODES for c in codes):
        item["alongside"]["languages"] = [lang]
    return item, unmapped


def _number(value: Any) -> float | str:
    """BMLT sends every value as a string by design; numbers are read here, not reported."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return _text(value)


def _city_only(address: str) -> bool:
    """"Philadelphia, PA, USA" (no street number in the first part) rather than a street address."""
    first = address.split(",")[0] if address else ""
    return bool(address) and not any(ch.isdigit() for ch in first)

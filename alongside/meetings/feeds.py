"""What we publish: the directory as a Meeting Guide JSON feed (with its JSON Schema) and
iCalendar feeds with RRULE and VTIMEZONE.

The Meeting Guide spec holds only weekly meetings. Every-other-week, monthly and one-off
meetings are published with their weekday and time (so TSML UI and the Meeting Guide app can
list them), a plain sentence at the start of their notes, and the exact schedule in the
`alongside` object that our importer reads back, so the feed re-imports with no loss.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
from dataclasses import dataclass

import icalendar
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.lib import geo
from alongside.lib.meetingfeeds.meeting_guide import city_only
from alongside.lib.schedule import DAY_CODES, Recurrence
from alongside.meetings import catalog
from alongside.meetings.models import Attendance, Meeting

ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


MAX_SLUG = 64  # the Meeting Guide spec's limit
MAX_PREFIX = 16  # a source's slug, shortened, so the meeting's own slug keeps most of the room
NOT_URL_SAFE = re.compile(r"[^A-Za-z0-9._~-]+")


def feed_slug(meeting: Meeting) -> str:
    """Unique, URL-safe and at most 64 characters: our own meetings keep their slug; imported
    ones are prefixed by their source's slug (shortened when long). A slug that still does not
    fit ends in a digest of the whole, so it stays the same from one publication to the next."""
    own = NOT_URL_SAFE.sub("-", meeting.slug).strip("-")
    slug = own if meeting.source is None else f"{meeting.source.slug[:MAX_PREFIX]}.{own}"
    # Room is kept for "-6", the day suffix of a meeting listed on several days.
    if own == meeting.slug and len(slug) <= MAX_SLUG - 2:
        return slug
    digest = hashlib.sha256(f"{meeting.source_id}|{meeting.slug}".encode()).hexdigest()[:8]
    return f"{slug[: MAX_SLUG - 2 - 9]}~{digest}"


def spec_types(codes: list[str]) -> list[str]:
    """The codes a Meeting Guide reader knows: the spec's, NA's and our own mapped where the
    meaning is the same, and ONL, which TSML and the Meeting Guide app read for online meetings."""
    spec = catalog.spec_codes()
    published: list[str] = []
    for code in codes:
        mapped = code if code in spec or code == "ONL" else SPEC_EQUIVALENTS.get(code)
        if mapped and mapped not in published:
            published.append(mapped)
    return published


# Codes from other vocabularies (NA's list in TSML, BMLT formats) with a spec code of the same
# meaning. The rest (Basic Text, Just for Today, Rotating format, Closed holidays …) have none and
# are kept only in our `alongside` object, so no custom code reaches `types` (where it could
# collide with an ISO 639 language code, as the spec warns).
SPEC_EQUIVALENTS = {
    "CW": "CF",  # Children Welcome: Child-Friendly
    "TOP": "D",  # Topic (discussion)
    "SWG": "ST",  # Step Working Guide study: Step Study
    "BEG": "BE",  # Beginners: Newcomer
}


def approximate_place(meeting: Meeting) -> str:
    """Where an online-only meeting is said to be, as finders need some geography: its own
    town-level address when it has one, else the principal city of its time zone (which cannot
    span zones, as the spec asks)."""
    if meeting.formatted_address:
        return meeting.formatted_address
    city = meeting.time_zone.rsplit("/", 1)[-1].replace("_", " ")
    place = geo.town_place(city)
    return place.label if place is not None else city


def describe_schedule(meeting: Meeting) -> str:
    """An English sentence for feeds (pages translate their own)."""
    days = " and ".join(DAY_NAMES[d] for d in meeting.days)
    if meeting.recurrence == Recurrence.BIWEEKLY:
        return f"Every other {days}, from {meeting.anchor_date:%Y-%m-%d}."
    if meeting.recurrence == Recurrence.MONTHLY:
        return f"The {ORDINALS.get(meeting.week_of_month or 1, '')} {days} of each month."
    if meeting.recurrence == Recurrence.ONCE:
        return f"Once only, on {meeting.anchor_date:%A %d %B %Y}."
    return ""


def meeting_guide_rows(meeting: Meeting, *, base_url: str, show_protected: bool) -> list[dict]:
    """One meeting as Meeting Guide feed objects: one per day (TSML UI cannot read a feed in
    which two meetings give `day` as a list), each with its own stable slug."""
    item = meeting_guide_item(meeting, base_url=base_url, show_protected=show_protected)
    days = list(meeting.days) or (
        [(meeting.anchor_date.weekday() + 1) % 7] if meeting.anchor_date else []
    )
    if len(days) <= 1:
        if days:
            item["day"] = days[0]
        return [item]
    series = item["slug"]
    item["alongside"]["days"] = days
    return [
        {
            **item,
            "slug": f"{series}-{day}",
            "day": day,
            "alongside": {**item["alongside"], "series": series},
        }
        for day in days
    ]


def meeting_guide_item(meeting: Meeting, *, base_url: str, show_protected: bool) -> dict:
    """One meeting as a Meeting Guide feed object (plus TSML's and our own extension keys), its
    empty optional fields left out. `day` is set by meeting_guide_rows."""
    start = meeting.start_time
    end = (
        dt.datetime.combine(dt.date(2000, 1, 1), start)
        + dt.timedelta(minutes=meeting.duration_minutes)
    ).time()
    sentence = describe_schedule(meeting)
    hide_link = meeting.conference_is_protected and not show_protected
    online_only = meeting.attendance == Attendance.ONLINE
    address = approximate_place(meeting) if online_only else meeting.formatted_address
    has_street = (
        not online_only
        and bool(meeting.formatted_address)
        and not city_only(meeting.formatted_address)
    )
    types = meeting.type_codes
    item: dict = {
        **(meeting.extra or {}),
        "name": meeting.name,
        "slug": feed_slug(meeting),
        "time": start.strftime("%H:%M"),
        "end_time": end.strftime("%H:%M"),
        "timezone": meeting.time_zone,
        "types": spec_types(types),
        "notes": f"{sentence}\n{meeting.notes}".strip() if sentence else meeting.notes,
        "location": meeting.location,
        "location_notes": meeting.location_notes,
        "formatted_address": address,
        "postal_code": meeting.postal_code,
        # "yes" means no street address (TSML UI then shows no in-person meeting), so a street
        # address placed at its ZIP code's centre still says "no".
        "approximate": "no" if has_street else "yes",
        "regions": meeting.regions,
        "conference_url": "" if hide_link else meeting.shown_conference_url,
        "conference_url_notes": "" if hide_link else meeting.conference_url_notes,
        "conference_phone": "" if hide_link else meeting.conference_phone,
        "conference_phone_notes": "" if hide_link else meeting.conference_phone_notes,
        "group": meeting.group.name if meeting.group is not None else meeting.group_name,
        "url": meeting.shown_url or base_url + reverse("meetings:meeting", args=[meeting.pk]),
        "updated": meeting.updated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "attendance_option": "inactive" if meeting.is_inactive else meeting.attendance,
        "program": meeting.program.slug,
    }
    if meeting.latitude is not None and meeting.longitude is not None and not online_only:
        item["latitude"], item["longitude"] = (
            round(meeting.latitude, 6),
            round(meeting.longitude, 6),
        )
    ours: dict = {
        "program": meeting.program.slug,
        "attendance": meeting.attendance,
        "is_inactive": meeting.is_inactive,
        "languages": meeting.language_codes,
        "recurrence": meeting.recurrence,
    }
    if item["types"] != types:
        ours["types"] = types
    if address != meeting.formatted_address:
        ours["formatted_address"] = meeting.formatted_address
    if not meeting.postal_code and address:
        ours["postal_code"] = ""  # an importer would otherwise read one out of the address
    if (item["approximate"] == "yes") != meeting.is_approximate:
        ours["is_approximate"] = meeting.is_approximate
    if online_only and meeting.latitude is not None and meeting.longitude is not None:
        ours["latitude"], ours["longitude"] = (
            round(meeting.latitude, 6),
            round(meeting.longitude, 6),
        )
    if meeting.recurrence != Recurrence.WEEKLY:
        ours["notes"] = meeting.notes
    if meeting.anchor_date:
        ours["anchor_date"] = meeting.anchor_date.isoformat()
    if meeting.week_of_month is not None:
        ours["week_of_month"] = meeting.week_of_month
    if meeting.conference_is_protected:
        ours["conference_is_protected"] = True
        if hide_link:
            ours["conference_hidden"] = True
    item["alongside"] = ours
    return {key: value for key, value in item.items() if value not in ("", None, [], {})}


def feed_queryset() -> QuerySet[Meeting]:
    return Meeting.objects.present().select_related("program", "source", "group").order_by("id")


def meeting_guide_feed(*, base_url: str, show_protected: bool) -> list[dict]:
    rows: list[dict] = []
    seen: set[str] = set()
    for meeting in feed_queryset().iterator(chunk_size=2000):
        for row in meeting_guide_rows(meeting, base_url=base_url, show_protected=show_protected):
            if row["slug"] in seen:
                # A day's row ("weekday-1") can meet another meeting's own slug; slugs must stay unique.
                digest = hashlib.sha256(f"{meeting.pk}|{row.get('day')}".encode()).hexdigest()[:8]
                row["slug"] = f"{row['slug'][: MAX_SLUG - 9]}~{digest}"
            seen.add(row["slug"])
            rows.append(row)
    return rows


@dataclass(frozen=True)
class FeedVersion:
    """The directory's version: changes whenever any meeting is added, changed or removed."""

    tag: str
    last_modified: dt.datetime | None


VERSION_KEY = "meetings:directory-version"
# Saves, deletes and imports forget the version at once (directory_changed); this bounds how long
# a change made some other way (a queryset update in a shell) can go unnoticed.
VERSION_SECONDS = 60


def feed_version() -> FeedVersion:
    """The directory's version, from the shared cache; read from the database when forgotten
    (count, newest change, highest id, newest link approval), which scans every meeting."""
    found = cache.get(VERSION_KEY)
    if found is None:
        agg = Meeting.objects.aggregate(
            n=Count("id"),
            newest=Max("updated_at"),
            top=Max("id"),
            approved=Max("conference_url_approved_at"),
        )
        tag = hashlib.sha256(
            f"{agg['n']}|{agg['newest']}|{agg['top']}|{agg['approved']}".encode()
        ).hexdigest()[:20]
        found = FeedVersion(
            tag, max((d for d in (agg["newest"], agg["approved"]) if d), default=None)
        )
        cache.set(VERSION_KEY, found, VERSION_SECONDS)
    return found


def directory_changed(**_kwargs: object) -> None:
    """Forget the directory's version now and again once the change is committed (a request in
    between could have read the old version back into the cache)."""
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))


def cached_feed(
    *, version: FeedVersion, base_url: str, show_protected: bool, gzipped: bool
) -> bytes:
    """The feed as JSON or gzip, built once per directory version (and audience: signed-in
    people see protected links), then served from the cache. Each process also keeps the latest
    gzip body it served: reading ten megabytes back out of the cache on every request cost
    most of the time of serving it (bench/results/meeting_feeds-*.md)."""
    key = f"meetings:feed:{version.tag}:{int(show_protected)}:{hashlib.sha256(base_url.encode()).hexdigest()[:12]}"
    kind = "gzip" if gzipped else "json"
    held = _latest.get((show_protected, kind))
    if held is not None and held[0] == key:
        return held[1]
    body = cache.get(f"{key}:{kind}")
    if body is None:
        plain = json.dumps(
            meeting_guide_feed(base_url=base_url, show_protected=show_protected),
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        packed = gzip.compress(plain, compresslevel=6)  # once per version, not per request
        cache.set_many({f"{key}:json": plain, f"{key}:gzip": packed}, timeout=FEED_CACHE_SECONDS)
        body = packed if gzipped else plain
    if gzipped:
        _latest[(show_protected, kind)] = (key, body)
    return body


# The latest gzip feed this process served, per audience: (cache key, body).
_latest: dict[tuple[bool, str], tuple[str, bytes]] = {}
FEED_CACHE_SECONDS = 60 * 60 * 24  # a new version is a new key; old ones simply expire


FEED_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Meeting Guide feed (as published by Alongside)",
    "description": (
        "A JSON array of meetings in the Meeting Guide format (code4recovery/spec), with the 12 Step "
        "Meeting List's attendance_option and Alongside's `alongside` object for schedules the spec "
        "cannot express. Unknown keys are allowed, as the spec allows."
    ),
    "type": "array",
    "items": {"$ref": "#/$defs/meeting"},
    "$defs": {
        "day": {
            "type": "integer",
            "minimum": 0,
            "maximum": 6,
            "description": "0 = Sunday … 6 = Saturday",
        },
        "clock": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
        "meeting": {
            "type": "object",
            "required": ["name", "slug"],
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 255},
                "slug": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 64,
                    "pattern": "^[A-Za-z0-9._~-]+$",
                },
                "day": {
                    "oneOf": [
                        {"$ref": "#/$defs/day"},
                        {"type": "array", "items": {"$ref": "#/$defs/day"}, "minItems": 1},
                    ]
                },
                "time": {"$ref": "#/$defs/clock"},
                "end_time": {"$ref": "#/$defs/clock"},
                "timezone": {
                    "type": "string",
                    "description": "IANA time zone, e.g. America/New_York",
                },
                "types": {"type": "array", "items": {"type": "string", "minLength": 1}},
                "notes": {"type": "string"},
                "location": {"type": "string"},
                "location_notes": {"type": "string"},
                "formatted_address": {"type": "string"},
                "postal_code": {"type": "string"},
                "latitude": {"type": "number", "minimum": -90, "maximum": 90},
                "longitude": {"type": "number", "minimum": -180, "maximum": 180},
                "approximate": {"enum": ["yes", "no"]},
                "regions": {"type": "array", "items": {"type": "string"}},
                "conference_url": {
                    "type": "string",
                    "anyOf": [{"maxLength": 0}, {"pattern": "^https?://"}],
                },
                "conference_url_notes": {"type": "string"},
                "conference_phone": {"type": "string", "pattern": "^[0-9+,*#() .\\-]*$"},
                "conference_phone_notes": {"type": "string"},
                "group": {"type": "string"},
                "url": {"type": "string"},
                "updated": {
                    "type": "string",
                    "pattern": "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$",
                },
                "attendance_option": {"enum": ["in_person", "online", "hybrid", "inactive"]},
                "program": {
                    "type": "string",
                    "description": "The program (aa, na, smart, …): code4recovery/spec issue 105",
                },
                "alongside": {
                    "type": "object",
                    "properties": {
                        "program": {"type": "string"},
                        "attendance": {"enum": ["in_person", "online", "hybrid"]},
                        "is_inactive": {"type": "boolean"},
                        "languages": {"type": "array", "items": {"type": "string"}},
                        "recurrence": {"enum": [r.value for r in Recurrence]},
                        "anchor_date": {"type": "string", "format": "date"},
                        "week_of_month": {"enum": [1, 2, 3, 4, 5, -1]},
                        "notes": {"type": "string"},
                        "conference_is_protected": {"type": "boolean"},
                        "conference_hidden": {"type": "boolean"},
                        "types": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "All our codes, when `types` (spec codes only) holds fewer",
                        },
                        "formatted_address": {
                            "type": "string",
                            "description": "Our own address, when the published one is an approximate town",
                        },
                        "postal_code": {"type": "string"},
                        "is_approximate": {
                            "type": "boolean",
                            "description": "Whether our map point is approximate, when `approximate` (street address or not) says otherwise",
                        },
                        "latitude": {"type": "number"},
                        "longitude": {"type": "number"},
                        "series": {
                            "type": "string",
                            "description": "A meeting held on several days is one row per day; the rows share this slug",
                        },
                        "days": {"type": "array", "items": {"$ref": "#/$defs/day"}},
                    },
                },
            },
            "dependentRequired": {"time": ["day"], "end_time": ["time"]},
        },
    },
}


# --- iCalendar ------------------------------------------------------------------------------------

ZONE_YEARS_AHEAD = 15


def _event(
    meeting: Meeting, *, base_url: str, show_protected: bool, today: dt.date
) -> icalendar.Event | None:
    schedule = meeting.schedule()
    first = schedule.first_date(today - dt.timedelta(days=7))
    if first is None:
        return None
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@alongside")
    event.add("dtstamp", timezone.now().astimezone(dt.UTC).replace(microsecond=0))
    event.add("dtstart", dt.datetime.combine(first, meeting.start_time, tzinfo=schedule.tz))
    event.add("duration", dt.timedelta(minutes=meeting.duration_minutes))
    rule = schedule.rrule()
    if rule is not None:
        event.add("rrule", rule)
    event.add("summary", f"{meeting.name} ({meeting.program.short_name})")
    page = base_url + reverse("meetings:meeting", args=[meeting.pk])
    event.add("url", page)
    if meeting.attendance != Attendance.ONLINE and meeting.formatted_address:
        event.add(
            "location", ", ".join(x for x in (meeting.location, meeting.formatted_address) if x)
        )
        if meeting.latitude is not None:
            event.add("geo", (meeting.latitude, meeting.longitude))
    lines = [describe_schedule(meeting), meeting.notes]
    if meeting.is_online:
        if meeting.conference_is_protected and not show_protected:
            lines.append(_("How to join: sign in to Alongside and open %(url)s") % {"url": page})
        else:
            lines += [
                meeting.shown_conference_url,
                meeting.conference_url_notes,
                meeting.conference_phone,
            ]
    event.add("description", "\n".join(x for x in lines if x))
    if meeting.is_inactive:
        event.add("status", "CANCELLED")
    return event


def calendar_for(
    meetings: list[Meeting], *, name: str, base_url: str, show_protected: bool
) -> bytes:
    """An iCalendar file: one recurring event per meeting, with the VTIMEZONEs they use."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Alongside//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    today = timezone.now().date()
    for meeting in meetings:
        event = _event(meeting, base_url=base_url, show_protected=show_protected, today=today)
        if event is not None:
            cal.add_component(event)
    # Transitions from a year back to ZONE_YEARS_AHEAD: a calendar application keeps a
    # subscribed or imported file for years and reads times past its last transition with the
    # last offset it knows.
    cal.add_missing_timezones(
        first_date=today - dt.timedelta(days=366),
        last_date=today.replace(year=today.year + ZONE_YEARS_AHEAD, month=12, day=31),
    )
    return cal.to_ical()


__all__ = [
    "DAY_CODES",
    "FEED_SCHEMA",
    "cached_feed",
    "calendar_for",
    "feed_version",
    "meeting_guide_feed",
]

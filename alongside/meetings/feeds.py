"""What we publish: the directory as a Meeting Guide JSON feed (with its JSON Schema) and
iCalendar feeds with RRULE and VTIMEZONE.

The Meeting Guide spec holds only weekly meetings. Every-other-week, monthly and one-off
meetings are published with their weekday and time (so TSML UI and the Meeting Guide app can
list them), a plain sentence at the start of their notes, and the exact schedule in the
`alongside` object that our importer reads back, so the feed re-imports with no loss.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import icalendar
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.lib.schedule import DAY_CODES, Recurrence
from alongside.meetings.models import Attendance, Meeting

ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def feed_slug(meeting: Meeting) -> str:
    """Unique in our feed: our own meetings keep their slug; imported ones are prefixed by source."""
    return meeting.slug if meeting.source_id is None else f"{meeting.source.slug}.{meeting.slug}"


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


def meeting_guide_item(meeting: Meeting, *, base_url: str, show_protected: bool) -> dict:
    """One meeting as a Meeting Guide feed object (plus TSML's and our own extension keys)."""
    start = meeting.start_time
    end = (dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=meeting.duration_minutes)).time()
    sentence = describe_schedule(meeting)
    hide_link = meeting.conference_is_protected and not show_protected
    item: dict = {
        **(meeting.extra or {}),
        "name": meeting.name,
        "slug": feed_slug(meeting),
        "day": meeting.days[0] if len(meeting.days) == 1 else list(meeting.days),
        "time": start.strftime("%H:%M"),
        "end_time": end.strftime("%H:%M"),
        "timezone": meeting.time_zone,
        "types": meeting.type_codes,
        "notes": f"{sentence}\n{meeting.notes}".strip() if sentence else meeting.notes,
        "location": meeting.location,
        "location_notes": meeting.location_notes,
        "formatted_address": meeting.formatted_address,
        "approximate": "yes" if meeting.is_approximate else "no",
        "regions": meeting.regions,
        "conference_url": "" if hide_link else meeting.shown_conference_url,
        "conference_url_notes": "" if hide_link else meeting.conference_url_notes,
        "conference_phone": "" if hide_link else meeting.conference_phone,
        "conference_phone_notes": "" if hide_link else meeting.conference_phone_notes,
        "group": meeting.group.name if meeting.group_id else meeting.group_name,
        "url": meeting.shown_url or base_url + reverse("meetings:meeting", args=[meeting.pk]),
        "updated": meeting.updated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "attendance_option": "inactive" if meeting.is_inactive else meeting.attendance,
        "program": meeting.program.slug,
    }
    item["postal_code"] = meeting.postal_code
    if meeting.latitude is not None:
        item["latitude"], item["longitude"] = round(meeting.latitude, 6), round(meeting.longitude, 6)
    ours: dict = {
        "program": meeting.program.slug,
        "attendance": meeting.attendance,
        "is_inactive": meeting.is_inactive,
        "languages": meeting.language_codes,
        "recurrence": meeting.recurrence,
    }
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
    return item


def feed_queryset() -> QuerySet[Meeting]:
    return Meeting.objects.present().select_related("program", "source", "group").order_by("id")


def meeting_guide_feed(*, base_url: str, show_protected: bool) -> list[dict]:
    return [meeting_guide_item(m, base_url=base_url, show_protected=show_protected) for m in feed_queryset().iterator(chunk_size=2000)]


def feed_version() -> str:
    """Changes whenever any meeting changes (for ETag): count, newest update, highest id."""
    from django.db.models import Count, Max

    agg = Meeting.objects.aggregate(n=Count("id"), newest=Max("updated_at"), top=Max("id"))
    return hashlib.sha256(f"{agg['n']}|{agg['newest']}|{agg['top']}".encode()).hexdigest()[:20]


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
        "day": {"type": "integer", "minimum": 0, "maximum": 6, "description": "0 = Sunday … 6 = Saturday"},
        "clock": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
        "meeting": {
            "type": "object",
            "required": ["name", "slug"],
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 255},
                "slug": {"type": ["string", "integer"], "minLength": 1, "maxLength": 255},
                "day": {"oneOf": [{"$ref": "#/$defs/day"}, {"type": "array", "items": {"$ref": "#/$defs/day"}, "minItems": 1}]},
                "time": {"$ref": "#/$defs/clock"},
                "end_time": {"$ref": "#/$defs/clock"},
                "timezone": {"type": "string", "description": "IANA time zone, e.g. America/New_York"},
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
                "conference_url": {"type": "string", "anyOf": [{"maxLength": 0}, {"pattern": "^https?://"}]},
                "conference_url_notes": {"type": "string"},
                "conference_phone": {"type": "string", "pattern": "^[0-9+,*#() .\\-]*$"},
                "conference_phone_notes": {"type": "string"},
                "group": {"type": "string"},
                "url": {"type": "string"},
                "updated": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$"},
                "attendance_option": {"enum": ["in_person", "online", "hybrid", "inactive"]},
                "program": {"type": "string", "description": "The program (aa, na, smart, …): code4recovery/spec issue 105"},
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
                    },
                },
            },
            "dependentRequired": {"time": ["day"], "end_time": ["time"]},
        },
    },
}


# --- iCalendar ------------------------------------------------------------------------------------

ZONE_YEARS_AHEAD = 15


def _event(meeting: Meeting, *, base_url: str, show_protected: bool, today: dt.date) -> icalendar.Event | None:
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
        event.add("location", ", ".join(x for x in (meeting.location, meeting.formatted_address) if x))
        if meeting.latitude is not None:
            event.add("geo", (meeting.latitude, meeting.longitude))
    lines = [describe_schedule(meeting), meeting.notes]
    if meeting.is_online:
        if meeting.conference_is_protected and not show_protected:
            lines.append(_("How to join: sign in to Alongside and open %(url)s") % {"url": page})
        else:
            lines += [meeting.shown_conference_url, meeting.conference_url_notes, meeting.conference_phone]
    event.add("description", "\n".join(x for x in lines if x))
    if meeting.is_inactive:
        event.add("status", "CANCELLED")
    return event


def calendar_for(meetings: list[Meeting], *, name: str, base_url: str, show_protected: bool) -> bytes:
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
    cal.add_missing_timezones(first_date=today - dt.timedelta(days=366), last_date=today.replace(year=today.year + ZONE_YEARS_AHEAD, month=12, day=31))
    return cal.to_ical()


__all__ = ["DAY_CODES", "FEED_SCHEMA", "calendar_for", "feed_version", "meeting_guide_feed"]

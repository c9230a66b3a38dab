"""Meeting search through three indexes kept with each meeting (docs/decisions/0006-meeting-search.md).

- Near a place: the meeting's grid cell and point (`geocell`, `latitude`, `longitude`), read from
  one covering index. The cells of a box around the place narrow the rows; an annotated squared
  distance ranks them; then the great-circle distance of the few candidates left.
- A day: a bit per weekday on the meeting (`day_mask`), tested before any text.
- "Starting soonest" and "in the next N hours": a WeeklySlot per day a meeting meets, with its
  UTC minute of the week in winter and in summer. The slots are ranked by minutes ahead of now in
  SQL; the exact next occurrence, in each meeting's own zone, is worked out for the page's
  candidates only.
- Online meetings have no map point: they are searched apart and listed as their own section.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.lib import geo
from alongside.lib.schedule import MINUTES_PER_WEEK, Occurrence, utc_week_minute, zone
from alongside.meetings import catalog
from alongside.meetings.models import Attendance, Meeting, WeeklySlot

MAX_HOURS = 7 * 24
MAX_RADIUS_KM = 250
DEFAULT_RADIUS_KM = 25
# What a result shows and its next start needs; a meeting has some forty columns.
RESULT_FIELDS = [
    "name", "program", "group", "group_name", "attendance", "is_inactive", "openness", "types", "languages", "location",
    "formatted_address", "latitude", "longitude", "recurrence", "days", "start_time", "duration_minutes", "time_zone",
    "anchor_date", "week_of_month",
]


@dataclass
class SearchQuery:
    near: str = ""
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    within_hours: float | None = None
    days: list[int] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    attendance: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    demographics: list[str] = field(default_factory=list)
    openness: str = ""
    include_online: bool = True
    viewer_time_zone: str = "UTC"
    now: dt.datetime | None = None
    limit: int = 20
    online_limit: int = 10  # beside nearby meetings, the soonest online ones

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def codes(self) -> list[str]:
        """Every type code asked for (formats, accessibility, who it is for): all are required."""
        return [*self.types, *self.accessibility, *self.demographics]


@dataclass
class Result:
    meeting: Meeting
    next_start: dt.datetime | None  # in the viewer's zone
    occurrence: Occurrence | None
    distance_km: float | None
    reasons: list[str]
    section: str  # "near" | "online" | "all"

    @property
    def distance_miles(self) -> float | None:
        return None if self.distance_km is None else self.distance_km / geo.KM_PER_MILE

    @property
    def local_start(self) -> dt.datetime | None:
        """The start in the meeting's own zone (shown beside the viewer's when they differ)."""
        return self.occurrence.starts_at.astimezone(zone(self.meeting.time_zone)) if self.occurrence else None


@dataclass
class SearchResults:
    query: SearchQuery
    near: list[Result]
    online: list[Result]
    others: list[Result]
    place: geo.Place | None = None
    near_total: int = 0
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def all(self) -> list[Result]:
        return [*self.near, *self.others, *self.online]

    @property
    def count(self) -> int:
        return len(self.all)


def search(q: SearchQuery) -> SearchResults:
    """Nearest first near a place, with the soonest online meetings apart; soonest first otherwise."""
    now = q.now or timezone.now()
    hours = min(q.within_hours, MAX_HOURS) if q.within_hours else None
    results = SearchResults(query=q, near=[], online=[], others=[])
    if q.has_point:
        candidates = _nearest(q, max(0.5, min(q.radius_km, MAX_RADIUS_KM)), now, hours)
        results.near_total = len(candidates)
        results.near = _nearest_results(candidates, q, now, hours)
        if q.include_online and (not q.attendance or Attendance.ONLINE in q.attendance):
            online = dataclasses.replace(q, limit=q.online_limit)
            results.online = _soonest(_slots(q, online_only=True), online, now, hours, "online")
    else:
        # With only online meetings asked for, the slots' own flag rather than the meeting's
        # column: the online slots' indexes then serve the search.
        only_online = q.attendance == [Attendance.ONLINE]
        results.others = _soonest(_slots(q, online_only=only_online), q, now, hours, "all")
    return results


# --- filters -----------------------------------------------------------------------------------------


def _row_filters(q: SearchQuery, *, via: str = "", attendance: bool = True) -> Q:
    """The filters read from the meeting's own row (`via` leads there from a slot)."""
    found = Q()
    if q.programs:
        found &= Q(**{f"{via}program__slug__in": q.programs})
    if q.attendance and attendance:
        found &= Q(**{f"{via}attendance__in": q.attendance})
    if q.openness:
        found &= Q(**{f"{via}openness": q.openness})
    if q.languages:
        found &= reduce(or_, (Q(**{f"{via}languages__contains": f" {code} "}) for code in q.languages))
    return found


def _with_codes(rows: QuerySet, codes: list[str]) -> QuerySet:
    """Rows whose type codes hold every code asked for, each as a whole word (they are kept
    space-padded)."""
    for code in codes:
        rows = rows.filter(types__contains=f" {code} ")
    return rows


def _within(here: int, span: int) -> Q:
    """Slots with a minute of the week (winter or summer) no more than `span` after `here`."""
    if span >= MINUTES_PER_WEEK - 1:
        return Q()
    ranges = [(here, min(here + span, MINUTES_PER_WEEK - 1))]
    if here + span >= MINUTES_PER_WEEK:  # on past the week's end
        ranges.append((0, here + span - MINUTES_PER_WEEK))
    return reduce(or_, (Q(**{f"{column}__range": bounds}) for column in ("winter_minute", "summer_minute") for bounds in ranges))


# --- near a place ------------------------------------------------------------------------------------


def _nearest(q: SearchQuery, radius: float, now: dt.datetime, hours: float | None) -> list[tuple[float, int]]:
    """(km, id) of the nearest meetings within the radius, nearest first: the `limit * 4` nearest
    by squared equirectangular distance (which, within 250 km, orders points as the great circle
    does, in arithmetic both databases run), then their exact distance."""
    lat, lng = q.latitude, q.longitude
    assert lat is not None and lng is not None
    box = geo.bounding_box(lat, lng, radius)
    meetings = Meeting.objects.order_by()
    # The cheap tests first: SQLite applies them in the order written, and a type code is a LIKE.
    if q.days:
        meetings = meetings.alias(on_days=F("day_mask").bitand(sum(1 << d for d in set(q.days)))).filter(on_days__gt=0)
    meetings = _with_codes(meetings.exclude(attendance=Attendance.ONLINE).filter(_row_filters(q), is_inactive=False), q.codes)
    if hours is not None:
        meetings = meetings.filter(pk__in=WeeklySlot.objects.filter(_within(utc_week_minute(now), int(hours * 60))).values("meeting"))
    cells = geo.cells_for_box(box)
    if cells is not None:
        meetings = meetings.filter(geocell__in=cells)
    k2 = math.cos(math.radians(lat)) ** 2
    squared = (F("latitude") - lat) * (F("latitude") - lat) + (F("longitude") - lng) * (F("longitude") - lng) * k2
    # A hair of slack for rounding: the exact distance below has the last word.
    reach = math.degrees(radius / geo.EARTH_RADIUS_KM) ** 2 * 1.0001
    rows = (
        meetings.filter(latitude__range=(box.min_lat, box.max_lat), longitude__range=(box.min_lng, box.max_lng))
        .annotate(squared=squared)
        .filter(squared__lte=reach)
        .order_by("squared", "pk")
        .values_list("pk", "latitude", "longitude")[: q.limit * 4]
    )
    candidates = [(geo.distance_km(lat, lng, plat, plng), pk) for pk, plat, plng in rows]
    return sorted((km, pk) for km, pk in candidates if km <= radius)


def _nearest_results(candidates: list[tuple[float, int]], q: SearchQuery, now: dt.datetime, hours: float | None) -> list[Result]:
    """The nearest candidates with their next start, dropping any that have none in the window."""
    found: list[Result] = []
    for start in range(0, len(candidates), q.limit + 5):
        chunk = candidates[start : start + q.limit + 5]
        rows = _rows([pk for _km, pk in chunk])
        for distance, pk in chunk:
            occurrence = _next(rows[pk], now, hours) if pk in rows else None
            if occurrence is not None:
                found.append(_result(rows[pk], occurrence, distance, q, now))
                if len(found) == q.limit:
                    return found
    return found


# --- soonest first -----------------------------------------------------------------------------------


def _slots(q: SearchQuery, *, online_only: bool) -> QuerySet[WeeklySlot]:
    """The listed slots the search's filters keep: the slots' own columns first, the meeting's
    row only for the rarer filters (program, attendance, openness, language)."""
    slots = WeeklySlot.objects.filter(is_inactive=False)
    if online_only:
        # An equality, not Django's bare boolean column: the planner then reads the online slots'
        # own indexes.
        slots = slots.filter(online=Value(True))
    if q.days:
        slots = slots.filter(weekday__in=sorted(set(q.days)))
    return _with_codes(slots, q.codes).filter(_row_filters(q, via="meeting__", attendance=not online_only))


def _ahead(slots: QuerySet[WeeklySlot], here: int, span: int) -> QuerySet:
    """The meeting ids of the slots no more than `span` minutes after the week's minute `here`,
    soonest first (by the sooner of their winter and summer minute; a minute outside the span is
    further ahead than one inside it, so the smaller of the two is the one that counts)."""
    winter, summer = ((F(column) + (MINUTES_PER_WEEK - here)) % MINUTES_PER_WEEK for column in ("winter_minute", "summer_minute"))
    return slots.filter(_within(here, span)).annotate(ahead=Least(winter, summer)).order_by("ahead", "meeting_id").values_list("meeting_id", flat=True)


def _each_once(ids: QuerySet, size: int, exclude: set[int]) -> Iterator[list[int]]:
    """The ids in their order, each once, read `size` at a time."""
    seen = set(exclude)
    for start in itertools.count(0, size):
        page = list(ids[start : start + size])
        fresh = [pk for pk in dict.fromkeys(page) if pk not in seen]
        seen.update(fresh)
        if fresh:
            yield fresh
        if len(page) < size:
            return


def _soonest(slots: QuerySet[WeeklySlot], q: SearchQuery, now: dt.datetime, hours: float | None, section: str) -> list[Result]:
    """The meetings starting soonest. The slots give each candidate's start to the minute (one of
    two offsets), so only the page's candidates are loaded. Without a time window the next 6 and 24
    hours are tried before the whole week: a short window has few slots to rank."""
    here = utc_week_minute(now)
    horizons = [hours] if hours is not None else [*([] if q.days else [6, 24]), MAX_HOURS]
    found: dict[int, tuple[Occurrence, Meeting]] = {}
    for horizon in horizons:
        # Some to spare for meetings with no start in the window after all (a fortnightly one in
        # its week off, a slot whose other offset was the one in the window).
        for ids in _each_once(_ahead(slots, here, min(int(horizon * 60), MINUTES_PER_WEEK - 1)), q.limit + 6, set(found)):
            rows = _rows(ids)
            for pk in ids:
                occurrence = _next(rows[pk], now, horizon if hours is not None else None) if pk in rows else None
                if occurrence is not None and occurrence.starts_at <= now + dt.timedelta(hours=horizon):
                    found[pk] = (occurrence, rows[pk])
            if len(found) >= q.limit:
                break
        if len(found) >= q.limit:
            break
    soonest = sorted(found.values(), key=lambda item: (item[0].starts_at, item[1].pk))[: q.limit]
    return [_result(meeting, occurrence, None, q, now, section) for occurrence, meeting in soonest]


# --- results -----------------------------------------------------------------------------------------


def _rows(ids: list[int]) -> dict[int, Meeting]:
    """The page's meetings with their programs, in one query; other fields load on use."""
    return Meeting.objects.select_related("program").only(*RESULT_FIELDS).order_by().in_bulk(ids)


def _next(meeting: Meeting, now: dt.datetime, hours: float | None) -> Occurrence | None:
    schedule = meeting.schedule()
    if hours is not None:
        found = schedule.occurrences_between(now, now + dt.timedelta(hours=hours))
        return found[0] if found else None
    return schedule.next_occurrence(now)


def _result(meeting: Meeting, occurrence: Occurrence, distance: float | None, q: SearchQuery, now: dt.datetime, section: str = "near") -> Result:
    return Result(
        meeting=meeting,
        next_start=occurrence.starts_at.astimezone(zone(q.viewer_time_zone)),
        occurrence=occurrence,
        distance_km=distance,
        reasons=reasons_for(q, meeting, occurrence, distance, now),
        section=section,
    )


def starts_in_words(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return ngettext("starts in %(n)d minute", "starts in %(n)d minutes", minutes) % {"n": minutes}
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return _("starts in %(h)d h %(m)02d min") % {"h": hours, "m": rest}
    return ngettext("starts in %(n)d day", "starts in %(n)d days", hours // 24) % {"n": hours // 24}


def reasons_for(q: SearchQuery, meeting: Meeting, occurrence: Occurrence, distance: float | None, now: dt.datetime) -> list[str]:
    """Why a meeting is in the results, in the words of what was asked."""
    reasons: list[str] = []
    if q.programs:
        reasons.append(meeting.program.short_name)
    if distance is not None:
        where = q.near or _("your location")
        reasons.append(_("%(km).1f km (%(mi).1f mi) from %(where)s") % {"km": distance, "mi": distance / geo.KM_PER_MILE, "where": where})
    elif meeting.attendance == Attendance.ONLINE:
        reasons.append(_("online: join from anywhere"))
    if q.within_hours:
        reasons.append(starts_in_words(occurrence.starts_at - now))
    if q.days:
        reasons.append(_("meets on the day you chose"))
    if q.attendance:
        reasons.append(meeting.get_attendance_display())
    reasons.extend(catalog.type_label(code) for code in q.codes)
    if q.languages:
        reasons.append(", ".join(catalog.language_label(code) for code in meeting.language_codes if code in q.languages))
    if q.openness:
        reasons.append(meeting.get_openness_display())
    return reasons

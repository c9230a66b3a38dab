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
- Pages: the total is one COUNT of the filtered rows; the next page starts after the last
  result's sort key (its start, or its distance, and its id), carried in a signed cursor with the
  moment the search was first made, so every page ranks from the same "now".
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
from typing import TypedDict

from django.core import signing
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_stubs_ext import WithAnnotations

from alongside.lib import geo
from alongside.lib.schedule import MINUTES_PER_WEEK, Occurrence, utc_week_minute, zone
from alongside.meetings import catalog
from alongside.meetings.models import Attendance, Meeting, Recurrence, WeeklySlot

MAX_HOURS = 7 * 24
MAX_RADIUS_KM = 250
DEFAULT_RADIUS_KM = 25
# What a result shows and its next start needs; a meeting has some forty columns.
RESULT_FIELDS = [
    "name",
    "program",
    "group",
    "group_name",
    "attendance",
    "is_inactive",
    "openness",
    "types",
    "languages",
    "location",
    "formatted_address",
    "latitude",
    "longitude",
    "recurrence",
    "days",
    "start_time",
    "duration_minutes",
    "time_zone",
    "anchor_date",
    "week_of_month",
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
    # The sort keys (start as epoch seconds, or distance in km; then the id) that ended each
    # earlier page: the list goes on after the last one.
    trail: list[tuple[float, int]] = field(default_factory=list)

    @property
    def after(self) -> tuple[float, int] | None:
        return self.trail[-1] if self.trail else None

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
    def key(self) -> tuple[float, int]:
        """Where it stands in its list: distance near a place, else its start; then its id."""
        if self.distance_km is not None:
            return (self.distance_km, self.meeting.pk)
        assert self.occurrence is not None
        return (self.occurrence.starts_at.timestamp(), self.meeting.pk)

    @property
    def local_start(self) -> dt.datetime | None:
        """The start in the meeting's own zone (shown beside the viewer's when they differ)."""
        return (
            self.occurrence.starts_at.astimezone(zone(self.meeting.time_zone))
            if self.occurrence
            else None
        )


@dataclass
class SearchResults:
    query: SearchQuery
    near: list[Result]
    online: list[Result]
    others: list[Result]
    place: geo.Place | None = None
    near_total: int = 0  # meetings in person within the distance that match
    online_total: int = 0  # online meetings that match, beside a place search
    others_total: int = 0  # meetings that match, without a place
    has_more: bool = False  # another page follows the main list (near, or others)
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def all(self) -> list[Result]:
        return [*self.near, *self.others, *self.online]

    @property
    def count(self) -> int:
        """Every meeting that matches, on this page or another."""
        return self.near_total + self.online_total + self.others_total

    @property
    def next_cursor(self) -> str | None:
        rows = self.near if self.query.has_point else self.others
        return (
            encode_cursor(self.query, [*self.query.trail, rows[-1].key]) if self.has_more else None
        )

    @property
    def previous_cursor(self) -> str | None:
        """The page before this one; "" for the first page."""
        if not self.query.trail:
            return None
        return encode_cursor(self.query, self.query.trail[:-1]) if len(self.query.trail) > 1 else ""


class BadCursor(ValueError):
    """A cursor this server did not write, or one for another kind of search."""


def encode_cursor(q: SearchQuery, trail: list[tuple[float, int]]) -> str:
    now = q.now or timezone.now()
    return signing.dumps(
        {"now": now.timestamp(), "near": q.has_point, "trail": trail},
        salt="meetings.search",
        compress=True,
    )


def apply_cursor(q: SearchQuery, cursor: str) -> SearchQuery:
    """The query for the page the cursor names: the first search's moment and the page keys so
    far. Raises BadCursor."""
    try:
        data = signing.loads(cursor, salt="meetings.search")
        now = dt.datetime.fromtimestamp(float(data["now"]), dt.UTC)
        trail = [(float(key), int(pk)) for key, pk in data["trail"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadCursor("not a cursor from this search") from exc
    if data.get("near") != q.has_point:
        raise BadCursor("a cursor from another kind of search")
    return dataclasses.replace(q, now=now, trail=trail)


def search(q: SearchQuery) -> SearchResults:
    """Nearest first near a place, with the soonest online meetings apart; soonest first otherwise."""
    now = q.now or timezone.now()
    hours = min(q.within_hours, MAX_HOURS) if q.within_hours else None
    q = dataclasses.replace(q, now=now)
    results = SearchResults(query=q, near=[], online=[], others=[])
    # One more than the page holds, to know whether another page follows.
    more = dataclasses.replace(q, limit=q.limit + 1)
    if q.has_point:
        radius = max(0.5, min(q.radius_km, MAX_RADIUS_KM))
        near = _near(q, radius, now, hours)
        results.near_total = near.count()
        results.near = _nearest_results(_nearest(near, more, radius), more, now, hours)
        if q.include_online and (not q.attendance or Attendance.ONLINE in q.attendance):
            online = dataclasses.replace(q, limit=q.online_limit, trail=[])
            slots = _slots(online, online_only=True, now=now, hours=hours)
            results.online_total = _count(slots)
            # The online section stands beside the first page of nearby meetings.
            results.online = _soonest(slots, online, now, hours, "online") if not q.trail else []
    else:
        # With only online meetings asked for, the slots' own flag rather than the meeting's
        # column: the online slots' indexes then serve the search.
        slots = _slots(q, online_only=q.attendance == [Attendance.ONLINE], now=now, hours=hours)
        results.others_total = _count(slots)
        results.others = _soonest(slots, more, now, hours, "all")
    rows = results.near if q.has_point else results.others
    results.has_more = len(rows) > q.limit
    del rows[q.limit :]
    return results


def _count(slots: QuerySet[WeeklySlot]) -> int:
    """The meetings the slots belong to. In a time window this counts from the index: a
    fortnightly meeting in its week off is counted but not listed."""
    return slots.values("meeting").distinct().count()


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
        found &= reduce(
            or_, (Q(**{f"{via}languages__contains": f" {code} "}) for code in q.languages)
        )
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
    return reduce(
        or_,
        (
            Q(**{f"{column}__range": bounds})
            for column in ("winter_minute", "summer_minute")
            for bounds in ranges
        ),
    )


# --- near a place ------------------------------------------------------------------------------------


class Squared(TypedDict):
    """The annotation _near adds: the squared equirectangular distance from the point."""

    squared: float


def _near(
    q: SearchQuery, radius: float, now: dt.datetime, hours: float | None
) -> QuerySet[WithAnnotations[Meeting, Squared]]:
    """The meetings in person within the radius that match, annotated with their squared
    equirectangular distance (which, within 250 km, orders points as the great circle does, in
    arithmetic both databases run)."""
    lat, lng = q.latitude, q.longitude
    assert lat is not None and lng is not None
    box = geo.bounding_box(lat, lng, radius)
    meetings: QuerySet[Meeting] = Meeting.objects.order_by()
    # The cheap tests first: SQLite applies them in the order written, and a type code is a LIKE.
    if q.days:
        meetings = meetings.alias(
            on_days=F("day_mask").bitand(sum(1 << d for d in set(q.days)))
        ).filter(on_days__gt=0)
    meetings = _with_codes(
        meetings.exclude(attendance=Attendance.ONLINE).filter(_row_filters(q), is_inactive=False),
        q.codes,
    )
    if hours is not None:
        meetings = meetings.filter(
            pk__in=WeeklySlot.objects.filter(_within(utc_week_minute(now), int(hours * 60))).values(
                "meeting"
            )
        )
    cells = geo.cells_for_box(box)
    if cells is not None:
        meetings = meetings.filter(geocell__in=cells)
    k2 = math.cos(math.radians(lat)) ** 2
    squared = (F("latitude") - lat) * (F("latitude") - lat) + (F("longitude") - lng) * (
        F("longitude") - lng
    ) * k2
    # A hair of slack for rounding: the exact distance in _nearest has the last word.
    return (
        meetings.filter(
            latitude__range=(box.min_lat, box.max_lat), longitude__range=(box.min_lng, box.max_lng)
        )
        .annotate(squared=squared)
        .filter(squared__lte=_squared(radius) * 1.0001)
    )


def _squared(km: float) -> float:
    return math.degrees(km / geo.EARTH_RADIUS_KM) ** 2


def _nearest(
    near: QuerySet[WithAnnotations[Meeting, Squared]], q: SearchQuery, radius: float
) -> list[tuple[float, int]]:
    """(km, id) of the `limit * 4` nearest meetings after the page's start, nearest first, with
    their exact distance."""
    if q.after is not None:
        # Some slack below the last distance shown: the exact distance then decides.
        near = near.filter(squared__gte=_squared(q.after[0]) * 0.99)
    rows = near.order_by("squared", "pk").values_list("pk", "latitude", "longitude")[: q.limit * 4]
    assert q.latitude is not None and q.longitude is not None
    candidates = [
        (geo.distance_km(q.latitude, q.longitude, plat, plng), pk)
        for pk, plat, plng in rows
        if plat is not None and plng is not None  # always: _near kept meetings within a box
    ]
    return sorted(c for c in candidates if c[0] <= radius and (q.after is None or c > q.after))


def _nearest_results(
    candidates: list[tuple[float, int]], q: SearchQuery, now: dt.datetime, hours: float | None
) -> list[Result]:
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


def _slots(
    q: SearchQuery, *, online_only: bool, now: dt.datetime, hours: float | None
) -> QuerySet[WeeklySlot]:
    """The listed slots the search's filters keep: the slots' own columns first, the meeting's
    row only for the rarer filters (program, attendance, openness, language)."""
    slots = WeeklySlot.objects.filter(is_inactive=False)
    if hours is not None:
        slots = slots.filter(_within(utc_week_minute(now), int(hours * 60)))
    if online_only:
        # An equality, not Django's bare boolean column: the planner then reads the online slots'
        # own indexes.
        slots = slots.filter(online=Value(True))
    if q.days:
        slots = slots.filter(weekday__in=sorted(set(q.days)))
    return _with_codes(slots, q.codes).filter(
        _row_filters(q, via="meeting__", attendance=not online_only)
    )


def _ahead(slots: QuerySet[WeeklySlot], here: int, span: int, skip: int) -> QuerySet:
    """The meeting ids of the slots no more than `span` minutes after the week's minute `here`,
    soonest first (by the sooner of their winter and summer minute; a minute outside the span is
    further ahead than one inside it, so the smaller of the two is the one that counts).

    A later page `skip`s the weekly meetings that start more than `skip` minutes ahead: a weekly
    meeting starts at one of its two minutes, an hour apart at most, and one whose other minute
    ran past the week's end is ranked within the first hour. Meetings on other schedules may
    start weeks after their slot's minute, so they are always read."""
    winter, summer = (
        (F(column) + (MINUTES_PER_WEEK - here)) % MINUTES_PER_WEEK
        for column in ("winter_minute", "summer_minute")
    )
    slots = slots.filter(_within(here, span)).annotate(ahead=Least(winter, summer))
    if skip > 60:
        slots = slots.filter(
            Q(ahead__gte=skip - 60) | Q(ahead__lt=60) | ~Q(meeting__recurrence=Recurrence.WEEKLY)
        )
    return slots.order_by("ahead", "meeting_id").values_list("meeting_id", flat=True)


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


def _soonest(
    slots: QuerySet[WeeklySlot], q: SearchQuery, now: dt.datetime, hours: float | None, section: str
) -> list[Result]:
    """The meetings starting soonest (after the page's start). The slots give each candidate's
    start to the minute (one of two offsets), so only the page's candidates are loaded. Without a
    time window the next 6 and 24 hours are tried before the whole week: a short window has few
    slots to rank. The last pass takes every meeting's next start, however far off: a monthly
    meeting, or a fortnightly one in its week off, starts after the week its slots cover."""
    here = utc_week_minute(now)
    after = dt.datetime.fromtimestamp(q.after[0], dt.UTC) if q.after else now
    skip = int((after - now).total_seconds() // 60)
    horizons = [hours] if hours is not None else [*([] if q.days else [6, 24]), None]
    found: dict[int, tuple[Occurrence, Meeting]] = {}
    for horizon in horizons:
        end = now + dt.timedelta(hours=horizon) if horizon is not None else None
        if end is not None and end <= after:
            continue
        span = (
            MINUTES_PER_WEEK - 1
            if horizon is None
            else min(int(horizon * 60), MINUTES_PER_WEEK - 1)
        )
        in_window = 0
        # Some to spare for meetings with no start in the window after all (a fortnightly one in
        # its week off, a slot whose other offset was the one in the window).
        for ids in _each_once(_ahead(slots, here, span, skip), q.limit + 6, set(found)):
            rows = _rows(ids)
            for pk in ids:
                occurrence = _next(rows[pk], now, hours) if pk in rows else None
                if occurrence is None or (end is not None and occurrence.starts_at > end):
                    continue
                if q.after is None or (occurrence.starts_at.timestamp(), pk) > q.after:
                    found[pk] = (occurrence, rows[pk])
            # Only starts within the week count towards a full page: one further off may still
            # come after meetings not read yet.
            in_window = sum(
                1
                for occurrence, _m in found.values()
                if occurrence.starts_at <= now + dt.timedelta(hours=MAX_HOURS)
            )
            if in_window >= q.limit:
                break
        if in_window >= q.limit:
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


def _result(
    meeting: Meeting,
    occurrence: Occurrence,
    distance: float | None,
    q: SearchQuery,
    now: dt.datetime,
    section: str = "near",
) -> Result:
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
        return ngettext("starts in %(n)d minute", "starts in %(n)d minutes", minutes) % {
            "n": minutes
        }
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return _("starts in %(h)d h %(m)02d min") % {"h": hours, "m": rest}
    return ngettext("starts in %(n)d day", "starts in %(n)d days", hours // 24) % {"n": hours // 24}


def reasons_for(
    q: SearchQuery,
    meeting: Meeting,
    occurrence: Occurrence,
    distance: float | None,
    now: dt.datetime,
) -> list[str]:
    """Why a meeting is in the results, in the words of what was asked."""
    reasons: list[str] = []
    if q.programs:
        reasons.append(meeting.program.short_name)
    if distance is not None:
        where = q.near or _("your location")
        reasons.append(
            _("%(km).1f km (%(mi).1f mi) from %(where)s")
            % {"km": distance, "mi": distance / geo.KM_PER_MILE, "where": where}
        )
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
        reasons.append(
            ", ".join(
                catalog.language_label(code)
                for code in meeting.language_codes
                if code in q.languages
            )
        )
    if q.openness:
        reasons.append(meeting.get_openness_display())
    return reasons

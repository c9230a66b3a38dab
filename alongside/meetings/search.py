"""Meeting search: indexed prefilters in SQL, exact checks in Python on the few candidates left.

- Distance: grid cells and a latitude/longitude box, read from one covering index, ranked by a
  squared distance in SQL; then the great-circle distance of those candidates only. In a dense
  place a smaller circle is tried first: when it alone holds enough candidates, they are the
  nearest ones, and the rest of the box is never read.
- "Starting soonest" and "in the next N hours": each weekly slot keeps its UTC minute of the week
  in winter and in summer, indexed, so the slots are read in order of minutes ahead from now, a
  few at a time, until the first candidates are certain; then the exact next occurrence in each
  meeting's own zone.
- Online meetings have no map point: they are searched apart and listed as their own section.
- Only the page of results is loaded as rows, in one query with its programs.

The two hot queries are written in SQL directly (the same SQL on SQLite and PostgreSQL): building
them through the ORM took longer than running them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection
from django.db.models import signals
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_time
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from alongside.lib import geo
from alongside.lib.schedule import MINUTES_PER_WEEK, Occurrence, utc_week_minute, week_windows, zone
from alongside.meetings import catalog
from alongside.meetings.models import Attendance, Meeting, Program

MAX_HOURS = 7 * 24
MAX_RADIUS_KM = 250
DEFAULT_RADIUS_KM = 25
# A search near a place with no narrowing filter first looks within this share of its radius.
INNER_RING = 0.25
# "Soonest first" with a filter on the meeting's row first reads up to this many slots at once.
PROBE = 2000


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


# --- SQL -------------------------------------------------------------------------------------------


class _Where:
    """Conditions joined by AND, with their parameters (%s placeholders, as Django's cursors take)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list[object] = []

    def add(self, sql: str, *params: object) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    def __str__(self) -> str:
        return " AND ".join(self.parts)

    def copy(self) -> _Where:
        found = _Where()
        found.parts, found.params = list(self.parts), list(self.params)
        return found


def _marks(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def _holds_code(column: str, code: str) -> tuple[str, str]:
    """`column` holds the code as a whole word (codes are kept space-padded): Django's `contains`."""
    return f"{column} {connection.operators['contains'] % '%s'}", f"%{connection.ops.prep_for_like_query(f' {code} ')}%"


def _meeting_filters(w: _Where, q: SearchQuery, alias: str, *, attendance: bool = True, slot_columns: bool = False) -> None:
    """The search's filters on meeting columns. With `slot_columns`, the inactive flag and type
    codes the slots carry themselves are left out."""
    if not slot_columns:
        w.add(f"NOT {alias}.is_inactive")
    if q.programs:
        w.add(f"{alias}.program_id IN (SELECT p.id FROM meetings_program p WHERE p.slug IN ({_marks(q.programs)}))", *q.programs)  # noqa: S608 - values go as parameters
    if q.attendance and attendance:
        w.add(f"{alias}.attendance IN ({_marks(q.attendance)})", *q.attendance)
    if q.openness:
        w.add(f"{alias}.openness = %s", q.openness)
    if not slot_columns:
        for code in q.codes:
            w.add(*_holds_code(f"{alias}.types", code))
    if q.languages:
        any_language = [_holds_code(f"{alias}.languages", lang) for lang in q.languages]
        w.add("(" + " OR ".join(sql for sql, _p in any_language) + ")", *(p for _s, p in any_language))


def _rows_of(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# What a result shows and its next start needs; a Meeting row has some forty columns.
RESULT_FIELDS = [
    "id", "name", "program_id", "group_id", "group_name", "attendance", "is_inactive", "openness", "types", "languages",
    "location", "formatted_address", "latitude", "longitude", "recurrence", "days", "start_time", "duration_minutes",
    "time_zone", "anchor_date", "week_of_month",
]
PROGRAM_FIELDS = [f.attname for f in Program._meta.concrete_fields]
_COLUMNS = ", ".join([*(f"m.{name}" for name in RESULT_FIELDS), *(f"p.{name}" for name in PROGRAM_FIELDS)])
_ROWS_SQL = f"SELECT {_COLUMNS} FROM meetings_meeting m INNER JOIN meetings_program p ON p.id = m.program_id WHERE m.id IN ({{ids}})"  # noqa: S608 - column names only
_PROGRAM_BOOLEANS = [i for i, f in enumerate(Program._meta.concrete_fields) if f.get_internal_type() == "BooleanField"]


def _loaded(model: type, values: dict, db: str):  # type: ignore[no-untyped-def]
    """A model instance as the ORM loads one (fields not given are deferred), without its
    per-field __init__: nothing listens for these models' init signals."""
    instance = model.__new__(model)
    instance.__dict__.update(values)
    state = ModelState()
    state.adding, state.db = False, db
    instance._state = state
    return instance


def _rows(ids: list[int]) -> dict[int, Meeting]:
    """The page's rows with their programs, in one query; fields outside RESULT_FIELDS load on use."""
    if not ids:
        return {}
    if any(signal.has_listeners(model) for signal in (signals.pre_init, signals.post_init) for model in (Meeting, Program)):
        found = Meeting.objects.select_related("program").only(*[n.removesuffix("_id") for n in RESULT_FIELDS]).filter(pk__in=ids).order_by()
        return {m.pk: m for m in found}
    db = connection.alias
    programs: dict[int, Program] = {}
    found: dict[int, Meeting] = {}
    count = len(RESULT_FIELDS)
    parsed: dict = {}  # the same few day lists and start times come back on most rows
    for row in _rows_of(_ROWS_SQL.format(ids=_marks(ids)), list(ids)):
        values = dict(zip(RESULT_FIELDS, row[:count], strict=True))
        values["is_inactive"] = bool(values["is_inactive"])
        days = values["days"]
        if isinstance(days, str):
            if days not in parsed:
                parsed[days] = json.loads(days)
            days = list(parsed[days])
        values["days"] = days
        start = values["start_time"]
        if not isinstance(start, dt.time):
            if start not in parsed:
                parsed[start] = parse_time(start)
            start = parsed[start]
        values["start_time"] = start
        anchor = values["anchor_date"]
        values["anchor_date"] = anchor if anchor is None or isinstance(anchor, dt.date) else parse_date(anchor)
        meeting = _loaded(Meeting, values, db)
        program = programs.get(values["program_id"])
        if program is None:
            program_row = list(row[count:])
            for i in _PROGRAM_BOOLEANS:
                program_row[i] = bool(program_row[i])
            program = programs[values["program_id"]] = _loaded(Program, dict(zip(PROGRAM_FIELDS, program_row, strict=True)), db)
        meeting._state.fields_cache["program"] = program
        found[meeting.pk] = meeting
    return found


def _next(meeting: Meeting, now: dt.datetime, hours: float | None) -> Occurrence | None:
    schedule = meeting.schedule()
    if hours is not None:
        found = schedule.occurrences_between(now, now + dt.timedelta(hours=hours))
        return found[0] if found else None
    return schedule.next_occurrence(now)


# --- search ----------------------------------------------------------------------------------------


def search(q: SearchQuery) -> SearchResults:
    """Run a search; see the module docstring for how each part stays fast at scale."""
    now = q.now or timezone.now()
    viewer = zone(q.viewer_time_zone)
    hours = min(q.within_hours, MAX_HOURS) if q.within_hours else None
    reasons = _Reasons(q, now)
    results = SearchResults(query=q, near=[], online=[], others=[])
    rows = _Loader()
    if q.has_point:
        radius = max(0.5, min(q.radius_km, MAX_RADIUS_KM))
        candidates = _nearest(q, radius, now, hours)
        results.near_total = len(candidates)
        if q.include_online and (not q.attendance or Attendance.ONLINE in q.attendance):
            # The online section first, its first rows loaded with the nearest meetings' (one
            # query for both); the two sections do not depend on each other.
            rows.want([pk for _d, pk in candidates[: q.limit + 5]])
            online = SearchQuery(**{**q.__dict__, "limit": q.online_limit})
            results.online = _soonest(_slot_filters(q, online_only=True), online, now, hours, viewer, "online", reasons, rows)
        results.near = _materialize(candidates, q, now, hours, viewer, "near", reasons, rows)
    else:
        # With only online meetings asked for, the slots' own flag, not the meeting's column: the
        # scan then starts from the online slots' time indexes instead of from every online meeting.
        only_online = q.attendance == [Attendance.ONLINE]
        results.others = _soonest(_slot_filters(q, online_only=only_online), q, now, hours, viewer, "all", reasons, rows)
    return results


class _Loader:
    """Result rows for one search, loaded as asked for, with any rows another part of the search
    said it will want loaded in the same query."""

    def __init__(self) -> None:
        self.rows: dict[int, Meeting] = {}
        self.wanted: list[int] = []

    def want(self, ids: list[int]) -> None:
        self.wanted.extend(ids)

    def __call__(self, ids: list[int]) -> dict[int, Meeting]:
        missing = [pk for pk in ids if pk not in self.rows]
        if missing:
            asked = set(missing)
            self.rows.update(_rows(missing + [pk for pk in dict.fromkeys(self.wanted) if pk not in self.rows and pk not in asked]))
            self.wanted = []
        return {pk: self.rows[pk] for pk in ids if pk in self.rows}


def _nearest(q: SearchQuery, radius: float, now: dt.datetime, hours: float | None) -> list[tuple[float, int]]:
    """(km, id) of the nearest candidates within the radius, nearest first: the `limit * 4`
    nearest by squared equirectangular distance (which, within 250 km, orders points as the great
    circle does, in plain arithmetic both engines run), then their exact distance."""
    lat, lng = q.latitude, q.longitude
    assert lat is not None and lng is not None
    k2 = math.cos(math.radians(lat)) ** 2
    want = q.limit * 4
    where = _Where()
    # The cheap tests first: SQLite applies them in the order written, and a type code is a LIKE.
    if q.days:
        where.add("(m.day_mask & %s) > 0", sum(1 << d for d in set(q.days)))
    where.add("m.attendance <> %s", Attendance.ONLINE)
    _meeting_filters(where, q, "m")
    if hours is not None:
        windows = week_windows(now, hours)
        minutes = " OR ".join("(s.winter_minute >= %s AND s.winter_minute < %s) OR (s.summer_minute >= %s AND s.summer_minute < %s)" for _w in windows)
        where.add(f"m.id IN (SELECT s.meeting_id FROM meetings_weeklyslot s WHERE {minutes})", *(v for lo, hi in windows for v in (lo, hi, lo, hi)))  # noqa: S608 - values go as parameters
    narrowed = q.codes or q.days or q.languages or q.openness or hours is not None
    rings = [] if narrowed or radius * INNER_RING < 2 else [radius * INNER_RING]
    for ring in [*rings, radius]:
        box = geo.bounding_box(lat, lng, ring)
        reach = math.degrees(ring / geo.EARTH_RADIUS_KM) ** 2
        # The whole radius keeps a hair of slack for rounding; an inner circle needs none (its
        # box holds every point it accepts, with room to spare).
        w = where.copy()
        cells = geo.cells_for_box(box)
        if cells is not None:
            w.add(f"m.geocell IN ({_marks(cells)})", *cells)
        w.add("m.latitude >= %s AND m.latitude <= %s AND m.longitude >= %s AND m.longitude <= %s", box.min_lat, box.max_lat, box.min_lng, box.max_lng)
        d2 = "(m.latitude - %s) * (m.latitude - %s) + (m.longitude - %s) * (m.longitude - %s) * %s"
        w.add(f"{d2} <= %s", lat, lat, lng, lng, k2, reach * 1.0001 if ring == radius else reach)
        rows = _rows_of(f"SELECT m.id, m.latitude, m.longitude FROM meetings_meeting m WHERE {w} ORDER BY {d2}, m.id LIMIT {int(want)}", [*w.params, lat, lat, lng, lng, k2])  # noqa: S608 - values go as parameters
        if len(rows) >= want:
            break  # all within the inner circle: nothing outside it is nearer
    candidates = []
    for pk, plat, plng in rows:
        distance = geo.distance_km(lat, lng, plat, plng)
        if distance <= radius:
            candidates.append((distance, pk))
    candidates.sort()
    return candidates


def _materialize(candidates: list[tuple[float, int]], q: SearchQuery, now: dt.datetime, hours: float | None, viewer, section: str, reasons: _Reasons, load: _Loader) -> list[Result]:
    """Whole rows for the nearest candidates, each with its next start (dropping any that have none)."""
    found: list[Result] = []
    position = 0
    while len(found) < q.limit and position < len(candidates):
        chunk = candidates[position : position + q.limit + 5]
        position += len(chunk)
        rows = load([pk for _d, pk in chunk])
        for distance, pk in chunk:
            meeting = rows.get(pk)
            if meeting is None:
                continue
            occurrence = _next(meeting, now, hours)
            if occurrence is None:
                continue
            found.append(_result(meeting, occurrence, distance, now, viewer, section, reasons))
            if len(found) >= q.limit:
                break
    return found


# --- soonest first -----------------------------------------------------------------------------------


@dataclass
class _SlotFilters:
    where: _Where  # every filter but the days
    days: list[int]
    join: bool  # whether a filter reads the meeting's own row
    online: bool
    narrow: bool  # whether a filter may leave few slots and the minute indexes do not hold it (the meeting's row)

    @property
    def by_day(self) -> bool:
        """Slots at the same minute come by day when online meetings or days are asked for."""
        return self.online or bool(self.days)


def _slot_filters(q: SearchQuery, *, online_only: bool) -> _SlotFilters:
    """The search's filters on weekly slots: the slots' own columns, and the meeting's row only
    for the rarer filters (program, attendance, openness, language)."""
    w = _Where()
    w.add("NOT s.is_inactive")
    if online_only:
        w.add("s.online = %s", True)
    for code in q.codes:
        w.add(*_holds_code("s.types", code))
    before = len(w.parts)
    _meeting_filters(w, q, "m", attendance=not online_only, slot_columns=True)
    join = len(w.parts) > before
    return _SlotFilters(w, sorted(set(q.days)), join=join, online=online_only, narrow=join)


class _Ahead:
    """Weekly slots in order of minutes ahead of `here` (the sooner of their winter and summer
    minute, counting only minutes no more than `span` ahead), read in batches from the minute
    indexes: one run per column and per day chosen, each from `here` to the week's end and then
    on from its start, every batch going on from where the last one stopped and taking in the
    whole of its last minute. After a read, every slot less than `certain` minutes ahead is known."""

    def __init__(self, filters: _SlotFilters, here: int, span: int) -> None:
        self.filters, self.here, self.span = filters, here, min(span, MINUTES_PER_WEEK - 1)
        self.slots: dict[int, tuple[int, int, int]] = {}  # slot id -> (minutes ahead, weekday, meeting id)
        self.certain = 0
        self.done = False
        self.probed = False
        # Each run: [column, day, next minute to read, last minute]; a column's runs in order.
        self.runs: list[list] = [
            [column, day, lo, hi] for day in (filters.days or [None]) for column, lo, hi in self._ranges()
        ]

    def _ranges(self) -> list[tuple[str, int, int]]:
        """(column, first minute, last minute) in the order the minutes come after `here`."""
        here, end = self.here, self.here + self.span
        ranges = []
        for column in ("winter_minute", "summer_minute"):
            ranges.append((column, here, min(end, MINUTES_PER_WEEK - 1)))
            if end >= MINUTES_PER_WEEK and here > 0:
                ranges.append((column, 0, min(end - MINUTES_PER_WEEK, here - 1)))
        return ranges

    def _select(self, i: int, run: list, size: int) -> tuple[str, list]:
        """The next batch of a run: its slots up to the minute of its `size`-th, all of that
        minute's (it may be shared by many) included, in one statement."""
        f = self.filters
        column, day, lo, hi = run
        # CROSS JOIN: SQLite then reads the slot index in order and stops at the limit, rather than
        # starting from a meeting index and sorting every slot (PostgreSQL plans it as any join).
        tables = "meetings_weeklyslot s CROSS JOIN meetings_meeting m" if f.join else "meetings_weeklyslot s"
        where = f"{'m.id = s.meeting_id AND ' if f.join else ''}{f.where}{'' if day is None else ' AND s.weekday = %s'} AND s.{column} >= %s"
        params = [*f.where.params, *([] if day is None else [day]), lo]
        # The inner query names its tables as the outer one does: inside it, they are its own. Its
        # answer is the outer query's one upper bound, so that the index range stops there.
        last = f"SELECT s.{column} FROM {tables} WHERE {where} AND s.{column} <= %s ORDER BY s.{column} LIMIT 1 OFFSET {int(size) - 1}"  # noqa: S608 - values go as parameters
        sql = (
            f"SELECT {i} AS run, s.id, s.meeting_id, s.weekday, s.winter_minute, s.summer_minute FROM {tables} "  # noqa: S608 - values go as parameters
            f"WHERE {where} AND s.{column} <= COALESCE(({last}), %s)"
        )
        return sql, [*params, *params, hi, hi]

    def _current(self) -> list[int]:
        """The run being read of each column and day: the first with minutes left."""
        current, seen = [], set()
        for i, (column, day, lo, hi) in enumerate(self.runs):
            if (column, day) not in seen and lo <= hi:
                current.append(i)
                seen.add((column, day))
        return current

    def read(self, size: int) -> None:
        if self.filters.narrow and not self.probed and self._read_all(PROBE):
            return
        self.probed = True
        # The run being read of each column and day: a run past the week's end is read once the
        # one before it is done (most searches never get there, and its rows would go unused).
        current = self._current()
        selects = [self._select(i, self.runs[i], size) for i in current]
        by_run: dict[int, list[tuple]] = {i: [] for i in current}
        for run, *row in _rows_of(" UNION ALL ".join(sql for sql, _p in selects), [p for _s, params in selects for p in params]):
            by_run[run].append(row)
        for i in current:
            rows, run = by_run[i], self.runs[i]
            self._keep(rows)
            if len(rows) < size:
                run[2] = run[3] + 1  # read to its end
            else:
                run[2] = max(row[3 if run[0] == "winter_minute" else 4] for row in rows) + 1
        certain = self.span + 1
        for i in self._current():
            certain = min(certain, (self.runs[i][2] - self.here) % MINUTES_PER_WEEK)
        self.certain = certain
        self.done = certain > self.span

    def _keep(self, rows: list) -> None:
        here, span, week = self.here, self.span, MINUTES_PER_WEEK
        for slot, meeting, weekday, winter, summer in rows:
            if slot not in self.slots:
                ahead = [d for d in ((winter - here) % week, (summer - here) % week) if d <= span]
                self.slots[slot] = (min(ahead), weekday, meeting)

    def _read_all(self, most: int) -> bool:
        """Read every slot within the span at once when there are no more than `most` (a narrow
        filter may leave few, and the minute indexes would then be read far for them)."""
        self.probed = True
        f = self.filters
        ranges, params = [], []
        for column, lo, hi in self._ranges():
            ranges.append(f"(s.{column} >= %s AND s.{column} <= %s)")
            params += [lo, hi]
        if self.span >= MINUTES_PER_WEEK - 1:
            ranges, params = [], []  # the whole week
        days = (" AND s.weekday = %s" if len(f.days) == 1 else f" AND s.weekday IN ({_marks(f.days)})") if f.days else ""
        minutes = f" AND ({' OR '.join(ranges)})" if ranges else ""
        join = " INNER JOIN meetings_meeting m ON m.id = s.meeting_id" if f.join else ""
        rows = _rows_of(
            f"SELECT s.id, s.meeting_id, s.weekday, s.winter_minute, s.summer_minute FROM meetings_weeklyslot s{join} "  # noqa: S608 - values go as parameters
            f"WHERE {f.where}{days}{minutes} LIMIT {most + 1}",
            [*f.where.params, *f.days, *params],
        )
        if len(rows) > most:
            return False
        self._keep(rows)
        self.certain, self.done = self.span + 1, True
        return True

    def meetings(self, exclude: set[int], span: int) -> list[tuple[int, int]]:
        """(minutes ahead, meeting id) of the meetings known for certain to start no more than
        `span` minutes ahead, soonest first."""
        best: dict[int, int] = {}
        below = min(self.certain, span + 1)
        for ahead, _day, meeting in self.slots.values():
            if ahead < below and ahead < best.get(meeting, MINUTES_PER_WEEK):
                best[meeting] = ahead
        return sorted((ahead, pk) for pk, ahead in best.items() if pk not in exclude)

    def complete(self, span: int) -> bool:
        """Whether every slot no more than `span` minutes ahead is known."""
        return self.certain > min(span, self.span)

    def first_slots(self, count: int) -> list[tuple[int, int]] | None:
        """(minutes ahead, meeting id) of the `count` soonest slots, or None when more must be read
        to know them. Slots at the same minute come by day (when days or online meetings are
        asked for) and meeting, so a search gives the same page every time it runs."""
        by_day = self.filters.by_day
        known = sorted(
            (ahead, day if by_day else 0, meeting, slot) for slot, (ahead, day, meeting) in self.slots.items() if ahead < self.certain
        )
        if len(known) < count and not self.done:
            return None
        return [(ahead, meeting) for ahead, _day, meeting, _slot in known[:count]]


def _soonest(filters: _SlotFilters, q: SearchQuery, now: dt.datetime, hours: float | None, viewer, section: str, reasons: _Reasons, load: _Loader) -> list[Result]:
    """The meetings starting soonest. The slots give each candidate's start to the minute (one of
    two offsets), so candidates are ordered before any row is loaded. Without a time window the
    next 6 and 24 hours are tried first; only when those hold too few, or days are chosen, are
    the week's slots ranked (the `limit * 4` soonest)."""
    here = utc_week_minute(now)
    plans: list[tuple[float, bool]] = []
    if hours is not None:
        plans.append((hours, False))
    else:
        if not q.days:
            plans += [(6, False), (24, False)]
        plans.append((MAX_HOURS, True))
    found: dict[int, tuple[dt.datetime, Meeting, Occurrence]] = {}
    # Rows are loaded a batch at a time: the page and a few to spare for meetings with no start
    # in the window after all (a fortnightly meeting in its week off).
    step = q.limit + 4
    # One reading of the slots serves every plan, each going on from what the last one read; a
    # narrow filter is first tried over each plan's own span instead.
    shared = None if filters.narrow else _Ahead(filters, here, max(int(horizon * 60) for horizon, _r in plans))
    for horizon, ranked in plans:
        span = min(int(horizon * 60), MINUTES_PER_WEEK - 1)
        slots = shared or _Ahead(filters, here, span)
        exclude = set(found)  # as the plan starts: its order stays put while it finds more
        ordered = _ranked(slots, q.limit * 4, exclude) if ranked else None
        size = step + 10
        position = 0
        while len(found) < q.limit:
            if ordered is None:
                known = slots.meetings(exclude, span)
                while len(known) < position + step and not slots.complete(span):
                    slots.read(size)
                    size *= 2
                    known = slots.meetings(exclude, span)
                chunk = known[position : position + step]
            else:
                chunk = ordered[position : position + step]
            if not chunk:
                break
            position += len(chunk)
            rows = load([pk for _d, pk in chunk])
            for _d, pk in chunk:
                occurrence = _next(rows[pk], now, horizon if hours is not None else None)
                if occurrence is not None and occurrence.starts_at <= now + dt.timedelta(hours=horizon):
                    found[pk] = (occurrence.starts_at, rows[pk], occurrence)
        if len(found) >= q.limit:
            break
    ordered_found = sorted(found.values(), key=lambda item: (item[0], item[1].pk))[: q.limit]
    return [_result(m, occ, None, now, viewer, section, reasons) for _s, m, occ in ordered_found]


def _ranked(slots: _Ahead, count: int, exclude: set[int]) -> list[tuple[int, int]]:
    """The meetings of the `count` soonest slots of the week, soonest first."""
    size = count + 8
    first = slots.first_slots(count)
    while first is None:
        slots.read(size)
        first = slots.first_slots(count)
        size *= 2
    best: dict[int, int] = {}
    for ahead, pk in first:
        if ahead < best.get(pk, MINUTES_PER_WEEK):
            best[pk] = ahead
    return sorted((ahead, pk) for pk, ahead in best.items() if pk not in exclude)


# --- results ---------------------------------------------------------------------------------------


def _result(meeting: Meeting, occurrence: Occurrence, distance: float | None, now: dt.datetime, viewer, section: str, reasons: _Reasons) -> Result:
    return Result(
        meeting=meeting,
        next_start=occurrence.starts_at.astimezone(viewer),
        occurrence=occurrence,
        distance_km=distance,
        reasons=reasons(meeting, occurrence, distance),
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


class _Reasons:
    """Why a meeting is in the results, in the words of what was asked: the words that are the
    same for every result of a search are looked up once."""

    def __init__(self, q: SearchQuery, now: dt.datetime) -> None:
        self.q, self.now = q, now
        self.distance = _("%(km).1f km (%(mi).1f mi) from %(where)s")
        self.where = q.near or _("your location")
        self.online = _("online: join from anywhere")
        self.day = _("meets on the day you chose") if q.days else ""
        self.codes = [catalog.type_label(code) for code in q.codes]
        self.attendance, self.openness = _choice_labels(get_language() or "")
        self.starts: dict[dt.timedelta, str] = {}

    def __call__(self, meeting: Meeting, occurrence: Occurrence, distance: float | None) -> list[str]:
        q = self.q
        reasons: list[str] = []
        if q.programs:
            reasons.append(meeting.program.short_name)
        if distance is not None:
            reasons.append(self.distance % {"km": distance, "mi": distance / geo.KM_PER_MILE, "where": self.where})
        elif meeting.attendance == Attendance.ONLINE:
            reasons.append(self.online)
        if q.within_hours:
            delta = occurrence.starts_at - self.now
            words = self.starts.get(delta)
            if words is None:
                words = self.starts[delta] = starts_in_words(delta)
            reasons.append(words)
        if q.days:
            reasons.append(self.day)
        if q.attendance:
            reasons.append(self.attendance.get(meeting.attendance) or str(meeting.get_attendance_display()))
        reasons.extend(self.codes)
        if q.languages:
            reasons.append(", ".join(catalog.language_label(code) for code in meeting.language_codes if code in q.languages))
        if q.openness:
            reasons.append(self.openness.get(meeting.openness) or str(meeting.get_openness_display()))
        return reasons


@lru_cache(maxsize=16)
def _choice_labels(language: str) -> tuple[dict[str, str], dict[str, str]]:
    """What get_attendance_display() and get_openness_display() say for each choice, in one
    language (they build the choices' dictionary on every call)."""
    return tuple({value: str(label) for value, label in Meeting._meta.get_field(name).flatchoices} for name in ("attendance", "openness"))  # type: ignore[return-value]

"""Meeting search: indexed prefilters in SQL, exact checks in Python on the few candidates left.

- Distance: a latitude/longitude bounding box (indexed on both engines), then the great-circle
  distance of the candidates' coordinates only; whole rows are loaded for the page alone.
- "Starting in the next N hours": a range scan over each meeting's UTC minute of the week in
  winter and in summer (WeeklySlot), then the exact next occurrence in the meeting's own zone.
- Online meetings have no map point: they are searched apart and listed as their own section.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import ExpressionWrapper, F, FloatField, Q, QuerySet
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.lib import geo
from alongside.lib.schedule import MINUTES_PER_WEEK, Occurrence, utc_week_minute, week_windows, zone
from alongside.meetings import catalog
from alongside.meetings.models import Attendance, Meeting, WeeklySlot

MAX_HOURS = 7 * 24
MAX_RADIUS_KM = 250
DEFAULT_RADIUS_KM = 25
# `online=True` renders as a bare column on SQLite, which no index serves; `IN (1)` is an
# equality the (online, weekday) and (online, minute) indexes answer, on both engines.
ONLINE_SLOTS = Q(online__in=[True])


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


def _conditions(q: SearchQuery, prefix: str = "", *, attendance: bool = True) -> Q:
    """The filters as one condition on meetings, or (prefix "meeting__") on their weekly slots,
    so "soonest first" scans the slot index with the filters joined in, not as a subquery."""

    def field(name: str, value: object) -> Q:
        return Q(**{prefix + name: value})

    found = field("is_inactive", False)
    if q.programs:
        found &= field("program__slug__in", q.programs)
    if q.attendance and attendance:
        found &= field("attendance__in", q.attendance)
    if q.openness:
        found &= field("openness", q.openness)
    for code in [*q.types, *q.accessibility, *q.demographics]:
        found &= field("types__contains", f" {code} ")
    if q.languages:
        any_language = Q()
        for lang in q.languages:
            any_language |= field("languages__contains", f" {lang} ")
        found &= any_language
    return found


def _filtered(q: SearchQuery) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(_conditions(q))
    if q.days:
        mask = sum(1 << d for d in set(q.days))
        qs = qs.annotate(on_days=F("day_mask").bitand(mask)).filter(on_days__gt=0)
    return qs


# What a result shows and its next start needs; a Meeting row has some forty columns.
RESULT_FIELDS = [
    "id", "name", "program", "group_id", "group_name", "attendance", "is_inactive",
    "openness", "types", "languages", "location", "formatted_address", "latitude", "longitude", "recurrence", "days",
    "start_time", "duration_minutes", "time_zone", "anchor_date", "week_of_month",
]


def _rows(ids: list[int]) -> dict[int, Meeting]:
    """The page's rows with their program joined in: one query, not one more for the programs."""
    return {m.pk: m for m in Meeting.objects.select_related("program").only(*RESULT_FIELDS).filter(pk__in=ids).order_by()}


def _window_filter(now: dt.datetime, hours: float) -> Q:
    found = Q()
    for lo, hi in week_windows(now, hours):
        found |= Q(winter_minute__gte=lo, winter_minute__lt=hi) | Q(summer_minute__gte=lo, summer_minute__lt=hi)
    return found


def _starting_within(qs: QuerySet[Meeting], now: dt.datetime, hours: float) -> QuerySet[Meeting]:
    return qs.filter(id__in=WeeklySlot.objects.filter(_window_filter(now, hours)).values("meeting_id"))


def _next(meeting: Meeting, now: dt.datetime, hours: float | None) -> Occurrence | None:
    schedule = meeting.schedule()
    if hours is not None:
        found = schedule.occurrences_between(now, now + dt.timedelta(hours=hours))
        return found[0] if found else None
    return schedule.next_occurrence(now)



def search(q: SearchQuery) -> SearchResults:
    """Run a search; see the module docstring for how each part stays fast at scale."""
    now = q.now or timezone.now()
    viewer = zone(q.viewer_time_zone)
    hours = min(q.within_hours, MAX_HOURS) if q.within_hours else None
    base = _filtered(q)
    results = SearchResults(query=q, near=[], online=[], others=[])
    if q.has_point:
        radius = max(0.5, min(q.radius_km, MAX_RADIUS_KM))
        box = geo.bounding_box(q.latitude, q.longitude, radius)  # type: ignore[arg-type]
        local = base.exclude(attendance=Attendance.ONLINE)
        cells = geo.cells_for_box(box)
        if cells is not None:
            local = local.filter(geocell__in=cells)  # exact index lookups, not a band of latitude
        local = local.filter(latitude__gte=box.min_lat, latitude__lte=box.max_lat, longitude__gte=box.min_lng, longitude__lte=box.max_lng)
        if hours is not None:
            local = _starting_within(local, now, hours)
        # Squared equirectangular distance, in plain arithmetic both engines index-filter and
        # sort: within 250 km it orders points as the great circle does. Exact km come after.
        k2 = math.cos(math.radians(q.latitude)) ** 2  # type: ignore[arg-type]
        dlat, dlng = F("latitude") - q.latitude, F("longitude") - q.longitude
        reach = math.degrees(radius / geo.EARTH_RADIUS_KM) ** 2
        ranked = (
            local.annotate(d2=ExpressionWrapper(dlat * dlat + dlng * dlng * k2, output_field=FloatField()))
            .filter(d2__lte=reach * 1.0001)
            .order_by("d2", "id")
            .values_list("id", "latitude", "longitude")[: q.limit * 4]
        )
        candidates = []
        for pk, lat, lng in ranked:
            distance = geo.distance_km(q.latitude, q.longitude, lat, lng)  # type: ignore[arg-type]
            if distance <= radius:
                candidates.append((distance, pk))
        candidates.sort()
        results.near_total = len(candidates)
        results.near = _materialize(candidates, q, now, hours, viewer, "near")
        if q.include_online and (not q.attendance or Attendance.ONLINE in q.attendance):
            online = SearchQuery(**{**q.__dict__, "limit": q.online_limit})
            results.online = _soonest(_conditions(q, "meeting__", attendance=False) & ONLINE_SLOTS, online, now, hours, viewer, "online")
    else:
        condition = _conditions(q, "meeting__")
        if q.attendance == [Attendance.ONLINE]:
            # The slots' own flag, not the meeting's column: the scan then starts from the
            # online slots' time indexes instead of from every online meeting.
            condition = _conditions(q, "meeting__", attendance=False) & ONLINE_SLOTS
        results.others = _soonest(condition, q, now, hours, viewer, "all")
    return results


def _materialize(candidates: list[tuple[float, int]], q: SearchQuery, now: dt.datetime, hours: float | None, viewer, section: str) -> list[Result]:
    """Whole rows for the nearest candidates, each with its next start (dropping any that have none)."""
    found: list[Result] = []
    position = 0
    while len(found) < q.limit and position < len(candidates):
        chunk = candidates[position : position + q.limit + 5]
        position += len(chunk)
        rows = _rows([pk for _d, pk in chunk])
        for distance, pk in chunk:
            meeting = rows.get(pk)
            if meeting is None:
                continue
            occurrence = _next(meeting, now, hours)
            if occurrence is None:
                continue
            found.append(_result(meeting, occurrence, distance, q, now, viewer, section))
            if len(found) >= q.limit:
                break
    return found


def _soonest(condition: Q, q: SearchQuery, now: dt.datetime, hours: float | None, viewer, section: str) -> list[Result]:
    """The meetings starting soonest. The slots give each candidate's start to the minute (one of
    two offsets), so candidates are ordered before any row is loaded. Without a time window the
    next 6 and 24 hours are tried first (index range scans); only when those hold too few, or
    days are chosen, is the whole week ranked by minutes ahead in SQL."""
    here = utc_week_minute(now)
    slots = WeeklySlot.objects.filter(condition)
    if q.days:
        slots = slots.filter(weekday__in=q.days)
    plans: list[tuple[float, QuerySet]] = []
    if hours is not None:
        plans.append((hours, slots.filter(_window_filter(now, hours))))
    else:
        if not q.days:
            plans += [(6, slots.filter(_window_filter(now, 6))), (24, slots.filter(_window_filter(now, 24)))]
        ahead_winter = (F("winter_minute") - here + MINUTES_PER_WEEK) % MINUTES_PER_WEEK
        ahead_summer = (F("summer_minute") - here + MINUTES_PER_WEEK) % MINUTES_PER_WEEK
        ranked = slots.annotate(ahead=Least(ahead_winter, ahead_summer)).order_by("ahead")[: q.limit * 4]
        plans.append((MAX_HOURS, ranked))
    found: dict[int, tuple[dt.datetime, Meeting, Occurrence]] = {}
    for horizon, plan in plans:
        span = int(horizon * 60)
        ahead: dict[int, int] = {}
        for pk, winter, summer in plan.values_list("meeting_id", "winter_minute", "summer_minute"):
            for minute in (winter, summer):
                distance = (minute - here) % MINUTES_PER_WEEK
                if distance <= span and distance < ahead.get(pk, MINUTES_PER_WEEK):
                    ahead[pk] = distance
        ordered = sorted((distance, pk) for pk, distance in ahead.items() if pk not in found)
        position = 0
        while len(found) < q.limit and position < len(ordered):
            chunk = ordered[position : position + q.limit + 10]
            position += len(chunk)
            rows = _rows([pk for _d, pk in chunk])
            for _d, pk in chunk:
                occurrence = _next(rows[pk], now, horizon if hours is not None else None)
                if occurrence is not None and occurrence.starts_at <= now + dt.timedelta(hours=horizon):
                    found[pk] = (occurrence.starts_at, rows[pk], occurrence)
        if len(found) >= q.limit:
            break
    ordered_found = sorted(found.values(), key=lambda item: (item[0], item[1].pk))[: q.limit]
    return [_result(m, occ, None, q, now, viewer, section) for _s, m, occ in ordered_found]


def _result(meeting: Meeting, occurrence: Occurrence, distance: float | None, q: SearchQuery, now: dt.datetime, viewer, section: str) -> Result:
    return Result(
        meeting=meeting,
        next_start=occurrence.starts_at.astimezone(viewer),
        occurrence=occurrence,
        distance_km=distance,
        reasons=reasons_for(meeting, occurrence, distance, q, now),
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


def reasons_for(meeting: Meeting, occurrence: Occurrence, distance: float | None, q: SearchQuery, now: dt.datetime) -> list[str]:
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
        reasons.append(str(meeting.get_attendance_display()))
    for code in [*q.types, *q.accessibility, *q.demographics]:
        reasons.append(catalog.type_label(code))
    if q.languages:
        reasons.append(", ".join(catalog.language_label(code) for code in meeting.language_codes if code in q.languages))
    if q.openness:
        reasons.append(str(meeting.get_openness_display()))
    return reasons

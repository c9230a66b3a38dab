"""Meetings in the JSON API: search, meeting detail, feeds and calendars (public, like the
directory pages), attendance and recommendations (the signed-in member's), imports."""

from __future__ import annotations

import json
from typing import cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import ValidationError
from pydantic import Field

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.lib import geo
from alongside.lib.schedule import is_time_zone
from alongside.meetings import access, feeds, imports, recommend, services, shared
from alongside.meetings.models import (
    AttendanceRecord,
    ImportRun,
    ImportStatus,
    Meeting,
    Program,
    validate_http_url,
)
from alongside.meetings.schemas import (
    AttendanceCodeIn,
    AttendanceListOut,
    AttendanceOut,
    ImportIn,
    ImportOut,
    ManualAttendanceIn,
    MeetingOut,
    MemberAttendanceOut,
    ProgramOut,
    RecommendationOut,
    SearchOut,
    VerificationValue,
)
from alongside.meetings.search import BadCursor, SearchQuery, apply_cursor, search
from alongside.meetings.views import calendars as calendar_views
from alongside.meetings.views import feeds as feed_views
from alongside.privacy.models import Interface
from alongside.schemas import ErrorOut, Id, QuerySchema

router = Router(tags=["meetings"])


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ("query", field), "msg": message}])


def _codes(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


class SearchParams(QuerySchema):
    near: str = Field(
        "",
        max_length=100,
        description='A US ZIP code or a town ("Springfield, IL"), resolved offline',
    )
    lat: float | None = Field(None, ge=-90, le=90)
    lng: float | None = Field(None, ge=-180, le=180)
    radius_km: float = Field(25, gt=0, le=250)
    within_hours: float | None = Field(
        None, gt=0, le=168, description="Starting within this many hours from now"
    )
    day: str = Field(
        "", description="Comma-separated days, 0 = Sunday … 6 = Saturday (the meeting's local day)"
    )
    program: str = Field("", description="Comma-separated program slugs: na, aa, smart, …")
    type: str = Field("", description="Comma-separated Meeting Guide type codes, all required")
    attendance: str = Field("", description="Comma-separated: in_person, online, hybrid")
    language: str = Field("", description="Comma-separated ISO 639 codes, any of them")
    accessibility: str = ""
    demographics: str = ""
    openness: str = Field("", pattern="^(|open|closed)$")
    include_online: bool = True
    tz: str = Field(
        "", description="The viewer's IANA time zone (default: the signed-in member's, or UTC)"
    )
    limit: int = Field(25, ge=1, le=100)
    cursor: str = Field(
        "",
        max_length=4000,
        description="The `next` (or `previous`) of an earlier answer to the same search",
    )


def _query(request: HttpRequest, p: SearchParams) -> tuple[SearchQuery, str]:
    try:
        days = [int(d) for d in _codes(p.day)]
    except ValueError as exc:
        raise _invalid("day", "days are numbers 0–6 (0 is Sunday)") from exc
    if any(not 0 <= d <= 6 for d in days):
        raise _invalid("day", "days are 0–6 (0 is Sunday); 7 is not a day")
    tz = p.tz or (request.user.time_zone if request.user.is_authenticated else "UTC")
    if not is_time_zone(tz):
        raise _invalid("tz", f"{tz!r} is not an IANA time zone")
    attendance = _codes(p.attendance)
    if set(attendance) - {"in_person", "online", "hybrid"}:
        raise _invalid("attendance", "attendance is in_person, online or hybrid")
    lat, lng, label = p.lat, p.lng, p.near
    if p.near and lat is None:
        place = geo.resolve_place(p.near)
        if place is None:
            raise _invalid(
                "near", f"we could not find {p.near!r}; give a 5-digit US ZIP code or a town"
            )
        lat, lng, label = place.latitude, place.longitude, place.label
    if (lat is None) != (lng is None):
        raise _invalid("lat", "give both lat and lng")
    query = SearchQuery(
        near=label,
        latitude=lat,
        longitude=lng,
        radius_km=p.radius_km,
        within_hours=p.within_hours,
        days=days,
        programs=_codes(p.program),
        types=_codes(p.type),
        attendance=attendance,
        languages=_codes(p.language),
        accessibility=_codes(p.accessibility),
        demographics=_codes(p.demographics),
        openness=p.openness,
        include_online=p.include_online,
        viewer_time_zone=tz,
        limit=p.limit,
    )
    if p.cursor:
        try:
            query = apply_cursor(query, p.cursor)
        except BadCursor as exc:
            raise _invalid(
                "cursor", "this cursor is not from this search; start again without it"
            ) from exc
    return query, label


def _result_meeting(m: Meeting) -> dict:
    return {
        "id": m.pk,
        "name": m.name,
        "program": m.program.slug,
        "attendance": m.attendance,
        "types": m.type_codes,
        "location": m.location,
        "time_zone": m.time_zone,
    }


@router.get(
    "/meetings/search",
    response=SearchOut,
    auth=None,
    summary="Search meetings (distance, time window, day, program, type…)",
)
def search_meetings(request: HttpRequest, params: Query[SearchParams]) -> HttpResponse:
    query, label = _query(request, params)
    found = search(query)
    body = {
        "place": label,
        "count": found.count,
        "next": found.next_cursor,
        "previous": found.previous_cursor,
        "results": [
            {
                "meeting": _result_meeting(r.meeting),
                "section": r.section,
                "next_start": r.next_start.isoformat() if r.next_start else None,
                "local_start": r.local_start.isoformat() if r.local_start else None,
                "distance_km": round(r.distance_km, 2) if r.distance_km is not None else None,
                "reasons": r.reasons,
            }
            for r in found.all
        ],
    }
    # The hottest route: written out directly in the documented SearchOut shape (a test checks
    # it against the schema) rather than validated again field by field.
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")), content_type="application/json"
    )


@router.get(
    "/meetings/programs",
    response=list[ProgramOut],
    auth=None,
    summary="Programs for every pathway, with their philosophy",
)
def list_programs(request: HttpRequest) -> list[Program]:
    return list(Program.objects.order_by("name"))


@router.get(
    "/meetings/feed",
    auth=None,
    summary="The whole directory as a Meeting Guide JSON feed",
    response={200: list[dict]},
)
def meeting_feed(request: HttpRequest) -> HttpResponse:
    return feed_views.feed(request)


@router.get(
    "/meetings/feed/schema",
    auth=None,
    summary="The JSON Schema of the Meeting Guide feed we publish",
    response={200: dict},
)
def meeting_feed_schema(request: HttpRequest) -> dict:
    return feeds.FEED_SCHEMA


def _meeting_out(request: HttpRequest, m: Meeting) -> dict:
    hidden = m.conference_is_protected and not request.user.is_authenticated
    schedule = m.schedule()
    return {
        "id": m.pk,
        "name": m.name,
        "program": m.program.slug,
        "group": m.group.name if m.group is not None else m.group_name,
        "schedule": {
            "recurrence": m.recurrence,
            "days": m.days,
            "start_time": m.start_time.strftime("%H:%M"),
            "duration_minutes": m.duration_minutes,
            "time_zone": m.time_zone,
            "anchor_date": m.anchor_date,
            "week_of_month": m.week_of_month,
            "rrule": schedule.rrule_text(),
        },
        "attendance": m.attendance,
        "is_inactive": m.is_inactive,
        "openness": m.openness,
        "types": m.type_codes,
        "languages": m.language_codes,
        "location": m.location,
        "formatted_address": m.formatted_address,
        "latitude": m.latitude,
        "longitude": m.longitude,
        "is_approximate": m.is_approximate,
        "conference_url": "" if hidden else m.shown_conference_url,
        "conference_url_notes": "" if hidden else m.conference_url_notes,
        "conference_phone": "" if hidden else m.conference_phone,
        "conference_hidden": hidden,
        "notes": m.notes,
        "next_starts": [o.starts_at for o in schedule.next_occurrences(timezone.now(), 3)]
        if not m.is_inactive
        else [],
        "page": request.build_absolute_uri(reverse("meetings:meeting", args=[m.pk])),
        "calendar": request.build_absolute_uri(reverse("meetings:meeting-calendar", args=[m.pk])),
    }


@router.get("/meetings/{int:meeting_id}", response=MeetingOut, auth=None, summary="One meeting")
def meeting_detail(request: HttpRequest, meeting_id: Id) -> dict:
    return _meeting_out(request, access.access_meeting(request.user, meeting_id))


@router.get(
    "/meetings/{int:meeting_id}/calendar",
    auth=None,
    summary="One meeting as iCalendar (RRULE, VTIMEZONE)",
    response={200: str},
)
def meeting_calendar(request: HttpRequest, meeting_id: Id) -> HttpResponse:
    return calendar_views.meeting_calendar(request, meeting_id)


@router.post(
    "/meetings/{int:meeting_id}/save",
    response={201: dict, 200: dict},
    summary="Save a meeting to my meetings",
)
def save_meeting(request: AuthenticatedHttpRequest, meeting_id: Id):
    created = services.save_to_my_meetings(
        member=request.user, meeting=access.access_meeting(request.user, meeting_id)
    )
    return Status(201 if created else 200, {"saved": True})


@router.delete(
    "/meetings/{int:meeting_id}/save",
    response={204: None},
    summary="Remove a meeting from my meetings",
)
def unsave_meeting(request: AuthenticatedHttpRequest, meeting_id: Id):
    services.remove_from_my_meetings(
        member=request.user, meeting=access.access_meeting(request.user, meeting_id)
    )
    return Status(204, None)


@router.get(
    "/meetings/recommendations",
    response=list[RecommendationOut],
    summary="Meetings recommended for me, with reasons",
)
def recommendations(request: AuthenticatedHttpRequest) -> list[dict]:
    return [
        {
            "meeting": _result_meeting(r.result.meeting),
            "next_start": r.result.next_start,
            "distance_km": r.result.distance_km,
            "score": r.score,
            "reasons": r.reasons,
            "cautions": r.cautions,
        }
        for r in recommend.recommend(request.user)
    ]


def _attendance(records: list[AttendanceRecord], member: User) -> dict:
    summary = services.attendance_summary(records, member=member)
    return {
        "last_90_days": summary.last_90_days,
        "days_in_last_90": summary.days_in_last_90,
        "total": summary.total,
        "records": [_record(r) for r in records],
    }


def _record(r: AttendanceRecord) -> AttendanceOut:
    return AttendanceOut(
        id=r.pk,
        meeting_id=r.meeting_id,
        meeting_name=r.meeting_name,
        occurred_at=r.occurred_at,
        method=r.method,
        verification=cast(VerificationValue, r.verification.value),
        confirmed=r.is_confirmed,
        confirmed_by=r.confirmed_by.display_name if r.confirmed_by is not None else None,
        confirmed_at=r.confirmed_at,
    )


@router.get("/attendance", response=AttendanceListOut, summary="My meeting attendance and counts")
def my_attendance(request: AuthenticatedHttpRequest) -> dict:
    records = list(
        AttendanceRecord.objects.for_member(request.user).select_related("confirmed_by")[:500]
    )
    return _attendance(records, request.user)


@router.post(
    "/attendance",
    response={201: AttendanceOut, 404: ErrorOut},
    summary="Add a meeting I went to, by hand",
)
def add_attendance(request: AuthenticatedHttpRequest, payload: ManualAttendanceIn):
    meeting = access.access_meeting(request.user, payload.meeting_id)
    try:
        record = services.record_manual_attendance(
            member=request.user,
            meeting=meeting,
            on=payload.on,
            ask_confirmation=payload.ask_confirmation,
        )
    except services.AttendanceError as error:
        raise ValidationError(
            [{"loc": ("body", "payload", error.field), "msg": error.message}]
        ) from error
    return Status(201, _record(record))


@router.post(
    "/attendance/check-in",
    response={201: AttendanceOut, 200: AttendanceOut},
    summary="Record attendance from a scanned meeting code",
)
def check_in(request: AuthenticatedHttpRequest, payload: AttendanceCodeIn):
    try:
        record, created = services.record_qr_attendance(member=request.user, token=payload.token)
    except services.AttendanceError as error:
        raise ValidationError(
            [{"loc": ("body", "payload", "token"), "msg": error.message}]
        ) from error
    return Status(201 if created else 200, _record(record))


@router.get(
    "/members/{int:member_id}/attendance",
    response=MemberAttendanceOut,
    summary="A member's attendance, when they share it with you",
)
def member_attendance(request: AuthenticatedHttpRequest, member_id: Id) -> dict:
    member, records = access.access_member_attendance(
        request.user, member_id, interface=Interface.API
    )
    rows = list(records[:500])
    summary = services.attendance_summary(rows, member=member)
    return {
        "member": member.display_name,
        "last_90_days": summary.last_90_days,
        "days_in_last_90": summary.days_in_last_90,
        "total": summary.total,
        "attendance": shared.attendance(rows),
    }


def _import_out(run: ImportRun) -> ImportOut:
    return ImportOut(
        id=run.pk,
        status=run.status,
        message=run.message,
        format=run.format,
        rows=run.rows,
        created=run.created,
        updated=run.updated,
        unchanged=run.unchanged,
        removed=run.removed,
        skipped=run.skipped,
        restored=run.restored,
        listed_before=run.listed_before,
        seconds=run.seconds,
        summary=run.report.get("summary", []),
    )


def _refused(run: ImportRun) -> ValidationError:
    if run.status == ImportStatus.CONFIRM:
        return ValidationError(
            [{"loc": ("body", "payload", "confirm_removals"), "msg": run.message}]
        )
    problems = [p for p in run.report.get("problems", []) if p["severity"] == "error"][:200]
    fields = [
        {"loc": ("body", "payload", f"row {p['row']}: {p['field']}"), "msg": p["message"]}
        for p in problems
    ]
    return ValidationError([{"loc": ("body", "payload", "feed"), "msg": run.message}, *fields])


@router.post(
    "/meetings/imports",
    response={201: ImportOut, 202: ImportOut, 404: ErrorOut},
    summary="Import a feed into a source you own (a URL is fetched in the background)",
)
def import_meetings(request: AuthenticatedHttpRequest, payload: ImportIn):
    source = access.access_import_source(request.user, payload.source)
    if bool(payload.url) == bool(payload.feed):
        raise ValidationError(
            [{"loc": ("body", "payload", "feed"), "msg": "send either url or feed"}]
        )
    if payload.url:
        try:
            validate_http_url(payload.url)
        except DjangoValidationError as error:
            raise ValidationError(
                [{"loc": ("body", "payload", "url"), "msg": error.messages[0]}]
            ) from error
        run = imports.start_url_import(
            source=source,
            url=payload.url,
            started_by=request.user,
            format=payload.format,
            skip_invalid=payload.skip_invalid,
        )
        return Status(202, _import_out(run))
    run = imports.import_feed(
        source=source,
        data=payload.feed.encode(),
        origin="api",
        started_by=request.user,
        format=payload.format,
        skip_invalid=payload.skip_invalid,
        confirm_removals=payload.confirm_removals,
    )
    if run.status != ImportStatus.DONE:
        raise _refused(run)
    return Status(201, _import_out(run))


@router.get(
    "/meetings/imports/{int:run_id}",
    response=ImportOut,
    summary="One import into a source you own, with its report",
)
def import_status(request: AuthenticatedHttpRequest, run_id: Id) -> ImportOut:
    return _import_out(access.access_import_run(request.user, run_id))


@router.post(
    "/meetings/imports/{int:run_id}/confirm",
    response={201: ImportOut},
    summary="Confirm an import held because it removes over 20% of its source's meetings",
)
def import_confirm(request: AuthenticatedHttpRequest, run_id: Id):
    run = imports.confirm_import(
        run=access.access_import_run(request.user, run_id), confirmed_by=request.user
    )
    if run.status != ImportStatus.DONE:
        raise _refused(run)
    return Status(201, _import_out(run))

"""Meeting pages: the directory and its feeds, a meeting, my meetings, recommendations and
attendance. Group leadership and imports are in views_groups.py."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.access import member_data_view
from alongside.meetings import access, feeds, recommend, services, shared
from alongside.meetings.forms import ManualAttendanceForm, PreferenceForm, ProofForm, SearchForm
from alongside.meetings.models import AttendanceRecord, Program, SavedMeeting
from alongside.meetings.search import BadCursor, apply_cursor, search


def viewer_time_zone(request: HttpRequest) -> str:
    """The signed-in member's zone, or the one the visitor's browser sent (accounts.middleware)."""
    return getattr(request, "viewer_time_zone", "UTC")


def directory(request: HttpRequest) -> HttpResponse:
    """Search every pathway's meetings: by place or location, time, day and kind, a page at a
    time (a cursor that no longer reads, from an old link, starts again at the first page)."""
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        query = form.to_query(viewer_time_zone=viewer_time_zone(request))
        try:
            query = (
                apply_cursor(query, request.GET["cursor"]) if request.GET.get("cursor") else query
            )
        except BadCursor:
            pass
        results = search(query)
    context = {"form": form, "results": results, "viewer_tz": viewer_time_zone(request)}
    if results is not None:
        context["next_url"] = _page_url(request, results.next_cursor)
        context["previous_url"] = _page_url(request, results.previous_cursor)
        online = request.GET.copy()
        for name in ("near", "latitude", "longitude", "radius", "cursor", "attendance"):
            online.pop(name, None)
        online["attendance"] = "online"
        context["all_online_url"] = f"{reverse('meetings:directory')}?{online.urlencode()}"
    template = "meetings/directory.html#results" if request.htmx else "meetings/directory.html"
    return render(request, template, context)


def _page_url(request: HttpRequest, cursor: str | None) -> str | None:
    """This search's address at the cursor's page ("" is the first page)."""
    if cursor is None:
        return None
    params = request.GET.copy()
    params.pop("cursor", None)
    if cursor:
        params["cursor"] = cursor
    return f"{reverse('meetings:directory')}?{params.urlencode()}"


def programs(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/programs.html",
        {"programs": Program.objects.order_by("is_family", "is_professional", "name")},
    )


def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = access.access_meeting(request.user, meeting_id)
    now = timezone.now()
    upcoming = found.schedule().next_occurrences(now, 4) if not found.is_inactive else []
    zone = viewer_time_zone(request)
    context = {
        "meeting": found,
        "upcoming": [(o, o.in_zone(zone), o.in_zone(found.time_zone)) for o in upcoming],
        "show_join": found.is_online
        and (request.user.is_authenticated or not found.conference_is_protected),
        "is_saved": request.user.is_authenticated
        and SavedMeeting.objects.filter(member=request.user, meeting=found).exists(),
        "leads": found.group is not None and access.leads_group(request.user, found.group),
        "attended_form": ManualAttendanceForm(
            initial={"on": now.astimezone(found.schedule().tz).date()}
        ),
        "viewer_tz": zone,
    }
    return render(request, "meetings/meeting.html", context)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def meeting_calendar(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = access.access_meeting(request.user, meeting_id)
    body = feeds.calendar_for(
        [found],
        name=found.name,
        base_url=_base_url(request),
        show_protected=request.user.is_authenticated,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{found.pk}.ics"'
    return response


@require_POST
@login_required
def join(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Join an online meeting: attendance is recorded when it is on, then off to the room."""
    found = access.access_meeting(request.user, meeting_id)
    # Only a link that may show is followed: http(s), and reviewed when its host is unknown.
    if not found.shown_conference_url:
        raise Http404("No link to join.")
    record = services.record_online_attendance(member=request.user, meeting=found)
    if record is not None:
        messages.success(
            request,
            _(
                "Your attendance is recorded as self-reported. For a confirmed record, scan the code the facilitator shows."
            ),
        )
    return redirect(found.shown_conference_url)


@require_POST
@login_required
def save(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = access.access_meeting(request.user, meeting_id)
    if request.POST.get("remove"):
        services.remove_from_my_meetings(member=request.user, meeting=found)
        messages.success(request, _("Removed from your meetings."))
    else:
        services.save_to_my_meetings(member=request.user, meeting=found)
        messages.success(request, _("Saved to your meetings and your meetings calendar."))
    return redirect(_next(request, reverse("meetings:meeting", args=[found.pk])))


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or ""
    return (
        target
        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        else default
    )


@login_required
def my_meetings(request: HttpRequest) -> HttpResponse:
    saved = SavedMeeting.objects.filter(member=request.user).select_related("meeting__program")
    now = timezone.now()
    rows = [
        (s.meeting, s.meeting.next_occurrence(now))
        for s in saved
        if s.meeting is not None and s.meeting.removed_at is None
    ]
    # Meetings their source no longer lists stay on the member's list, by name only.
    gone = [
        s.meeting.name if s.meeting is not None else s.meeting_name
        for s in saved
        if s.meeting is None or s.meeting.removed_at is not None
    ]
    calendar = services.calendar_feed(member=request.user)
    url = request.build_absolute_uri(reverse("meetings:my-calendar", args=[calendar.key]))
    context = {
        "rows": rows,
        "gone": gone,
        "calendar_url": url,
        "webcal_url": "webcal://" + url.split("://", 1)[1],
        "viewer_tz": request.user.time_zone,
    }
    return render(request, "meetings/my_meetings.html", context)


@require_POST
@login_required
def rotate_calendar(request: HttpRequest) -> HttpResponse:
    services.rotate_calendar_key(member=request.user)
    messages.success(
        request,
        _("Your calendar has a new address. Subscribe again with it; the old one no longer works."),
    )
    return redirect("meetings:mine")


def my_calendar(request: HttpRequest, key: str) -> HttpResponse:
    feed = access.access_calendar(key)
    meetings = [
        s.meeting
        for s in SavedMeeting.objects.filter(
            member=feed.member, meeting__removed_at__isnull=True, meeting__isnull=False
        ).select_related("meeting__program")
    ]
    # Holding the secret address stands for the member, so protected links are included.
    body = feeds.calendar_for(
        meetings, name=_("My meetings"), base_url=_base_url(request), show_protected=True
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def feed(request: HttpRequest) -> HttpResponse:
    """Our directory as a Meeting Guide JSON feed (CORS-open, ETag and Last-Modified, gzip when
    asked), served from a cache keyed by the directory's version."""
    signed_in = request.user.is_authenticated
    version = feeds.feed_version()
    etag = f'"{version.tag}-{int(signed_in)}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified()
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(
        feeds.cached_feed(
            version=version, base_url=_base_url(request), show_protected=signed_in, gzipped=gzipped
        ),
        content_type="application/json",
    )
    if gzipped:
        response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    if version.last_modified is not None:
        response["Last-Modified"] = http_date(version.last_modified.timestamp())
    response["Vary"] = "Accept-Encoding, Cookie"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "private, max-age=300" if signed_in else "public, max-age=300"
    return response


def feed_schema(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(feeds.FEED_SCHEMA, json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
def recommended(request: HttpRequest) -> HttpResponse:
    recs = recommend.recommend(request.user)
    context = {
        "recommendations": recs,
        "try_few": recommend.try_a_few(recs),
        "preference": recommend.preferences_of(request.user),
        "pathways": request.user.pathway_labels(),
        "viewer_tz": request.user.time_zone,
    }
    return render(request, "meetings/recommended.html", context)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    pref = recommend.preferences_of(request.user)
    form = PreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        services.save_preferences(
            member=request.user, **{name: form.cleaned_data[name] for name in form.Meta.fields}
        )
        messages.success(request, _("Saved. Your recommendations now follow these choices."))
        return redirect("meetings:recommended")
    return render(request, "meetings/preferences.html", {"form": form})


@require_POST
@login_required
def try_these(request: HttpRequest) -> HttpResponse:
    """Save the "try a few groups" picks to my meetings in one go."""
    picks = recommend.try_a_few(recommend.recommend(request.user))
    for rec in picks:
        services.save_to_my_meetings(member=request.user, meeting=rec.result.meeting)
    messages.success(
        request, _("%(n)s meetings saved to your meetings and calendar.") % {"n": len(picks)}
    )
    return redirect("meetings:mine")


# --- attendance ----------------------------------------------------------------------------------


@login_required
def attendance(request: HttpRequest) -> HttpResponse:
    records = list(
        AttendanceRecord.objects.for_member(request.user).select_related(
            "meeting__program", "confirmed_by"
        )[:500]
    )
    today = request.user.local_today()
    proof_form = ProofForm(initial={"start": today - dt.timedelta(days=30), "end": today})
    context = {
        "records": records[:100],
        "summary": services.attendance_summary(records, member=request.user),
        "proof_form": proof_form,
        "viewer_tz": request.user.time_zone,
    }
    return render(request, "meetings/attendance.html", context)


@require_POST
@login_required
def attended(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A member adds a meeting they went to, by hand."""
    found = access.access_meeting(request.user, meeting_id)
    form = ManualAttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.record_manual_attendance(
                member=request.user,
                meeting=found,
                on=form.cleaned_data["on"],
                ask_confirmation=form.cleaned_data["ask_confirmation"],
            )
        except services.AttendanceError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Added to your attendance."))
            return redirect("meetings:attendance")
    return render(
        request, "meetings/attended_error.html", {"form": form, "meeting": found}, status=422
    )


@require_POST
@login_required
def delete_attendance(request: HttpRequest, record_id: int) -> HttpResponse:
    services.delete_attendance(record=access.access_own_attendance(request.user, record_id))
    messages.success(request, _("Removed from your attendance."))
    return redirect("meetings:attendance")


@login_required
def check_in(request: HttpRequest, token: str) -> HttpResponse:
    """Where a scanned code leads: confirm, and the attendance is recorded."""
    try:
        found, starts, facilitator = services.read_qr_token(token)
    except services.AttendanceError as error:
        return render(request, "meetings/check_in.html", {"error": error.message}, status=410)
    if request.method == "POST":
        services.record_qr_attendance(member=request.user, token=token)
        messages.success(
            request, _("You're checked in at %(meeting)s. Welcome.") % {"meeting": found.name}
        )
        return redirect("meetings:attendance")
    context = {
        "meeting": found,
        "starts": starts.astimezone(request.user.zone),
        "facilitator": facilitator,
    }
    return render(request, "meetings/check_in.html", context)


@require_POST
@login_required
def proof(request: HttpRequest) -> HttpResponse:
    """A proof-of-attendance sheet (PDF), only ever made when the member asks for it."""
    form = ProofForm(request.POST)
    if not form.is_valid():
        records = list(AttendanceRecord.objects.for_member(request.user)[:500])
        context = {
            "records": records[:100],
            "summary": services.attendance_summary(records, member=request.user),
            "proof_form": form,
            "viewer_tz": request.user.time_zone,
        }
        return render(request, "meetings/attendance.html", context, status=422)
    data = form.cleaned_data
    sheet, records = services.issue_proof_sheet(
        member=request.user,
        start=data["start"],
        end=data["end"],
        name_on_sheet=data["name_on_sheet"],
        purpose=data["purpose"],
    )
    verify = request.build_absolute_uri(reverse("meetings:proof-check", args=[sheet.code]))
    body = services.proof_of_attendance_pdf(sheet=sheet, records=records, verify_url=verify)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="proof-of-attendance-{data["end"]:%Y-%m-%d}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


def proof_check(request: HttpRequest, code: str) -> HttpResponse:
    """Whoever holds a sheet can check it: the name printed on it and the same meetings, each in
    its own time zone with how it was confirmed. Every look is in the member's access log."""
    try:
        sheet, records = access.access_proof_sheet(request.user, code)
    except Http404:
        # Say what to do next rather than Django's bare not-found page; still a 404.
        return render(request, "meetings/proof_check.html", {"unknown": True}, status=404)
    rows = [(r, r.when_text(), services.how_verified(r)) for r in records]
    context = {
        "sheet": sheet,
        "rows": rows,
        "confirmed": sum(1 for r in records if r.is_confirmed),
        "self_reported": sum(1 for r in records if not r.is_confirmed),
    }
    response = render(request, "meetings/proof_check.html", context)
    # It names the member: never kept by a shared cache, never indexed.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@member_data_view
def member_attendance(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member's attendance, for someone the member shared it with."""
    member, records = access.access_member_attendance(request.user, member_id)
    rows = list(records[:200])
    context = {
        "member": member,
        "summary": services.attendance_summary(rows, member=member),
        "tables": shared.attendance_tables(shared.attendance(rows)),
    }
    return render(request, "meetings/member_attendance.html", context)

"""The directory: search, programs, a meeting's page, joining and saving, recommendations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest, HtmxHttpRequest
from alongside.meetings import access, recommend, services
from alongside.meetings.forms import ManualAttendanceForm, PreferenceForm, SearchForm
from alongside.meetings.models import Program, SavedMeeting
from alongside.meetings.search import BadCursor, apply_cursor, search
from alongside.meetings.views.common import safe_next, viewer_time_zone
from alongside.rooms.services.room import open_room


def directory(request: HtmxHttpRequest) -> HttpResponse:
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
        "open_room": open_room(found, now),
    }
    return render(request, "meetings/meeting.html", context)


@require_POST
@login_required
def join(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
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
def save(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    found = access.access_meeting(request.user, meeting_id)
    if request.POST.get("remove"):
        services.remove_from_my_meetings(member=request.user, meeting=found)
        messages.success(request, _("Removed from your meetings."))
    else:
        services.save_to_my_meetings(member=request.user, meeting=found)
        messages.success(request, _("Saved to your meetings and your meetings calendar."))
    return redirect(safe_next(request, reverse("meetings:meeting", args=[found.pk])))


@login_required
def recommended(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def try_these(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Save the "try a few groups" picks to my meetings in one go."""
    picks = recommend.try_a_few(recommend.recommend(request.user))
    for rec in picks:
        services.save_to_my_meetings(member=request.user, meeting=rec.result.meeting)
    messages.success(
        request, _("%(n)s meetings saved to your meetings and calendar.") % {"n": len(picks)}
    )
    return redirect("meetings:mine")

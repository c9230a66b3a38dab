"""My meetings and the calendars: one meeting's .ics, my saved meetings, my secret calendar
address."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.meetings import access, feeds, services
from alongside.meetings.models import SavedMeeting
from alongside.meetings.views.common import site_base_url


def meeting_calendar(request: HttpRequest, meeting_id: int) -> HttpResponse:
    found = access.access_meeting(request.user, meeting_id)
    body = feeds.calendar_for(
        [found],
        name=found.name,
        base_url=site_base_url(request),
        show_protected=request.user.is_authenticated,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{found.pk}.ics"'
    return response


@login_required
def my_meetings(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def rotate_calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
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
        if s.meeting is not None  # always, by the filter: says so to the type checker
    ]
    # Holding the secret address stands for the member, so protected links are included.
    body = feeds.calendar_for(
        meetings, name=_("My meetings"), base_url=site_base_url(request), show_protected=True
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")

"""Appointment pages: the counselor's calendar (a day or a week), booking, one appointment
(the counselor's view with attendance, or the member's own place), the member's appointments
with asking for a time, therapy groups with their rosters and sessions, and the iCalendar feed
behind each person's secret address. Every time shown is in the viewer's zone, which the page
names."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.counseling import access
from alongside.counseling.forms.appointments import (
    RENAME,
    AcceptForm,
    BookingForm,
    CalendarForm,
    CancelForm,
    ChangeForm,
    DeclineForm,
    GroupForm,
    RequestForm,
    RosterForm,
    SessionForm,
)
from alongside.counseling.models import Appointment, TherapyGroup
from alongside.counseling.services import (
    appointment_calendars,
    appointment_requests,
    appointments,
    therapy_groups,
)
from alongside.counseling.services.clients import clients_of
from alongside.lib.forms import errors_to
from alongside.privacy.models import Action

WEEK = 7


def _counselor(request: AuthenticatedHttpRequest) -> User:
    """The signed-in counselor; these pages are nobody else's (404, as for anything not theirs)."""
    if not access.is_counselor(request.user):
        raise Http404("Not found.")
    return request.user


def _feed_url(request: HttpRequest, user: User) -> str:
    path = reverse("counseling:feed", args=[appointment_calendars.feed_token(user)])
    return request.build_absolute_uri(path)


def _day_url(day: datetime.date, view: str = "day") -> str:
    query = {"day": day.isoformat(), **({"view": view} if view == "week" else {})}
    return f"{reverse('counseling:calendar')}?{urlencode(query)}"


# ---------------------------------------------------------------- the counselor's calendar


@login_required
def calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A day (?day=YYYY-MM-DD, today in the counselor's zone by default) or its week
    (&view=week, Monday first), and the times members asked for that wait for an answer."""
    user = _counselor(request)
    form = CalendarForm(request.GET or None)
    day, view = user.local_today(), "day"
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["day"] or day
        view = form.cleaned_data["view"] or view
    first, days = (
        (day - datetime.timedelta(days=day.weekday()), WEEK) if view == "week" else (day, 1)
    )
    step = datetime.timedelta(days=days)
    sharing = appointment_calendars.sharing_with(user)
    return render(
        request,
        "counseling/appointments_calendar.html",
        {
            "form": form,
            "view": view,
            "days": appointment_calendars.with_adherence(
                user,
                appointment_calendars.counselor_calendar(
                    user, first_day=first, days=days, sharing=sharing
                ),
            ),
            "requests": appointment_calendars.waiting_requests(user, sharing),
            "today": user.local_today(),
            "zone": user.time_zone,
            "previous_url": _day_url(first - step, view),
            "next_url": _day_url(first + step, view),
            "today_url": _day_url(user.local_today(), view),
            "other_view_url": _day_url(day, "day" if view == "week" else "week"),
            "feed_url": _feed_url(request, user),
        },
    )


@login_required
def book(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Book a session or a series with a member who shares counseling with the counselor."""
    user = _counselor(request)
    form = BookingForm(
        request.POST or None,
        clients=clients_of(user),
        zone=user.zone,
        initial={
            "member": request.GET.get("member", ""),
            "on": user.local_today() + datetime.timedelta(days=1),
            "video_url": appointment_calendars.last_video_url(user),
        },
    )
    if request.method == "POST" and form.is_valid():
        member = access.access_client(
            user, int(form.cleaned_data["member"]), record_type="counseling.appointment"
        )
        try:
            made = appointments.book_appointment(
                counselor=user, member=member, booking=form.booking()
            )
        except ValidationError as error:
            errors_to(form, error, rename=RENAME)
        else:
            messages.success(
                request,
                _("Booked %(n)s session(s) with %(name)s; they are told.")
                % {"n": len(made), "name": member.display_name},
            )
            return redirect(_day_url(made[0].starts_at.astimezone(user.zone).date()))
    return render(
        request,
        "counseling/appointments_book.html",
        {"form": form, "zone": user.time_zone},
        status=422 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- one appointment


def _local_initial(found: Appointment, user: User) -> dict[str, object]:
    start, end = found.starts_at.astimezone(user.zone), found.ends_at.astimezone(user.zone)
    return {
        "on": start.date(),
        "starts": start.time(),
        "ends": end.time(),
        "modality": found.modality,
        "location": found.location,
        "video_url": found.video_url or appointment_calendars.last_video_url(user),
    }


def _post(request: AuthenticatedHttpRequest, which: str) -> dict | None:
    return request.POST if request.POST.get("form") == which else None


PageAction = Callable[[AuthenticatedHttpRequest, Appointment, dict], bool]


def _cancel(request: AuthenticatedHttpRequest, found: Appointment, forms: dict) -> bool:
    form = forms["cancel_form"]
    if not form.is_valid():
        return False
    try:
        appointments.cancel_appointment(
            appointment=found, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        errors_to(form, error)
        return False
    messages.success(request, _("Cancelled. The other side is told."))
    return True


def _attendance(request: AuthenticatedHttpRequest, found: Appointment, forms: dict) -> bool:
    member = request.POST.get("member", "")
    try:
        appointments.record_attendance(
            appointment=found,
            by=request.user,
            # Not an id at all is nobody booked (an id past 64 bits too).
            member_id=int(member)
            if member.isascii() and member.isdigit() and len(member) < 19
            else 0,
            status=request.POST.get("status", ""),
        )
    except ValidationError as error:
        forms["attendance_errors"] = error.messages
        return False
    messages.success(request, _("Attendance recorded."))
    return True


def _complete(request: AuthenticatedHttpRequest, found: Appointment, forms: dict) -> bool:
    try:
        appointments.complete_appointment(appointment=found, by=request.user)
    except ValidationError as error:
        forms["attendance_errors"] = error.messages
        return False
    messages.success(request, _("Marked completed."))
    return True


def _change(request: AuthenticatedHttpRequest, found: Appointment, forms: dict) -> bool:
    form = forms["change_form"]
    if not form.is_valid():
        return False
    try:
        appointments.change_appointment(appointment=found, by=request.user, booking=form.booking())
    except ValidationError as error:
        errors_to(form, error, rename=RENAME)
        return False
    messages.success(request, _("Changed. Everyone booked is told."))
    return True


def _accept(request: AuthenticatedHttpRequest, found: Appointment, forms: dict) -> bool:
    form = forms["accept_form"]
    if not form.is_valid():
        return False
    data = form.cleaned_data
    booking = appointments.Booking(starts_at=found.starts_at, ends_at=found.ends_at, **data)
    try:
        appointment_requests.accept_request(appointment=found, by=request.user, booking=booking)
    except ValidationError as error:
        errors_to(form, error)
        return False
    messages.success(request, _("Accepted. It is on both calendars, and they are told."))
    return True


def _decline(request: AuthenticatedHttpRequest, found: Appointment, forms: dict) -> bool:
    form = forms["decline_form"]
    if not form.is_valid():
        return False
    try:
        appointment_requests.decline_request(
            appointment=found, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        errors_to(form, error)
        return False
    messages.success(request, _("Declined. They are told."))
    return True


ACTIONS: dict[str, PageAction] = {
    "cancel": _cancel,
    "attendance": _attendance,
    "complete": _complete,
    "change": _change,
    "accept": _accept,
    "decline": _decline,
}
# What an attendee may do on their own appointment page; the rest is the counselor's.
ATTENDEE_ACTIONS = {"cancel"}


@login_required
def appointment(request: AuthenticatedHttpRequest, appointment_id: int) -> HttpResponse:
    """The counselor's view (the attendees who share with them, attendance, changes, answers
    to a time asked for) or an attendee's (their own place only, and cancelling it). A POST
    names its form: cancel, attendance, complete, change, accept or decline."""
    user = request.user
    which = request.POST.get("form", "") if request.method == "POST" else ""
    action = Action.WRITE if which else Action.READ
    found = access.access_appointment(user, appointment_id, action=action)
    is_holder = found.counselor_id == user.pk
    if which and (which not in ACTIONS or not (is_holder or which in ATTENDEE_ACTIONS)):
        raise PermissionDenied(_("Only the counselor who holds this appointment can do that."))
    page_forms: dict = {"cancel_form": CancelForm(_post(request, "cancel"), prefix="cancel")}
    if is_holder:
        page_forms["change_form"] = ChangeForm(
            _post(request, "change"),
            zone=user.zone,
            initial=_local_initial(found, user),
            prefix="change",
        )
        page_forms["accept_form"] = AcceptForm(
            _post(request, "accept"), initial=_local_initial(found, user), prefix="accept"
        )
        page_forms["decline_form"] = DeclineForm(_post(request, "decline"), prefix="decline")
    if which and ACTIONS[which](request, found, page_forms):
        return redirect("counseling:appointment", appointment_id=found.pk)
    context = {**page_forms, "appointment": found, "is_holder": is_holder, "zone": user.time_zone}
    if is_holder:
        rows = appointment_calendars.rows_for(user, [found])
        context["row"] = rows[0] if rows else None
    else:
        context["place"] = appointment_calendars.place_of(found, user)
    context["has_started"] = appointment_calendars.has_started(found)
    return render(
        request,
        "counseling/appointments_detail.html",
        context,
        status=422 if which else 200,
    )


# ---------------------------------------------------------------- the member's appointments


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's own appointments (to come, asked for, past) and asking for a time with a
    counselor they share counseling with."""
    user = request.user
    counselors = appointment_requests.counselors_for(user)
    form = RequestForm(
        request.POST or None,
        counselors=counselors,
        zone=user.zone,
        initial={"on": user.local_today() + datetime.timedelta(days=1)},
    )
    if request.method == "POST" and form.is_valid():
        counselor = access.access_counselor(user, int(form.cleaned_data["counselor"]))
        starts_at, ends_at = form.times()
        try:
            appointment_requests.request_appointment(
                member=user,
                counselor=counselor,
                starts_at=starts_at,
                ends_at=ends_at,
                modality=form.cleaned_data["modality"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            errors_to(form, error, rename=RENAME)
        else:
            messages.success(
                request,
                _("Asked. %(name)s is told, and you will hear back here.")
                % {"name": counselor.display_name},
            )
            return redirect("counseling:appointments")
    return render(
        request,
        "counseling/appointments_mine.html",
        {
            "lists": appointment_calendars.member_appointments(user),
            "form": form,
            "counselors": counselors,
            "zone": user.time_zone,
            "feed_url": _feed_url(request, user),
            "cancel_form": CancelForm(prefix="cancel"),
        },
        status=422 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- therapy groups


@login_required
def groups(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The counselor's groups, and starting one."""
    user = _counselor(request)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = therapy_groups.create_group(counselor=user, **form.cleaned_data)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("The group is started. Add people to its roster."))
            return redirect("counseling:group", group_id=group.pk)
    return render(
        request,
        "counseling/appointments_groups.html",
        {"groups": therapy_groups.groups_of(user), "form": form},
        status=422 if request.method == "POST" else 200,
    )


def _roster_form(
    request: AuthenticatedHttpRequest, group: TherapyGroup, on_roster: list[User]
) -> RosterForm:
    taken = {m.pk for m in on_roster}
    clients = [c for c in clients_of(request.user) if c.pk not in taken]
    return RosterForm(_post(request, "add"), clients=clients, prefix="roster")


def _add(request: AuthenticatedHttpRequest, group: TherapyGroup, page: dict) -> bool:
    form = page["roster_form"]
    if not form.is_valid():
        return False
    member = access.access_client(
        request.user, int(form.cleaned_data["member"]), record_type="counseling.therapygroup"
    )
    try:
        therapy_groups.add_to_group(group=group, member=member)
    except ValidationError as error:
        errors_to(form, error)
        return False
    messages.success(request, _("%(name)s is on the roster.") % {"name": member.display_name})
    return True


def _remove(request: AuthenticatedHttpRequest, group: TherapyGroup, page: dict) -> bool:
    member_id = request.POST.get("member", "")
    if not (member_id.isascii() and member_id.isdigit()) or len(member_id) > 18:
        raise Http404("Not found.")
    place = access.access_roster_place(request.user, group.pk, int(member_id))
    therapy_groups.remove_from_group(place=place)
    messages.success(
        request, _("Taken off the roster; their places in sessions to come are freed.")
    )
    return True


def _session(request: AuthenticatedHttpRequest, group: TherapyGroup, page: dict) -> bool:
    form = page["session_form"]
    if not form.is_valid():
        return False
    try:
        made = therapy_groups.book_group_session(group=group, booking=form.booking())
    except ValidationError as error:
        errors_to(form, error, rename=RENAME)
        return False
    messages.success(
        request,
        _("Booked %(n)s group session(s). Everyone on the roster is told.") % {"n": len(made)},
    )
    return True


GROUP_ACTIONS: dict[str, Callable[[AuthenticatedHttpRequest, TherapyGroup, dict], bool]] = {
    "add": _add,
    "remove": _remove,
    "session": _session,
}


@login_required
def group(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    """A group the counselor runs: its roster (add, take off), booking its sessions, and the
    sessions to come. A POST names its form: add, remove or session."""
    user = request.user
    found = access.access_group(user, group_id)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    on_roster = therapy_groups.roster(found)
    page: dict = {
        "roster_form": _roster_form(request, found, on_roster),
        "session_form": SessionForm(
            _post(request, "session"),
            zone=user.zone,
            initial={
                "on": user.local_today() + datetime.timedelta(days=1),
                "video_url": appointment_calendars.last_video_url(user),
            },
            prefix="session",
        ),
    }
    action = GROUP_ACTIONS.get(which)
    if which and action is None:
        raise Http404("Not found.")
    if action is not None and action(request, found, page):
        return redirect("counseling:group", group_id=found.pk)
    return render(
        request,
        "counseling/appointments_group.html",
        {
            **page,
            "group": found,
            "roster": on_roster,
            "sessions": therapy_groups.upcoming_sessions(found),
            "zone": user.time_zone,
        },
        status=422 if which else 200,
    )


# ---------------------------------------------------------------- the iCalendar feed


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's appointments for a calendar application, behind their secret address."""
    owner = access.access_appointment_feed(token)
    body = appointment_calendars.appointments_calendar(
        owner, base_url=request.build_absolute_uri("/").rstrip("/")
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def feed_new_address(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new secret address for the person's calendars; the old one stops working at once."""
    appointment_calendars.new_feed_address(request.user)
    messages.success(
        request,
        _(
            "Your calendars have a new address (this one and My meetings'). Subscribe again "
            "with it; the old one no longer works."
        ),
    )
    if access.is_counselor(request.user) and request.POST.get("back") == "calendar":
        return redirect("counseling:calendar")
    return redirect("counseling:appointments")

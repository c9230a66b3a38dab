"""Pages for those who lead groups: facilitating (codes, confirmations, meetings), service
positions and business meetings. Importing feeds is in imports.py."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import Organization, User
from alongside.meetings import access, services
from alongside.meetings.forms import (
    BusinessMeetingForm,
    GroupForm,
    MeetingForm,
    PositionForm,
)
from alongside.meetings.models import (
    Group,
    Meeting,
    PositionRole,
    ServiceTerm,
)


def group(request: HttpRequest, slug: str) -> HttpResponse:
    """A group's public page. Who holds its service positions shows only to its own leaders and
    servants; everyone else reads whether each position is filled."""
    found = access.access_group(request.user, slug)
    context = {
        "group": found,
        "facilitators": found.facilitators.select_related("user"),
        "meetings": found.meetings.select_related("program"),
        "positions": access.service_positions(request.user, found),
        "leads": access.leads_group(request.user, found),
        "serves": access.serves_group(request.user, found),
    }
    return render(request, "meetings/group.html", context)


def _group_form_view(request: AuthenticatedHttpRequest, found_group) -> HttpResponse:
    """Start a group (facilitators and organization admins) or change one you lead."""
    from alongside.accounts.roles import roles_of

    organizations = [
        m.organization_id
        for m in roles_of(request.user).memberships
        if m.role in access.IMPORT_ROLES
    ]
    mine = found_group.facilitators.filter(user=request.user).first() if found_group else None
    initial = {"experience": mine.experience, "trained_as": mine.trained_as} if mine else {}
    form = GroupForm(
        request.POST or None,
        instance=found_group,
        initial=initial,
        organizations=Organization.objects.filter(pk__in=organizations),
    )
    if request.method == "POST" and form.is_valid():
        group = form.save(commit=False)
        try:
            services.save_group(
                group=group,
                facilitator=request.user,
                experience=form.cleaned_data["experience"],
                trained_as=form.cleaned_data["trained_as"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Group saved."))
            return redirect("meetings:group", group.slug)
    return render(request, "meetings/group_form.html", {"form": form, "group": found_group})


@login_required
def group_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_lead_groups(
        request.user
    ):  # facilitators and organization admins start groups
        raise Http404("Not found.")
    return _group_form_view(request, None)


@login_required
def group_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _group_form_view(request, access.access_led_group(request.user, slug))


@login_required
def facilitating(request: AuthenticatedHttpRequest) -> HttpResponse:
    groups = access.groups_led_by(request.user).prefetch_related("meetings")
    return render(
        request,
        "meetings/facilitating.html",
        {"groups": groups, "requests": access.confirmation_requests_for(request.user)},
    )


ATTENDANCE_DAYS = 90


@login_required
def group_attendance(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Each occurrence of the group's meetings in the last 90 days: how many came, and who, as far
    as each member lets the group's leaders see (access.group_attendance)."""
    since = timezone.now() - dt.timedelta(days=ATTENDANCE_DAYS)
    found, records = access.group_attendance(request.user, slug, since=since)
    occurrences = [
        {
            "meeting_name": rows[0][0].meeting_name,
            "record": rows[0][0],
            "count": len(rows),
            "named": [record for record, named in rows if named],
            "unnamed": sum(1 for _r, named in rows if not named),
        }
        for rows in (
            list(group)
            for _key, group in groupby(
                records, key=lambda item: (item[0].meeting_id, item[0].occurred_at)
            )
        )
    ]
    context = {"group": found, "occurrences": occurrences, "days": ATTENDANCE_DAYS}
    return render(request, "meetings/group_attendance.html", context)


@require_POST
@login_required
def confirm(request: AuthenticatedHttpRequest, record_id: int) -> HttpResponse:
    record = access.access_confirmation_request(request.user, record_id)
    services.confirm_attendance(record=record, facilitator=request.user)
    messages.success(request, _("Confirmed."))
    return redirect("meetings:facilitating")


@login_required
def attendance_code(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """The rotating code a facilitator shows at the meeting (a fresh one every minute)."""
    found = access.access_facilitated_meeting(request.user, meeting_id)
    made = services.qr_token(meeting=found, facilitator=request.user)
    context = {
        "meeting": found,
        "svg": None,
        "url": None,
        "starts": None,
        "next": found.next_occurrence(),
    }
    if made is not None:
        token, starts = made
        url = request.build_absolute_uri(reverse("meetings:check-in", args=[token]))
        context.update(
            svg=services.qr_svg(url), url=url, starts=starts.astimezone(request.user.zone)
        )
    template = (
        "meetings/attendance_code.html#code" if request.htmx else "meetings/attendance_code.html"
    )
    return render(request, template, context)


def _meeting_form_view(
    request: AuthenticatedHttpRequest, found_group, instance: Meeting | None
) -> HttpResponse:
    form = MeetingForm(
        request.POST or None,
        instance=instance,
        initial=None if instance else {"time_zone": request.user.time_zone, "duration_minutes": 60},
    )
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.group, meeting.program, meeting.group_name = (
            found_group,
            found_group.program,
            found_group.name,
        )
        if not meeting.slug:
            meeting.slug = (
                f"{found_group.slug}-{slugify(meeting.name)[:40]}-{timezone.now():%Y%m%d%H%M%S}"
            )
        try:
            services.save_meeting(meeting=meeting)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("meetings:meeting", meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "group": found_group, "meeting": instance},
    )


@login_required
def meeting_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _meeting_form_view(request, access.access_led_group(request.user, slug), None)


@login_required
def meeting_edit(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    found = access.access_facilitated_meeting(request.user, meeting_id)
    return _meeting_form_view(request, found.group, found)


def _people_for(found_group: Group) -> QuerySet[User]:
    """Who may hold a position: members of the group's organization, its facilitators, holders."""
    q = Q(facilitating__group=found_group) | Q(service_terms__group=found_group)
    if found_group.organization_id:
        q |= Q(memberships__organization=found_group.organization, memberships__is_active=True)
    return User.objects.filter(q, is_active=True).distinct()


@login_required
def service(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Service positions with their terms and rotation, and the business meeting notes."""
    found = access.access_served_group(request.user, slug)
    leads = access.leads_group(request.user, found)
    position_form = PositionForm(prefix="position", people=_people_for(found))
    notes_form = BusinessMeetingForm(prefix="notes", initial={"held_on": timezone.now().date()})
    if request.method == "POST" and request.POST.get("form") == "position":
        if not leads:
            raise Http404("No such group.")
        position_form = PositionForm(request.POST, prefix="position", people=_people_for(found))
        if position_form.is_valid():
            data = position_form.cleaned_data
            try:
                services.rotate_position(
                    group=found,
                    role=data["role"],
                    holder=data["holder"],
                    starts_on=data["starts_on"],
                    term_months=data["term_months"],
                )
            except services.AttendanceError as error:
                position_form.add_error(error.field, error.message)
            else:
                messages.success(request, _("The position has rotated."))
                return redirect("meetings:group-service", found.slug)
    elif request.method == "POST" and request.POST.get("form") == "notes":
        notes_form = BusinessMeetingForm(request.POST, prefix="notes")
        if notes_form.is_valid():
            services.record_business_meeting(
                group=found, recorded_by=request.user, **notes_form.cleaned_data
            )
            messages.success(request, _("Business meeting notes saved."))
            return redirect("meetings:group-service", found.slug)
    terms = ServiceTerm.objects.filter(group=found).select_related("holder")
    current = {t.role: t for t in terms if t.ends_on is None}
    context = {
        "group": found,
        "leads": leads,
        "position_form": position_form,
        "notes_form": notes_form,
        "positions": [(role, current.get(role.value)) for role in PositionRole],
        "history": [t for t in terms if t.ends_on is not None][:30],
        "business": found.business_meetings.select_related("recorded_by")[:20],
        "today": timezone.now().date(),
    }
    return render(request, "meetings/service.html", context)

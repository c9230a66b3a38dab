"""Attendance: my records, marking a meeting attended, check-in codes, proof of attendance and its
check, and a member's attendance for those they share it with."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.access import member_data_view
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.meetings import access, services, shared
from alongside.meetings.forms import ManualAttendanceForm, ProofForm
from alongside.meetings.models import AttendanceRecord


@login_required
def attendance(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def attended(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
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
def delete_attendance(request: AuthenticatedHttpRequest, record_id: int) -> HttpResponse:
    services.delete_attendance(record=access.access_own_attendance(request.user, record_id))
    messages.success(request, _("Removed from your attendance."))
    return redirect("meetings:attendance")


@login_required
def check_in(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
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
def proof(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def member_attendance(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """A member's attendance, for someone the member shared it with."""
    member, records = access.access_member_attendance(request.user, member_id)
    rows = list(records[:200])
    context = {
        "member": member,
        "summary": services.attendance_summary(rows, member=member),
        "tables": shared.attendance_tables(shared.attendance(rows)),
    }
    return render(request, "meetings/member_attendance.html", context)

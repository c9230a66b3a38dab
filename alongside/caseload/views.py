"""Caseload pages: the table, one person's record with engagements and follow-ups."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.caseload import access, services
from alongside.caseload.forms import EngagementForm, FilterForm, RecordForm
from alongside.lib.forms import errors_to


@login_required
def table(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everyone who shares with the peer specialist, sortable and filterable; "gone quiet" is
    no check-in (where shared) and no engagement for 14 days."""
    form = FilterForm(request.GET or None)
    show, sort = "", "name"
    if form.is_valid():
        show, sort = form.cleaned_data["show"], form.cleaned_data["sort"] or "name"
    today = request.user.local_today()
    rows = services.caseload(request.user)
    if show == "quiet":
        rows = [r for r in rows if r.is_quiet(today)]
    elif show == "follow_up":
        rows = [r for r in rows if r.next_follow_up is not None and r.next_follow_up <= today]
    elif show == "reassign":
        rows = [r for r in rows if r.record is not None and r.record.needs_reassignment]
    return render(
        request,
        "caseload/table.html",
        {
            "form": form,
            "rows": services.sorted_rows(rows, sort),
            "today": today,
            "is_peer_specialist": bool(services.organizations_of(request.user)),
        },
    )


@login_required
def record(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    found = access.access_member_record(request.user, member_id)
    record_form = RecordForm(instance=found)
    engagement_form = EngagementForm(initial={"on": request.user.local_today()})
    if request.method == "POST" and request.POST.get("form") == "record":
        record_form = RecordForm(request.POST, instance=found)
        if record_form.is_valid():
            services.update_record(record=found, **record_form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("caseload:record", member_id=member_id)
    elif request.method == "POST":
        engagement_form = EngagementForm(request.POST)
        if engagement_form.is_valid() and _save_engagement(request, found, engagement_form):
            return redirect("caseload:record", member_id=member_id)
    return render(
        request,
        "caseload/record.html",
        {
            "record": found,
            "member": found.member,
            "record_form": record_form,
            "engagement_form": engagement_form,
            "engagements": found.engagements.select_related("by")[:50],
            "follow_ups": found.follow_ups.filter(done_at__isnull=True),
        },
        status=422 if request.method == "POST" else 200,
    )


def _save_engagement(request: AuthenticatedHttpRequest, found, form: EngagementForm) -> bool:
    """The engagement and its follow-up, both or neither (one bad date saves nothing)."""
    data = form.cleaned_data
    try:
        with transaction.atomic():
            engagement = services.record_engagement(
                record=found,
                by=request.user,
                kind=data["kind"],
                on=data["on"],
                minutes=data["minutes"],
                note=data["note"],
            )
            if data["follow_up_on"] or data["follow_up_about"]:
                if data["follow_up_on"] is None:
                    raise ValidationError({"follow_up_on": _("Give the day to follow up on.")})
                services.add_follow_up(
                    record=found,
                    by=request.user,
                    due_on=data["follow_up_on"],
                    about=data["follow_up_about"],
                    engagement=engagement,
                )
    except ValidationError as error:
        errors_to(form, error, rename={"due_on": "follow_up_on", "about": "follow_up_about"})
        return False
    messages.success(request, _("The engagement is recorded."))
    return True


@login_required
@require_POST
def follow_up_done(request: AuthenticatedHttpRequest, follow_up_id: int) -> HttpResponse:
    found = access.access_follow_up(request.user, follow_up_id)
    try:
        services.complete_follow_up(follow_up=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("caseload:record", member_id=found.record.member_id)

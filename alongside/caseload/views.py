"""Caseload pages: the table, one person's record (intake, engagements, follow-ups, BARC-10,
their goals worked on together), and a supervisor's view of their team."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

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
from alongside.caseload.forms import (
    EngagementForm,
    FilterForm,
    IntakeForm,
    MemberGoalForm,
    MemberStepForm,
    QuietForm,
    RecordForm,
)
from alongside.caseload.models import CaseRecord, ServicePathway
from alongside.lib.forms import errors_to
from alongside.privacy.models import Action

# Rows a page of the table shows: a caseload runs to hundreds of people, each a card on a phone.
PAGE_SIZE = 25


def _filters(request: AuthenticatedHttpRequest) -> tuple[FilterForm, str, str]:
    form = FilterForm(request.GET or None)
    if form.is_valid():
        return form, form.cleaned_data["show"], form.cleaned_data["sort"] or "name"
    return form, "", "name"


def _query(show: str, sort: str) -> str:
    """The view's filter and sort, kept by the links between its pages."""
    return urlencode({k: v for k, v in (("show", show), ("sort", sort)) if v})


@login_required
def table(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everyone who shares with the peer specialist, sortable and filterable; "gone quiet" is
    no check-in, meeting attendance (where shared) or engagement for the days they chose. A
    POST changes those days."""
    quiet_after = services.quiet_after_days(request.user)
    quiet_form = QuietForm(request.POST or None, initial={"quiet_after_days": quiet_after})
    if request.method == "POST" and quiet_form.is_valid():
        try:
            services.set_quiet_after(
                staff=request.user, days=quiet_form.cleaned_data["quiet_after_days"]
            )
        except ValidationError as error:
            errors_to(quiet_form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(request.get_full_path())
    form, show, sort = _filters(request)
    page = services.table_page(
        request.user,
        show=show,
        sort=sort,
        number=request.GET.get("page"),
        size=PAGE_SIZE,
        quiet_after=quiet_after,
    )
    return render(
        request,
        "caseload/table.html",
        {
            "form": form,
            "quiet_form": quiet_form,
            "page": page,
            "query": _query(show, sort),
            "quiet_after": quiet_after,
            "is_peer_specialist": bool(services.organizations_of(request.user)),
        },
        status=422 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- one person's record


def _save_record(request: AuthenticatedHttpRequest, found: CaseRecord, forms: dict) -> bool:
    forms["record_form"] = form = RecordForm(request.POST, instance=found)
    if not form.is_valid():
        return False
    services.update_record(record=found, **form.cleaned_data)
    messages.success(request, _("Saved."))
    return True


def _save_intake(request: AuthenticatedHttpRequest, found: CaseRecord, forms: dict) -> bool:
    forms["intake_form"] = form = IntakeForm(request.POST, prefix="intake")
    if not form.is_valid():
        return False
    try:
        services.save_intake(record=found, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        errors_to(form, error)
        return False
    messages.success(request, _("The intake is saved."))
    return True


def _save_engagement(request: AuthenticatedHttpRequest, found: CaseRecord, forms: dict) -> bool:
    """The engagement and its follow-up, both or neither (one bad date saves nothing)."""
    forms["engagement_form"] = form = EngagementForm(request.POST)
    if not form.is_valid():
        return False
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


def _add_goal(request: AuthenticatedHttpRequest, found: CaseRecord, forms: dict) -> bool:
    access.require_plans(request.user, found.member)
    forms["goal_form"] = form = MemberGoalForm(request.POST, prefix="goal")
    if not form.is_valid():
        return False
    try:
        services.add_member_goal(member=found.member, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        errors_to(form, error)
        return False
    messages.success(request, _("The goal is added. They are told, and see it was you."))
    return True


def _request_barc10(request: AuthenticatedHttpRequest, found: CaseRecord, forms: dict) -> bool:
    try:
        services.request_barc10(record=found, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Asked. They have a notice with a link to the BARC-10."))
    return True


SAVES: dict[str, Callable[[AuthenticatedHttpRequest, CaseRecord, dict], bool]] = {
    "record": _save_record,
    "intake": _save_intake,
    "engagement": _save_engagement,
    "goal": _add_goal,
    "barc10": _request_barc10,
}


@login_required
def record(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    found = access.access_member_record(request.user, member_id)
    intake = services.intake_of(found)
    forms: dict = {
        "record_form": RecordForm(instance=found),
        "intake_form": IntakeForm(
            instance=intake,
            initial={"on": request.user.local_today(), "referral": "self"},
            prefix="intake",
        ),
        "engagement_form": EngagementForm(initial={"on": request.user.local_today()}),
        "goal_form": MemberGoalForm(prefix="goal"),
    }
    if request.method == "POST":
        save = SAVES.get(request.POST.get("form", ""), _save_engagement)
        if save(request, found, forms):
            return redirect("caseload:record", member_id=member_id)
    member = found.member
    shares_assessments, barc10 = access.last_barc10_for(request.user, member)
    last_on = barc10.taken_at.astimezone(member.zone).date() if barc10 else None
    return render(
        request,
        "caseload/record.html",
        {
            **forms,
            "record": found,
            "member": member,
            "intake": intake,
            "is_comprehensive": found.pathway == ServicePathway.COMPREHENSIVE,
            "engagements": found.engagements.select_related("by")[:50],
            "follow_ups": found.follow_ups.filter(done_at__isnull=True),
            "goals": access.member_goals(request.user, member),
            "shares_assessments": shares_assessments,
            "barc10": barc10,
            "barc10_on": last_on,
            "barc10_due_on": (
                services.barc10_due_on(found, last_on, intake.on if intake else None)
                if shares_assessments
                else None
            ),
            "today": request.user.local_today(),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def follow_up_done(request: AuthenticatedHttpRequest, follow_up_id: int) -> HttpResponse:
    found = access.access_follow_up(request.user, follow_up_id)
    try:
        services.complete_follow_up(follow_up=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("caseload:record", member_id=found.record.member_id)


# ---------------------------------------------------------------- the member's goals


@login_required
def goal(request: AuthenticatedHttpRequest, member_id: int, goal_id: int) -> HttpResponse:
    """One of the member's goals, to change with them: its words, area, target and progress,
    and its steps (a POST names the form: "goal" or "step")."""
    action = Action.WRITE if request.method == "POST" else Action.READ
    found = access.access_member_goal(request.user, member_id, goal_id, action=action)
    which = request.POST.get("form") if request.method == "POST" else None
    form = MemberGoalForm(
        request.POST if which == "goal" else None,
        initial={n: getattr(found, n) for n in services.GOAL_FIELDS},
        prefix="goal",
    )
    step_form = MemberStepForm(request.POST if which == "step" else None, prefix="step")
    bound = form if which == "goal" else step_form if which == "step" else None
    if bound is not None and bound.is_valid():
        try:
            if bound is form:
                services.update_member_goal(goal=found, by=request.user, **form.cleaned_data)
            else:
                services.add_member_step(goal=found, by=request.user, **step_form.cleaned_data)
        except ValidationError as error:
            errors_to(bound, error)
        else:
            messages.success(request, _("Saved. They are told, and see it was you."))
            return redirect("caseload:goal", member_id=member_id, goal_id=goal_id)
    return render(
        request,
        "caseload/goal.html",
        {"goal": found, "member": found.member, "form": form, "step_form": step_form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def goal_step(
    request: AuthenticatedHttpRequest, member_id: int, goal_id: int, step_id: int
) -> HttpResponse:
    step = access.access_member_goal_step(request.user, member_id, goal_id, step_id)
    services.mark_member_step(step=step, by=request.user, done=request.POST.get("done") == "1")
    return redirect("caseload:goal", member_id=member_id, goal_id=goal_id)


# ---------------------------------------------------------------- supervisors


@login_required
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The caseloads of the peer specialists the person supervises: counts, naming nobody."""
    return render(request, "caseload/team.html", {"team": services.team_caseloads(request.user)})


@login_required
def team_caseload(request: AuthenticatedHttpRequest, supervisee_id: int) -> HttpResponse:
    """A supervisee's caseload, read-only: the people who also share with the supervisor."""
    supervision = access.access_supervision(request.user, supervisee_id)
    form, show, sort = _filters(request)
    page, counts = access.supervisee_caseload(
        request.user,
        supervision,
        show=show,
        sort=sort,
        number=request.GET.get("page"),
        size=PAGE_SIZE,
    )
    return render(
        request,
        "caseload/team_caseload.html",
        {
            "supervisee": supervision.supervisee,
            "form": form,
            "page": page,
            "query": _query(show, sort),
            "counts": counts,
            "quiet_after": services.quiet_after_days(supervision.supervisee),
        },
    )

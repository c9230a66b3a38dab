"""What a supporter sees of a member, by the member's grant: milestones, plans, the worksheets
the member picked (check-ins and medication live with the check-in views). Each page shows
exactly the fields privacy.scopes lists for its scope; each look is written to the member's
access log by access.py."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.access import member_data_view
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.accounts.roles import roles_of
from alongside.journey import access, services, shared
from alongside.journey.forms import WorksheetCommentForm
from alongside.journey.services.skills import SUGGESTER_ROLES
from alongside.journey.tools import get_tool
from alongside.privacy.models import Scope


def _suggests_tools(viewer: User) -> bool:
    """Whether to offer "Suggest a tool" (the member already shares with the viewer here)."""
    return bool(roles_of(viewer).roles & SUGGESTER_ROLES)


@member_data_view
def member_milestones(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """A member's tracks and celebrations, for someone they share milestones with: only the
    tracks the member's grant covers."""
    member, covered = access.access_member_milestones(request.user, member_id)
    tables = shared.milestone_tables(shared.milestones_of(member, covered))
    return render(
        request,
        "journey/member_shared.html",
        {
            "member": member,
            "scope": Scope.MILESTONES,
            "tables": tables,
            "can_suggest": _suggests_tools(request.user),
        },
    )


@member_data_view
def member_plans(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """A member's recovery goals, relapse-prevention plan and safety plan, for someone they
    share plans with (a mentor or peer specialist, by consent)."""
    member = access.access_member_plans(request.user, member_id)
    tables = shared.plan_tables(shared.plans_of(member))
    return render(
        request,
        "journey/member_shared.html",
        {
            "member": member,
            "scope": Scope.PLANS,
            "tables": tables,
            "can_suggest": _suggests_tools(request.user),
        },
    )


@member_data_view
def member_worksheets(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """The worksheets a member chose to share with the viewer, newest first."""
    member, sheets = access.access_member_worksheets(request.user, member_id)
    tables = shared.worksheet_tables(member, shared.worksheets(sheets[:200]))
    return render(
        request,
        "journey/member_shared.html",
        {
            "member": member,
            "scope": Scope.WORKSHEETS,
            "tables": tables,
            "can_suggest": _suggests_tools(request.user),
        },
    )


@member_data_view
def member_worksheet(
    request: AuthenticatedHttpRequest, member_id: int, worksheet_id: int
) -> HttpResponse:
    """One worksheet a member shares with the viewer: their answers, read-only, laid out as the
    member's own page lays them out, with the comments on it."""
    sheet = access.access_shared_worksheet(request.user, member_id, worksheet_id)
    return _shared_worksheet_page(request, sheet, WorksheetCommentForm())


@member_data_view
@require_POST
def member_worksheet_comment(
    request: AuthenticatedHttpRequest, member_id: int, worksheet_id: int
) -> HttpResponse:
    """Someone the member shares a worksheet with comments on it (a sponsor on step work)."""
    sheet = access.access_shared_worksheet(request.user, member_id, worksheet_id)
    form = WorksheetCommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_on_worksheet(
                author=request.user, worksheet=sheet, body=form.cleaned_data["body"]
            )
        except services.JourneyError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your comment is added. They will be told."))
            return redirect("journey:member-worksheet", member_id=member_id, worksheet_id=sheet.pk)
    return _shared_worksheet_page(request, sheet, form, status=422)


def _shared_worksheet_page(
    request: AuthenticatedHttpRequest, sheet, comment_form: WorksheetCommentForm, status: int = 200
) -> HttpResponse:
    tool = get_tool(sheet.tool)
    if tool is None:  # a tool since withdrawn: nothing to lay its answers out by
        raise Http404("Not found.")
    record = shared.worksheets([sheet])[0]
    return render(
        request,
        "journey/member_worksheet.html",
        {
            "member": sheet.member,
            "tool": tool,
            "record": record,
            "sections": shared.answer_sections(tool, record, sheet.member),
            "comments": services.worksheet_comments(sheet),
            "comment_form": comment_form,
        },
        status=status,
    )

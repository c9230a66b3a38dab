"""What a supporter sees of a member, by the member's grant: milestones, plans (check-ins and
medication live with the check-in views). Each page shows exactly the fields privacy.scopes
lists for its scope; each look is written to the member's access log by access.py."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from alongside.accounts.access import member_data_view
from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import User
from alongside.accounts.roles import roles_of
from alongside.journey import access, shared
from alongside.journey.services.skills import SUGGESTER_ROLES
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

"""What a supporter sees of a member, by the member's grant: milestones, plans. Each look is
written to the member's access log by access.py."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alongside.accounts.access import member_data_view
from alongside.journey import access, services
from alongside.journey.models import (
    Celebration,
    CopingStrategy,
    IfThenPlan,
    RecoveryGoal,
    SupportContact,
    Trigger,
    WarningSign,
)
from alongside.journey.summary import track_card, tracks_with_history
from alongside.journey.views.plans import goals_by_domain


@member_data_view
def member_milestones(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member's tracks, counts and celebrations, for someone they share milestones with."""
    member = access.access_member_milestones(request.user, member_id)
    today = member.local_today()
    tracks = tracks_with_history(member, today)
    services.sync_celebrations(member=member, tracks=tracks)
    celebrations = (
        Celebration.objects.filter(member=member).select_related("track")
        .annotate(congratulation_count=Count("congratulations"))[:20]
    )
    return render(request, "journey/member_milestones.html", {
        "member": member, "cards": [track_card(t, today) for t in tracks if t.is_abstinence],
        "celebrations": celebrations,
    })


@member_data_view
def member_plans(request: HttpRequest, member_id: int) -> HttpResponse:
    """A member's recovery goals, relapse-prevention plan and safety plan, for someone they
    share plans with (a mentor or peer specialist, by consent)."""
    member = access.access_member_plans(request.user, member_id)
    return render(request, "journey/member_plans.html", {
        "member": member,
        "by_domain": goals_by_domain(RecoveryGoal.objects.for_member(member).prefetch_related("steps")),
        "triggers": Trigger.objects.for_member(member).live(),
        "strategies": CopingStrategy.objects.for_member(member).live().prefetch_related("triggers"),
        "warning_signs": WarningSign.objects.for_member(member),
        "contacts": SupportContact.objects.for_member(member),
        "if_thens": IfThenPlan.objects.for_member(member),
        "safety_plan": services.safety_plan_for(member),
    })

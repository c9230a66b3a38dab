"""Journey pages, by resource. Each view parses, asks access.py, calls a service, renders."""

from alongside.journey.views.check_ins import (
    check_in,
    check_in_support,
    member_check_ins,
    member_medication,
    trends,
)
from alongside.journey.views.plans import (
    goal,
    goal_delete,
    goal_step,
    goals,
    plan,
    plan_add,
    plan_remove,
    safety_plan,
    safety_plan_edit,
)
from alongside.journey.views.supporters import member_milestones, member_plans
from alongside.journey.views.tracks import (
    celebration,
    overview,
    track_archive,
    track_detail,
    track_edit,
    track_new,
    track_relapse,
    track_use,
)
from alongside.journey.views.writing import (
    journal,
    journal_delete,
    journal_entry,
    journal_new,
    reminders,
    tool,
    tools,
    worksheet,
    worksheet_delete,
)

__all__ = [
    "celebration", "check_in", "check_in_support", "goal", "goal_delete", "goal_step", "goals", "journal",
    "journal_delete", "journal_entry", "journal_new", "member_check_ins", "member_medication", "member_milestones", "member_plans",
    "overview", "plan", "plan_add", "plan_remove", "reminders", "safety_plan", "safety_plan_edit", "tool",
    "tools", "track_archive", "track_detail", "track_edit", "track_new", "track_relapse", "track_use", "trends",
    "worksheet", "worksheet_delete",
]

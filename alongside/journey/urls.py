from django.urls import path

from alongside.journey import views

app_name = "journey"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("tracks/new/", views.track_new, name="track-new"),
    path("tracks/<int:track_id>/", views.track_detail, name="track"),
    path("tracks/<int:track_id>/edit/", views.track_edit, name="track-edit"),
    path("tracks/<int:track_id>/archive/", views.track_archive, name="track-archive"),
    path("tracks/<int:track_id>/lapse/", views.track_relapse, name="track-relapse"),
    path("tracks/<int:track_id>/use/", views.track_use, name="track-use"),
    path("check-in/", views.check_in, name="check-in"),
    path("check-in/support/", views.check_in_support, name="check-in-support"),
    path("check-in/symptoms/", views.symptoms, name="symptoms"),
    path("trends/", views.trends, name="trends"),
    path("celebrations/<int:celebration_id>/", views.celebration, name="celebration"),
    path("plan/", views.plan, name="plan"),
    path("plan/edit/", views.plan_edit, name="plan-edit"),
    path("plan/<slug:kind>/add/", views.plan_add, name="plan-add"),
    path("plan/<slug:kind>/<int:item_id>/remove/", views.plan_remove, name="plan-remove"),
    path("safety-plan/", views.safety_plan, name="safety-plan"),
    path("safety-plan/edit/", views.safety_plan_edit, name="safety-plan-edit"),
    path("goals/", views.goals, name="goals"),
    path("goals/<int:goal_id>/", views.goal, name="goal"),
    path("goals/<int:goal_id>/delete/", views.goal_delete, name="goal-delete"),
    path("goals/<int:goal_id>/steps/<int:step_id>/", views.goal_step, name="goal-step"),
    path("journal/", views.journal, name="journal"),
    path("journal/new/", views.journal_new, name="journal-new"),
    path("journal/<int:entry_id>/", views.journal_entry, name="journal-entry"),
    path("journal/<int:entry_id>/delete/", views.journal_delete, name="journal-delete"),
    path("tools/", views.tools, name="tools"),
    path("tools/<slug:tool_key>/", views.tool, name="tool"),
    path("worksheets/<int:worksheet_id>/", views.worksheet, name="worksheet"),
    path("worksheets/<int:worksheet_id>/delete/", views.worksheet_delete, name="worksheet-delete"),
    path(
        "worksheets/<int:worksheet_id>/comments/", views.worksheet_comment, name="worksheet-comment"
    ),
    path("reminders/", views.reminders, name="reminders"),
    path("skills/", views.skills, name="skills"),
    path("skills/history/", views.skill_history, name="skill-history"),
    path("skills/log/", views.skill_log, name="skill-log"),
    path("skills/cards/add/", views.coping_card_add, name="coping-card-add"),
    path("skills/cards/<int:card_id>/delete/", views.coping_card_delete, name="coping-card-delete"),
    path(
        "suggestions/<int:suggestion_id>/dismiss/",
        views.suggestion_dismiss,
        name="suggestion-dismiss",
    ),
    path("members/<int:member_id>/check-ins/", views.member_check_ins, name="member-check-ins"),
    path("members/<int:member_id>/medication/", views.member_medication, name="member-medication"),
    path("members/<int:member_id>/milestones/", views.member_milestones, name="member-milestones"),
    path("members/<int:member_id>/plans/", views.member_plans, name="member-plans"),
    path("members/<int:member_id>/worksheets/", views.member_worksheets, name="member-worksheets"),
    path(
        "members/<int:member_id>/worksheets/<int:worksheet_id>/",
        views.member_worksheet,
        name="member-worksheet",
    ),
    path(
        "members/<int:member_id>/worksheets/<int:worksheet_id>/comments/",
        views.member_worksheet_comment,
        name="member-worksheet-comment",
    ),
    path("members/<int:member_id>/suggest/", views.suggest_tool, name="suggest"),
]

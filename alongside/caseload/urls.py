from django.urls import path

from alongside.caseload import views

app_name = "caseload"

urlpatterns = [
    path("", views.table, name="table"),
    path("people/<int:member_id>/", views.record, name="record"),
    path("people/<int:member_id>/goals/<int:goal_id>/", views.goal, name="goal"),
    path(
        "people/<int:member_id>/goals/<int:goal_id>/steps/<int:step_id>/",
        views.goal_step,
        name="goal-step",
    ),
    path("follow-ups/<int:follow_up_id>/done/", views.follow_up_done, name="follow-up-done"),
    path("team/", views.team, name="team"),
    path("team/<int:supervisee_id>/", views.team_caseload, name="team-caseload"),
]

from django.urls import path

from alongside.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("take/<slug:instrument>/", views.take, name="take"),
    path("instruments/<slug:instrument>/", views.instrument_detail, name="instrument"),
    path("results/<int:administration_id>/", views.result, name="result"),
    path("results/<int:administration_id>/correct/", views.correct, name="correct"),
    path(
        "results/<int:administration_id>/acknowledge/",
        views.acknowledge_alert,
        name="acknowledge-alert",
    ),
    path("trends/<slug:instrument>/", views.trend, name="trend"),
    path("schedules/<int:schedule_id>/end/", views.schedule_end, name="schedule-end"),
    path("members/<int:member_id>/", views.member_overview, name="member"),
    path(
        "members/<int:member_id>/trends/<slug:instrument>/", views.member_trend, name="member-trend"
    ),
    path(
        "members/<int:member_id>/administer/<slug:instrument>/",
        views.member_administer,
        name="member-administer",
    ),
    path("members/<int:member_id>/schedules/", views.member_schedules, name="member-schedules"),
    path("organizations/<slug:slug>/wording/", views.wording, name="wording"),
    path(
        "organizations/<slug:slug>/wording/<slug:instrument>/",
        views.wording_edit,
        name="wording-edit",
    ),
]

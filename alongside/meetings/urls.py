from django.urls import path

from alongside.meetings import views, views_groups, views_imports

app_name = "meetings"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("feed.json", views.feed, name="feed"),
    path("feed.schema.json", views.feed_schema, name="feed-schema"),
    path("programs/", views.programs, name="programs"),
    path("m/<int:meeting_id>/", views.meeting, name="meeting"),
    path("m/<int:meeting_id>/calendar.ics", views.meeting_calendar, name="meeting-calendar"),
    path("m/<int:meeting_id>/join/", views.join, name="join"),
    path("m/<int:meeting_id>/save/", views.save, name="save"),
    path("m/<int:meeting_id>/attended/", views.attended, name="attended"),
    path("m/<int:meeting_id>/code/", views_groups.attendance_code, name="attendance-code"),
    path("m/<int:meeting_id>/edit/", views_groups.meeting_edit, name="meeting-edit"),
    path("check-in/<str:token>/", views.check_in, name="check-in"),
    path("mine/", views.my_meetings, name="mine"),
    path("mine/calendar/new-address/", views.rotate_calendar, name="rotate-calendar"),
    path("calendar/<str:key>.ics", views.my_calendar, name="my-calendar"),
    path("recommended/", views.recommended, name="recommended"),
    path("recommended/try-these/", views.try_these, name="try-these"),
    path("preferences/", views.preferences, name="preferences"),
    path("attendance/", views.attendance, name="attendance"),
    path("attendance/<int:record_id>/delete/", views.delete_attendance, name="attendance-delete"),
    path("attendance/proof.pdf", views.proof, name="proof"),
    path("proof/<str:code>/", views.proof_check, name="proof-check"),
    path("members/<int:member_id>/attendance/", views.member_attendance, name="member-attendance"),
    path("facilitating/", views_groups.facilitating, name="facilitating"),
    path("confirm/<int:record_id>/", views_groups.confirm, name="confirm"),
    path("groups/new/", views_groups.group_new, name="group-new"),
    path("groups/<slug:slug>/", views_groups.group, name="group"),
    path("groups/<slug:slug>/edit/", views_groups.group_edit, name="group-edit"),
    path("groups/<slug:slug>/service/", views_groups.service, name="group-service"),
    path("groups/<slug:slug>/attendance/", views_groups.group_attendance, name="group-attendance"),
    path("groups/<slug:slug>/new-meeting/", views_groups.meeting_new, name="meeting-new"),
    path("import/", views_imports.import_feed, name="import"),
    path("import/runs/<int:run_id>/", views_imports.import_run, name="import-run"),
    path("import/runs/<int:run_id>/confirm/", views_imports.import_confirm, name="import-confirm"),
    path("review/links/", views_imports.link_review, name="link-review"),
    path("review/links/<int:meeting_id>/approve/", views_imports.link_approve, name="link-approve"),
]

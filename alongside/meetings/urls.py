from django.urls import path

from alongside.meetings.views import attendance, bmlt, calendars, directory, feeds, groups, imports

app_name = "meetings"

urlpatterns = [
    path("", directory.directory, name="directory"),
    path("feed.json", feeds.feed, name="feed"),
    path("feed.schema.json", feeds.feed_schema, name="feed-schema"),
    path("bmlt/client_interface/json/", bmlt.client_interface, name="bmlt"),
    path("programs/", directory.programs, name="programs"),
    path("m/<int:meeting_id>/", directory.meeting, name="meeting"),
    path("m/<int:meeting_id>/calendar.ics", calendars.meeting_calendar, name="meeting-calendar"),
    path("m/<int:meeting_id>/join/", directory.join, name="join"),
    path("m/<int:meeting_id>/save/", directory.save, name="save"),
    path("m/<int:meeting_id>/attended/", attendance.attended, name="attended"),
    path("m/<int:meeting_id>/code/", groups.attendance_code, name="attendance-code"),
    path("m/<int:meeting_id>/edit/", groups.meeting_edit, name="meeting-edit"),
    path("check-in/<str:token>/", attendance.check_in, name="check-in"),
    path("mine/", calendars.my_meetings, name="mine"),
    path("mine/calendar/new-address/", calendars.rotate_calendar, name="rotate-calendar"),
    path("calendar/<str:key>.ics", calendars.my_calendar, name="my-calendar"),
    path("recommended/", directory.recommended, name="recommended"),
    path("recommended/try-these/", directory.try_these, name="try-these"),
    path("preferences/", directory.preferences, name="preferences"),
    path("attendance/", attendance.attendance, name="attendance"),
    path(
        "attendance/<int:record_id>/delete/", attendance.delete_attendance, name="attendance-delete"
    ),
    path("attendance/proof.pdf", attendance.proof, name="proof"),
    path("proof/<str:code>/", attendance.proof_check, name="proof-check"),
    path(
        "members/<int:member_id>/attendance/",
        attendance.member_attendance,
        name="member-attendance",
    ),
    path("facilitating/", groups.facilitating, name="facilitating"),
    path("confirm/<int:record_id>/", groups.confirm, name="confirm"),
    path("groups/new/", groups.group_new, name="group-new"),
    path("groups/<slug:slug>/", groups.group, name="group"),
    path("groups/<slug:slug>/edit/", groups.group_edit, name="group-edit"),
    path("groups/<slug:slug>/service/", groups.service, name="group-service"),
    path("groups/<slug:slug>/attendance/", groups.group_attendance, name="group-attendance"),
    path("groups/<slug:slug>/new-meeting/", groups.meeting_new, name="meeting-new"),
    path("import/", imports.import_feed, name="import"),
    path("import/runs/<int:run_id>/", imports.import_run, name="import-run"),
    path("import/runs/<int:run_id>/confirm/", imports.import_confirm, name="import-confirm"),
    path("review/links/", imports.link_review, name="link-review"),
    path("review/links/<int:meeting_id>/approve/", imports.link_approve, name="link-approve"),
]

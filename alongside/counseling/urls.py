from django.urls import path

from alongside.counseling import views  # noqa: F401
from alongside.counseling.views import appointments, clients, notes, plans

app_name = "counseling"

urlpatterns: list = [
    path("calendar/", appointments.calendar, name="calendar"),
    path("calendar/new-address/", appointments.feed_new_address, name="feed-new-address"),
    path("calendar/<str:token>.ics", appointments.feed, name="feed"),
    path("appointments/", appointments.mine, name="appointments"),
    path("appointments/new/", appointments.book, name="book"),
    path("appointments/<int:appointment_id>/", appointments.appointment, name="appointment"),
    path("groups/", appointments.groups, name="groups"),
    path("groups/<int:group_id>/", appointments.group, name="group"),
    path("clients/", clients.client_list, name="clients"),
    path("clients/<int:member_id>/", clients.client, name="client"),
    path("alerts/", clients.alert_list, name="alerts"),
    path("plans/", plans.plans, name="plans"),
    path("plans/new/", plans.plan_new, name="plan-new"),
    path("plans/clients/<int:member_id>/", plans.client_plans, name="client-plans"),
    path("plans/<int:plan_id>/", plans.plan, name="plan"),
    path("plans/<int:plan_id>/edit/", plans.plan_edit, name="plan-edit"),
    path("plans/<int:plan_id>/versions/<int:number>/", plans.plan_version, name="plan-version"),
    path("plans/<int:plan_id>/sign/", plans.plan_sign, name="plan-sign"),
    path("plans/<int:plan_id>/co-sign/", plans.plan_cosign, name="plan-cosign"),
    path("plans/<int:plan_id>/review/", plans.plan_review, name="plan-review"),
    path("plans/<int:plan_id>/close/", plans.plan_close, name="plan-close"),
    # Session notes
    path("notes/", notes.my_notes, name="notes"),
    path("notes/new/", notes.note_new, name="note-new"),
    path("notes/<int:note_id>/", notes.note, name="note"),
    path("notes/<int:note_id>/sign/", notes.note_sign, name="note-sign"),
    path("notes/<int:note_id>/addenda/", notes.note_addendum, name="note-addendum"),
    path("notes/group/<int:appointment_id>/", notes.group_notes, name="group-notes"),
    path("clients/<int:member_id>/notes/", notes.client_notes, name="client-notes"),
]

from django.urls import path

from alongside.counseling import views  # noqa: F401
from alongside.counseling.views import appointments, clients

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
]

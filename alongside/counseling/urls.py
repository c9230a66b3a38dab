from django.urls import path  # noqa: F401

from alongside.counseling import views  # noqa: F401
from alongside.counseling.views import clients

app_name = "counseling"

urlpatterns: list = [
    path("clients/", clients.client_list, name="clients"),
    path("clients/<int:member_id>/", clients.client, name="client"),
    path("alerts/", clients.alert_list, name="alerts"),
]

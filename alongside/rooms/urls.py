from django.urls import path

from alongside.rooms import views

app_name = "rooms"

urlpatterns = [
    path("<int:meeting_id>/<str:starts>/", views.room, name="room"),
]

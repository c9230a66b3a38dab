from django.urls import path

from alongside.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.home, name="home"),
    path("runs/new/", views.start, name="start"),
    path("runs/<int:run_id>/", views.run, name="run"),
    path("runs/<int:run_id>/approve/", views.approve, name="approve"),
    path("runs/<int:run_id>/discard/", views.discard, name="discard"),
    path("program/", views.program, name="program"),
    path("program/<int:organization_id>/join/", views.join, name="join"),
    path("program/places/<int:enrolment_id>/leave/", views.leave, name="leave"),
    path("capacity/<int:membership_id>/", views.capacity, name="capacity"),
]

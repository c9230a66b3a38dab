from django.urls import path

from alongside.journey import views

app_name = "journey"

urlpatterns = [
    path("check-in/", views.check_in, name="check-in"),
    path("members/<int:member_id>/check-ins/", views.member_check_ins, name="member-check-ins"),
]

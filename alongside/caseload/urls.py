from django.urls import path

from alongside.caseload import views

app_name = "caseload"

urlpatterns = [
    path("", views.table, name="table"),
    path("people/<int:member_id>/", views.record, name="record"),
    path("follow-ups/<int:follow_up_id>/done/", views.follow_up_done, name="follow-up-done"),
]

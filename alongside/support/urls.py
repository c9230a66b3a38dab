from django.urls import path

from alongside.support import views

app_name = "support"

urlpatterns = [
    path("", views.circle, name="circle"),
    path("circle/<int:entry_id>/", views.circle_entry, name="circle-entry"),
    path("chosen/", views.chosen, name="chosen"),
    path("chosen/<int:entry_id>/", views.chosen_answer, name="chosen-answer"),
    path("sos/", views.sos_start, name="sos-start"),
    path("sos/<int:alert_id>/", views.sos, name="sos"),
    path("sos/<int:alert_id>/ok/", views.sos_cancel, name="sos-cancel"),
    path("alerts/<int:alert_id>/", views.alert, name="alert"),
    path("alerts/<int:alert_id>/answer/", views.alert_acknowledge, name="alert-acknowledge"),
    path("history/", views.history, name="history"),
    path("hard-day/", views.hard_day_new, name="hard-day-new"),
    path("hard-days/<int:hard_day_id>/", views.hard_day, name="hard-day"),
    path("on-call/<int:organization_id>/", views.on_call, name="on-call"),
    path("on-call/shifts/<int:shift_id>/", views.shift, name="shift"),
]

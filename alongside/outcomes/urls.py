from django.urls import path

from alongside.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("support/", views.support_overview, name="support"),
    path("support/supporters/<int:supporter_id>/", views.supporter, name="supporter"),
    path("support/programs/<int:organization_id>/", views.program, name="program"),
]

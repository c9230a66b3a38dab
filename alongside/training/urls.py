from django.urls import path

from alongside.training import views

app_name = "training"

urlpatterns = [
    path("", views.home, name="home"),
    path("hours/", views.log_training, name="log-training"),
    path("practice/", views.log_practice, name="log-practice"),
    path("credentials/", views.credential_new, name="credential-new"),
    path("attest/", views.attest_queue, name="attest-queue"),
    path("practice/<int:entry_id>/attest/", views.attest, name="attest"),
    path("team/", views.team, name="team"),
    path(
        "organizations/<int:organization_id>/supervision/",
        views.supervision,
        name="supervision",
    ),
    path(
        "organizations/<int:organization_id>/requirement-sets/",
        views.requirement_set_new,
        name="requirement-set-new",
    ),
    path("supervisions/<int:supervision_id>/end/", views.supervision_end, name="supervision-end"),
]

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import include, path

from alongside.accounts import views as account_views
from alongside.api import api
from alongside.notifications import views as notification_views


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 everywhere: the API's one error shape under /api/, a kind page elsewhere."""
    if request.path.startswith("/api/"):
        error = {"status": 404, "code": "not_found", "message": "Not found.", "fields": []}
        return JsonResponse({"error": error}, status=404)
    return render(request, "404.html", status=404)


handler404 = not_found


urlpatterns = [
    path("", account_views.landing, name="landing"),
    path("home/", account_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("service-worker.js", notification_views.service_worker, name="service-worker"),
    path("i18n/setlang/", account_views.switch_language, name="set_language"),
    path("dev/outbox/", account_views.dev_outbox, name="dev-outbox"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("alongside.accounts.urls")),
    path("", include("alongside.resources.urls")),
    path("privacy/", include("alongside.privacy.urls")),
    path("journey/", include("alongside.journey.urls")),
    path("meetings/", include("alongside.meetings.urls")),
    path("assessments/", include("alongside.assessments.urls")),
    path("notifications/", include("alongside.notifications.urls")),
    path("messages/", include("alongside.messaging.urls")),
    path("support/", include("alongside.support.urls")),
    path("peers/", include("alongside.peers.urls")),
    path("caseload/", include("alongside.caseload.urls")),
    path("training/", include("alongside.training.urls")),
    path("outcomes/", include("alongside.outcomes.urls")),
    path("matching/", include("alongside.matching.urls")),
    path("counseling/", include("alongside.counseling.urls")),
    path("housing/", include("alongside.housing.urls")),
    path("family/", include("alongside.family.urls")),
    path("rooms/", include("alongside.rooms.urls")),
    path("community/", include("alongside.community.urls")),
    path("api/v1/", api.urls),
]

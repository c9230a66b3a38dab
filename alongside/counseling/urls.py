from django.urls import path  # noqa: F401

from alongside.counseling import views  # noqa: F401

app_name = "counseling"

urlpatterns: list = []

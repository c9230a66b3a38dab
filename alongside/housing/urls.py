from django.urls import path  # noqa: F401

from alongside.housing import views  # noqa: F401

app_name = "housing"

urlpatterns: list = []

from django.urls import path

from alongside.resources import views

app_name = "resources"

urlpatterns = [path("", views.help_now, name="help")]

from django.urls import path

from alongside.resources import views

app_name = "resources"

# Mounted at the site root: crisis lines stay at /help/, everything else is under /resources/.
urlpatterns = [
    path("help/", views.help_now, name="help"),
    path("resources/library/", views.library, name="library"),
    path("resources/library/new/", views.article_new, name="article-new"),
    path("resources/library/<slug:slug>/", views.article, name="article"),
    path("resources/library/<slug:slug>/edit/", views.article_edit, name="article-edit"),
    path("resources/services/", views.directory, name="directory"),
    path("resources/services/new/", views.service_new, name="service-new"),
    path("resources/services/import/", views.services_import, name="services-import"),
    path("resources/services/<int:service_id>/", views.service, name="service"),
    path("resources/services/<int:service_id>/edit/", views.service_edit, name="service-edit"),
]

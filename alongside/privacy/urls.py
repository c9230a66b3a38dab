from django.urls import path, re_path

from alongside.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.sharing, name="sharing"),
    path("share/", views.grant_new, name="grant-new"),
    path("grants/<int:grant_id>/", views.grant_detail, name="grant"),
    path("grants/<int:grant_id>/revoke/", views.grant_revoke, name="grant-revoke"),
    path("who-looked/", views.who_looked, name="who-looked"),
    path("security-log/", views.security_log, name="security-log"),
    path("shared-with-me/", views.shared_with_me, name="shared-with-me"),
    path("export/", views.exports, name="exports"),
    re_path(
        r"^export/(?P<export_id>[0-9]+)/download\.(?P<fmt>json|html)$",
        views.export_download,
        name="export-download",
    ),
    path("export/schema.json", views.export_schema, name="export-schema"),
    path("delete-account/", views.delete_account, name="delete-account"),
    path("account-deleted/", views.erased, name="erased"),
]

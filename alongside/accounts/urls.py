from django.urls import path

from alongside.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("security/mfa-required/", views.mfa_required, name="mfa-required"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/<slug:slug>/people/", views.organization_people, name="organization-people"),
]

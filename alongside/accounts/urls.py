from django.urls import path

from alongside.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("security/mfa-required/", views.mfa_required, name="mfa-required"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("organizations/", views.organizations, name="organizations"),
    path(
        "organizations/<slug:slug>/people/", views.organization_people, name="organization-people"
    ),
    path(
        "organizations/<slug:slug>/people/<int:membership_id>/end/",
        views.organization_role_end,
        name="organization-role-end",
    ),
    path(
        "organizations/<slug:slug>/invitations/withdraw/",
        views.organization_invitation_withdraw,
        name="organization-invitation-withdraw",
    ),
    path("organizations/<slug:slug>/audit/", views.organization_audit, name="organization-audit"),
    path("invitations/", views.invitations, name="invitations"),
    path(
        "invitations/<int:invitation_id>/accept/", views.invitation_accept, name="invitation-accept"
    ),
    path(
        "invitations/<int:invitation_id>/decline/",
        views.invitation_decline,
        name="invitation-decline",
    ),
]

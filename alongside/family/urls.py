from django.urls import path

from alongside.family.views import allies, space

app_name = "family"

urlpatterns = [
    # An ally's own space.
    path("", space.home, name="home"),
    path("craft/", space.craft, name="craft"),
    path("craft/worksheets/<int:worksheet_id>/", space.craft_worksheet, name="craft-worksheet"),
    path(
        "craft/worksheets/<int:worksheet_id>/delete/",
        space.craft_worksheet_delete,
        name="craft-worksheet-delete",
    ),
    path("craft/<slug:key>/", space.craft_step, name="craft-step"),
    path("wellbeing/", space.wellbeing, name="wellbeing"),
    path("wellbeing/<int:check_in_id>/delete/", space.wellbeing_delete, name="wellbeing-delete"),
    # A member's check-in summary, for whoever they share it with.
    path("members/<int:member_id>/check-ins/", space.member_check_ins, name="member-check-ins"),
    # The member's allies and invitations.
    path("allies/", allies.allies, name="allies"),
    path("allies/invite/", allies.invite, name="invite"),
    path("allies/<int:ally_id>/", allies.ally, name="ally"),
    path("allies/<int:ally_id>/end/", allies.ally_end, name="ally-end"),
    path("invitations/<int:invitation_id>/", allies.invitation, name="invitation"),
    path(
        "invitations/<int:invitation_id>/accept/",
        allies.invitation_accept,
        name="invitation-accept",
    ),
    path(
        "invitations/<int:invitation_id>/decline/",
        allies.invitation_decline,
        name="invitation-decline",
    ),
    path(
        "invitations/<int:invitation_id>/withdraw/",
        allies.invitation_withdraw,
        name="invitation-withdraw",
    ),
]

from django.urls import path

from alongside.messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("with/<int:user_id>/", views.conversation, name="conversation"),
    path("with/<int:user_id>/block/", views.block, name="block"),
    path("with/<int:user_id>/unblock/", views.unblock, name="unblock"),
    path("with/<int:user_id>/report/", views.report, name="report"),
    path("reports/", views.reports, name="reports"),
    path("partners/", views.partners, name="partners"),
    path("partners/<int:partnership_id>/confirm/", views.partner_confirm, name="partner-confirm"),
    path("partners/<int:partnership_id>/end/", views.partner_end, name="partner-end"),
    path("groups/", views.groups, name="groups"),
    path("groups/<int:group_id>/", views.group_opt_in, name="group-opt-in"),
]

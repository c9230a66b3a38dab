from django.urls import path

from alongside.peers import views

app_name = "peers"

urlpatterns = [
    path("", views.home, name="home"),
    path("find/", views.find, name="find"),
    path("supporters/<int:supporter_id>/ask/", views.ask, name="ask"),
    path("profile/", views.profile, name="profile"),
    path("requests/", views.requests, name="requests"),
    path("requests/<int:request_id>/answer/", views.request_answer, name="request-answer"),
    path("requests/<int:request_id>/withdraw/", views.request_withdraw, name="request-withdraw"),
    path("relationships/<int:relationship_id>/", views.relationship, name="relationship"),
    path(
        "relationships/<int:relationship_id>/end/", views.relationship_end, name="relationship-end"
    ),
    path(
        "relationships/<int:relationship_id>/keep/",
        views.relationship_keep,
        name="relationship-keep",
    ),
    path("partners/<int:partnership_id>/", views.partner, name="partner"),
    path("partners/<int:partnership_id>/do/", views.partner_action, name="partner-action"),
]

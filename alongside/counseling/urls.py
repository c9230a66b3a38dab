from django.urls import path

from alongside.counseling.views import plans

app_name = "counseling"

urlpatterns: list = [
    path("plans/", plans.plans, name="plans"),
    path("plans/new/", plans.plan_new, name="plan-new"),
    path("plans/clients/<int:member_id>/", plans.client_plans, name="client-plans"),
    path("plans/<int:plan_id>/", plans.plan, name="plan"),
    path("plans/<int:plan_id>/edit/", plans.plan_edit, name="plan-edit"),
    path("plans/<int:plan_id>/versions/<int:number>/", plans.plan_version, name="plan-version"),
    path("plans/<int:plan_id>/sign/", plans.plan_sign, name="plan-sign"),
    path("plans/<int:plan_id>/co-sign/", plans.plan_cosign, name="plan-cosign"),
    path("plans/<int:plan_id>/review/", plans.plan_review, name="plan-review"),
    path("plans/<int:plan_id>/close/", plans.plan_close, name="plan-close"),
]

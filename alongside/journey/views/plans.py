"""Relapse-prevention plan, safety plan and recovery goals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.journey import access, services
from alongside.journey.forms import (
    PLAN_FORMS,
    CopingStrategyForm,
    GoalForm,
    SafetyPlanForm,
    StepForm,
)
from alongside.journey.models import (
    CopingStrategy,
    Domain,
    IfThenPlan,
    RecoveryGoal,
    SupportContact,
    Trigger,
    TriggerKind,
    WarningCondition,
    WarningSign,
)
from alongside.journey.views.common import field_error
from alongside.resources import services as resource_services
from alongside.resources.crisis_lines import lines_for

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def plan_form(kind: str, member, data=None):
    form_class = PLAN_FORMS[kind]
    if form_class is CopingStrategyForm:
        return form_class(data, member=member, prefix=kind)
    return form_class(data, prefix=kind)


def plan_items(member) -> dict:
    """What the relapse-prevention plan holds (seven small queries); for dual recovery, the
    warning signs of the mental-health condition as a second list."""
    triggers = list(Trigger.objects.for_member(member).live())
    signs = list(WarningSign.objects.for_member(member))
    by_kind = [
        (label, [t for t in triggers if t.kind == kind]) for kind, label in TriggerKind.choices
    ]
    items = {
        "triggers_by_kind": by_kind,
        "has_triggers": bool(triggers),
        "strategies": list(
            CopingStrategy.objects.for_member(member).live().prefetch_related("triggers")
        ),
        "warning_signs": [s for s in signs if s.condition == WarningCondition.SUBSTANCE_USE],
        "mental_health_warning_signs": [
            s for s in signs if s.condition == WarningCondition.MENTAL_HEALTH
        ],
        "dual_recovery": services.is_dual_recovery(member),
        "contacts": list(SupportContact.objects.for_member(member)),
        "if_thens": list(IfThenPlan.objects.for_member(member)),
    }
    items["is_empty"] = not any(
        items[k]
        for k in (
            "has_triggers",
            "strategies",
            "warning_signs",
            "mental_health_warning_signs",
            "contacts",
            "if_thens",
        )
    )
    return items


def plan_edit_context(member, forms: dict | None = None) -> dict:
    """The plan with a form to add to each part (a form passed in keeps what was typed)."""
    forms = forms or {}
    return {
        **plan_items(member),
        "forms": {
            kind.replace("-", "_"): forms.get(kind) or plan_form(kind, member)
            for kind in PLAN_FORMS
        },
    }


@login_required
def plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The plan to read: warning signs, triggers, what helps, if-then plans, people to call,
    and a few library articles on cravings and lapses for the member's pathways."""
    reading = resource_services.reading_for_plan(request.user)
    return render(request, "journey/plan.html", {**plan_items(request.user), "reading": reading})


@login_required
def plan_edit(request: HttpRequest) -> HttpResponse:
    """The plan in editing mode: add to each part, remove what no longer fits."""
    return render(request, "journey/plan_edit.html", plan_edit_context(request.user))


_ADD = {
    "triggers": lambda m, d: services.add_trigger(member=m, kind=d["kind"], name=d["name"]),
    "coping-strategies": lambda m, d: services.add_coping_strategy(
        member=m, text=d["text"], trigger_ids=[t.pk for t in d["triggers"]]
    ),
    "warning-signs": lambda m, d: services.add_warning_sign(member=m, text=d["text"]),
    "mental-health-warning-signs": lambda m, d: services.add_warning_sign(
        member=m, text=d["text"], condition=WarningCondition.MENTAL_HEALTH
    ),
    "support-contacts": lambda m, d: services.add_support_contact(member=m, **d),
    "if-then-plans": lambda m, d: services.add_if_then_plan(member=m, **d),
}


@login_required
@require_POST
def plan_add(request: HttpRequest, kind: str) -> HttpResponse:
    """Add one row to the plan, then back to reading it (or to the form again, for "add
    another"); errors come back beside the field with what was typed."""
    if kind not in PLAN_FORMS:
        raise Http404("Not found.")
    form = plan_form(kind, request.user, request.POST)
    if form.is_valid():
        try:
            _ADD[kind](request.user, form.cleaned_data)
        except services.JourneyError as error:
            field_error(form, error)
        else:
            messages.success(request, _("Added to your plan."))
            back_to = "journey:plan-edit" if request.POST.get("another") else "journey:plan"
            return redirect(reverse(back_to) + f"#{kind}")
    return render(request, "journey/plan_edit.html", plan_edit_context(request.user, {kind: form}))


@login_required
@require_POST
def plan_remove(request: AuthenticatedHttpRequest, kind: str, item_id: int) -> HttpResponse:
    item = access.access_plan_item(request.user, kind, item_id)
    if isinstance(item, Trigger):
        services.remove_trigger(trigger=item)
    elif isinstance(item, CopingStrategy):
        services.remove_coping_strategy(strategy=item)
    else:
        services.remove_plan_item(item=item)
    messages.success(request, _("Removed from your plan."))
    return redirect(reverse("journey:plan-edit") + f"#{kind}")


@login_required
def safety_plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The safety plan, its sections in order, with the crisis lines for the member's country;
    one tap from "Need help now", and readable as a printout."""
    found = services.safety_plan_for(request.user)
    return render(
        request,
        "journey/safety_plan.html",
        {"plan": found, "lines": lines_for(request.user.country)},
    )


@login_required
def safety_plan_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = services.safety_plan_for(request.user)
    initial = {name: getattr(found, name) for name in services.SAFETY_FIELDS}
    form = SafetyPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_safety_plan(member=request.user, **form.cleaned_data)
        except services.JourneyError as error:
            field_error(form, error)
        else:
            messages.success(request, _("Your safety plan is saved."))
            return redirect("journey:safety-plan")
    return render(request, "journey/safety_plan_edit.html", {"form": form})


@login_required
def goals(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Recovery goals by area of life, and a form for a new one."""
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.add_goal(member=request.user, **form.cleaned_data)
        except services.JourneyError as error:
            field_error(form, error)
        else:
            messages.success(request, _("Goal added. Break it into steps when you are ready."))
            return redirect("journey:goal", goal_id=goal.pk)
    listing = RecoveryGoal.objects.for_member(request.user).prefetch_related("steps")
    return render(
        request, "journey/goals.html", {"form": form, "by_domain": goals_by_domain(listing)}
    )


def goals_by_domain(listing) -> list[tuple[StrOrPromise, list[RecoveryGoal]]]:
    goals_list = list(listing)
    return [
        (label, [g for g in goals_list if g.domain == value])
        for value, label in Domain.choices
        if any(g.domain == value for g in goals_list)
    ]


@login_required
def goal(request: AuthenticatedHttpRequest, goal_id: int) -> HttpResponse:
    """One goal: change it or its progress, add steps, mark them done."""
    found = access.access_goal(request.user, goal_id)
    editing = request.method == "POST" and "save_goal" in request.POST
    adding = request.method == "POST" and "add_step" in request.POST
    form = GoalForm(
        request.POST if editing else None,
        initial={n: getattr(found, n) for n in services.plans.GOAL_EDITABLE},
    )
    step_form = StepForm(request.POST if adding else None, prefix="step")
    if editing and form.is_valid():
        try:
            services.update_goal(goal=found, **form.cleaned_data)
        except services.JourneyError as error:
            field_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("journey:goal", goal_id=found.pk)
    if adding and step_form.is_valid():
        try:
            services.add_step(goal=found, **step_form.cleaned_data)
        except services.JourneyError as error:
            field_error(step_form, error)
        else:
            messages.success(request, _("Step added."))
            return redirect("journey:goal", goal_id=found.pk)
    return render(
        request,
        "journey/goal.html",
        {
            "goal": found,
            "form": form,
            "step_form": step_form,
            "steps": found.steps.all(),
            "changes": services.goal_changes(found),
        },
    )


@login_required
@require_POST
def goal_step(request: AuthenticatedHttpRequest, goal_id: int, step_id: int) -> HttpResponse:
    step = access.access_goal_step(request.user, goal_id, step_id)
    if request.POST.get("action") == "delete":
        services.delete_step(step=step)
    else:
        services.mark_step(step=step, done=request.POST.get("done") == "1")
    return redirect("journey:goal", goal_id=goal_id)


@login_required
@require_POST
def goal_delete(request: AuthenticatedHttpRequest, goal_id: int) -> HttpResponse:
    found = access.access_goal(request.user, goal_id)
    services.delete_goal(goal=found)
    messages.success(request, _("Goal deleted."))
    return redirect("journey:goals")

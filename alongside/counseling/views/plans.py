"""Treatment plan pages: the list (a member's own plans; a counselor's clients' plans and the
reviews due), starting a plan, the plan with its signatures, versions and reviews, the editor
that saves the next version, and signing, co-signing, reviewing and closing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.counseling import access
from alongside.counseling.forms.plans import (
    PlanEditor,
    ReviewEveryForm,
    ReviewForm,
    SignatureForm,
    StartPlanForm,
    apply_edit,
    content_from_post,
    drop_blank_rows,
)
from alongside.counseling.models import PlanStatus, TreatmentPlan
from alongside.counseling.services import plan_content
from alongside.counseling.services import plans as services
from alongside.lib.forms import errors_to
from alongside.privacy.models import Action


def _said(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def plans(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A member's own plans; for a counselor, also the plans of everyone who shares counseling
    with them (each listed plan a logged look) and the reviews due within 14 days."""
    today = request.user.local_today()
    shared = access.plans_shared_with(request.user)
    return render(
        request,
        "counseling/plan_list.html",
        {
            "own": services.member_plans(request.user),
            "is_counselor": access.is_counselor(request.user),
            "shared": shared,
            "due": services.reviews_due(shared, today=today),
            "today": today,
            "start_form": StartPlanForm(clients=access.clients_of(request.user)),
        },
    )


@login_required
def plan_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start a plan with someone who shares counseling (counselors only: others get 404)."""
    if not access.is_counselor(request.user):
        raise Http404
    form = StartPlanForm(
        request.POST if request.method == "POST" else None,
        clients=access.clients_of(request.user),
        initial={"member": request.GET.get("member", "")},
    )
    if request.method == "POST" and form.is_valid():
        member = access.access_client(
            request.user,
            form.cleaned_data["member"],
            record_type="counseling.treatmentplan",
            action=Action.WRITE,
        )
        try:
            plan = services.start_plan(
                member=member,
                counselor=request.user,
                edition=form.cleaned_data["edition"],
                review_every_days=form.cleaned_data["review_every_days"],
            )
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("The plan is started. Write it together, then sign it."))
            return redirect("counseling:plan-edit", plan_id=plan.pk)
    return render(
        request,
        "counseling/plan_new.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def client_plans(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """One person's plans: a client's for their counselor (one logged look), or one's own."""
    member = access.access_member_plans(request.user, member_id)
    return render(
        request,
        "counseling/plan_client.html",
        {
            "member": member,
            "plans": services.plans_of_client(member),
            "is_own": member.pk == request.user.pk,
        },
    )


# ---------------------------------------------------------------- one plan


def _plan_context(request: AuthenticatedHttpRequest, plan: TreatmentPlan) -> dict[str, Any]:
    versions = services.versions_of(plan)
    latest = versions[0]
    is_member = plan.member_id == request.user.pk
    is_open = plan.status != PlanStatus.CLOSED
    met, total = plan_content.progress(latest.content)
    return {
        "plan": plan,
        "member": plan.member,
        "is_member": is_member,
        "latest": latest,
        "shown": plan_content.readable(latest.content, edition=plan.edition),
        "changes": plan_content.changes(
            versions[1].content if len(versions) > 1 else None,
            latest.content,
            edition=plan.edition,
        ),
        "versions": versions,
        "in_effect": services.in_effect(versions),
        "activated_on": services.activated_on(plan),
        "reviews": plan.reviews.select_related("by", "version"),
        "met": met,
        "total": total,
        "not_ready": plan_content.reasons_not_to_sign(latest.content),
        "can_sign": is_open and not is_member and latest.counselor_signed_at is None,
        "can_cosign": is_open
        and is_member
        and latest.counselor_signed_at is not None
        and latest.member_signed_at is None,
        "can_change": is_open and not is_member,
        "can_review": plan.status == PlanStatus.ACTIVE and not is_member,
        "edition_name": plan.get_edition_display(),
    }


@login_required
def plan(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """The plan as its newest version says, with its signatures, history and reviews. A POST
    (the counselor) changes how often it is reviewed."""
    if request.method == "POST":
        found = access.access_plan_to_change(request.user, plan_id)
    else:
        found = access.access_plan(request.user, plan_id)
    form = ReviewEveryForm(
        request.POST if request.method == "POST" else None,
        initial={"review_every_days": found.review_every_days},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_review_every(plan=found, days=form.cleaned_data["review_every_days"])
        except services.PlanConflict as error:
            messages.error(request, _said(error))
            return redirect("counseling:plan", plan_id=found.pk)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("counseling:plan", plan_id=found.pk)
    return render(
        request,
        "counseling/plan_detail.html",
        {**_plan_context(request, found), "review_every_form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def plan_version(request: AuthenticatedHttpRequest, plan_id: int, number: int) -> HttpResponse:
    """One version as it was written and signed, and what changed from the one before."""
    version = access.access_plan_version(request.user, plan_id, number)
    before = services.version_before(version)
    return render(
        request,
        "counseling/plan_version.html",
        {
            "plan": version.plan,
            "member": version.plan.member,
            "is_member": version.plan.member_id == request.user.pk,
            "version": version,
            "is_latest": services.is_newest(version),
            "shown": plan_content.readable(version.content, edition=version.plan.edition),
            "changes": plan_content.changes(
                before.content if before else None, version.content, edition=version.plan.edition
            ),
            "edition_name": version.plan.get_edition_display(),
        },
    )


@login_required
def plan_edit(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """The whole plan in one form. Its buttons add or remove a row and come back; "Save"
    saves the next version (rows left empty are dropped), or shows every error beside its
    input with nothing lost."""
    action = Action.WRITE if request.method == "POST" else Action.READ
    found = access.access_plan_to_change(request.user, plan_id, action=action)
    if found.status == PlanStatus.CLOSED:
        messages.error(request, _("This plan is closed: it can be read, not changed."))
        return redirect("counseling:plan", plan_id=found.pk)
    latest = services.latest_version(found)
    errors: dict[str, str] = {}
    status = 200
    if request.method != "POST":
        content: dict[str, Any] = dict(latest.content)
    else:
        content = content_from_post(request.POST)
        if not apply_edit(content, request.POST.get("action", "save")):
            try:
                version, created = services.save_version(
                    plan=found, by=request.user, content=drop_blank_rows(content)
                )
            except services.PlanConflict as error:
                messages.error(request, _said(error))
                return redirect("counseling:plan", plan_id=found.pk)
            except ValidationError as error:
                errors = {path: " ".join(m) for path, m in error.message_dict.items()}
                status = 422
            else:
                if created:
                    messages.success(
                        request,
                        _("Saved as version %(n)d. Sign it when it is ready.")
                        % {"n": version.number},
                    )
                else:
                    messages.info(request, _("Nothing changed, so no new version was saved."))
                return redirect("counseling:plan", plan_id=found.pk)
    return render(
        request,
        "counseling/plan_edit.html",
        {
            "plan": found,
            "member": found.member,
            "latest": latest,
            "editor": PlanEditor(content, edition=found.edition, errors=errors),
            "edition_name": found.get_edition_display(),
        },
        status=status,
    )


# ---------------------------------------------------------------- signing, reviews, closing


def _version_number(request: AuthenticatedHttpRequest) -> int | None:
    form = SignatureForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else None


@login_required
@require_POST
def plan_sign(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    found = access.access_plan_to_change(request.user, plan_id)
    number = _version_number(request)
    try:
        if number is None:
            raise ValidationError(_("Open the plan again and sign the version shown."))
        version = services.sign_version(plan=found, by=request.user, number=number)
    except ValidationError as error:
        messages.error(request, _said(error))
    else:
        messages.success(
            request,
            _("You signed version %(n)d. %(name)s is asked to read and co-sign it.")
            % {"n": version.number, "name": found.member.display_name},
        )
    return redirect("counseling:plan", plan_id=found.pk)


@login_required
@require_POST
def plan_cosign(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    found = access.access_plan_to_cosign(request.user, plan_id)
    number = _version_number(request)
    try:
        if number is None:
            raise ValidationError(_("Open the plan again and co-sign the version shown."))
        version = services.cosign_version(plan=found, member=request.user, number=number)
    except ValidationError as error:
        messages.error(request, _said(error))
    else:
        messages.success(
            request,
            _("You co-signed version %(n)d of your plan. Thank you.") % {"n": version.number},
        )
    return redirect("counseling:plan", plan_id=found.pk)


@login_required
def plan_review(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """Record a review of a plan in effect; "change the plan now" goes on to the editor."""
    action = Action.WRITE if request.method == "POST" else Action.READ
    found = access.access_plan_to_change(request.user, plan_id, action=action)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_review(
                plan=found, by=request.user, summary=form.cleaned_data["summary"]
            )
        except services.PlanConflict as error:
            messages.error(request, _said(error))
            return redirect("counseling:plan", plan_id=found.pk)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("The review is recorded."))
            if form.cleaned_data["revise"]:
                return redirect("counseling:plan-edit", plan_id=found.pk)
            return redirect("counseling:plan", plan_id=found.pk)
    return render(
        request,
        "counseling/plan_review.html",
        {"plan": found, "member": found.member, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def plan_close(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    found = access.access_plan_to_change(request.user, plan_id)
    try:
        services.close_plan(plan=found)
    except ValidationError as error:
        messages.error(request, _said(error))
    else:
        messages.success(request, _("The plan is closed. It is kept, and can still be read."))
    return redirect("counseling:plan", plan_id=found.pk)

"""Training pages: my training (hours, progress, credentials), the attestation queue and team
of a supervisor, and an admin's supervision and requirement sets. Parse, ask access, call a
service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.lib.forms import errors_to
from alongside.training import access, services
from alongside.training.forms import (
    CredentialForm,
    PracticeForm,
    RequirementSetForm,
    SupervisionForm,
    TrainingForm,
)
from alongside.training.models import PracticeEntry, TrainingEntry


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My training: progress toward each credential, my hours, my credentials."""
    user = request.user
    sets = services.requirement_sets_for(user)
    return render(
        request,
        "training/home.html",
        {
            "progress": services.progress(user, sets),
            "training": TrainingEntry.objects.filter(person=user)[:50],
            "practice": PracticeEntry.objects.filter(person=user).select_related("attested_by")[
                :50
            ],
            "credentials": services.credentials_of(user),
            "supervisors": services.supervisors_of(user),
            "domains": dict(services.domains()),
            "today": user.local_today(),
            "administered": access.organizations_administered(user),
        },
    )


def _form_page(request, form, template: str, save, success: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, success)
            return redirect("training:home")
    return render(request, template, {"form": form}, status=422 if form.errors else 200)


@login_required
def log_training(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TrainingForm(request.POST or None, domains=services.domains())
    return _form_page(
        request,
        form,
        "training/log_training.html",
        lambda data: services.log_training(person=request.user, **data),
        _("Your training hours are logged."),
    )


@login_required
def log_practice(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PracticeForm(request.POST or None)
    return _form_page(
        request,
        form,
        "training/log_practice.html",
        lambda data: services.log_practice(person=request.user, **data),
        _("Your hours are logged. They count once your supervisor attests them."),
    )


@login_required
def credential_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CredentialForm(request.POST or None, sets=services.requirement_sets_for(request.user))
    return _form_page(
        request,
        form,
        "training/credential_new.html",
        lambda data: services.add_credential(person=request.user, **data),
        _("Your credential is saved. We remind you 90, 60 and 30 days before it expires."),
    )


@login_required
def attest_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Hours of the supervisor's team waiting for attestation (empty for everyone else)."""
    return render(
        request,
        "training/attest_queue.html",
        {
            "waiting": services.waiting_for(request.user)
            if access.may_open_team(request.user)
            else []
        },
    )


@login_required
@require_POST
def attest(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    entry = access.access_practice_entry(request.user, entry_id, write=True)
    try:
        services.attest(entry=entry, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Attested: %(hours)s hours of %(name)s now count.")
            % {"hours": floatformat(entry.hours, "-2"), "name": entry.person.display_name},
        )
    return redirect("training:attest-queue")


@login_required
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each supervisee's progress and credentials (empty for people who supervise nobody)."""
    today = request.user.local_today()
    members = []
    people = services.team_of(request.user) if access.may_open_team(request.user) else []
    for person in people:
        sets = services.requirement_sets_for(person)
        members.append(
            {
                "person": person,
                "progress": services.progress(person, sets),
                "credentials": services.credentials_of(person),
            }
        )
    return render(request, "training/team.html", {"team": members, "today": today})


@login_required
def supervision(request: AuthenticatedHttpRequest, organization_id: int) -> HttpResponse:
    """An admin names who supervises whom at the organization."""
    organization = access.access_training_admin(request.user, organization_id)
    form = SupervisionForm(
        request.POST or None,
        supervisees=services.supervisable(organization),
        supervisors=services.possible_supervisors(organization),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_supervisor(
                organization=organization,
                supervisee_id=form.cleaned_data["supervisee"],
                supervisor_id=form.cleaned_data["supervisor"],
            )
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("Supervision is set."))
            return redirect("training:supervision", organization_id=organization.pk)
    return render(
        request,
        "training/supervision.html",
        {
            "organization": organization,
            "supervisions": services.supervisions_at(organization),
            "form": form,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def supervision_end(request: AuthenticatedHttpRequest, supervision_id: int) -> HttpResponse:
    found = access.access_supervision(request.user, supervision_id)
    try:
        services.end_supervision(supervision=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("That supervision has ended."))
    return redirect("training:supervision", organization_id=found.organization_id)


@login_required
def requirement_set_new(request: AuthenticatedHttpRequest, organization_id: int) -> HttpResponse:
    """An admin adds a state's own requirement set, small: a name and one line a requirement."""
    organization = access.access_training_admin(request.user, organization_id)
    form = RequirementSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_requirement_set(
                organization=organization,
                name=data["name"],
                issuer=data["issuer"],
                kind=data["kind"],
                period_months=data["period_months"],
                items=[
                    services.RequirementItem(label, hours, kind)
                    for label, hours, kind in data["items"]
                ],
            )
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("The requirement set is added for your people."))
            return redirect("training:supervision", organization_id=organization.pk)
    return render(
        request,
        "training/requirement_set_new.html",
        {"organization": organization, "form": form},
        status=422 if form.errors else 200,
    )

"""Assignment pages: where I assign and recent runs, starting a run, a run with its pairs and
reasons for the supervisor's decision, a mentee's place in a mentoring program, and a peer
specialist's caseload capacity. Parse, ask access, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.lib.forms import errors_to
from alongside.matching import access, services
from alongside.matching.forms import CapacityForm, JoinForm, StartRunForm
from alongside.matching.models import DEFAULT_CASELOAD_CAPACITY, RunStatus


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organizations where I assign, with who waits there; recent runs; my caseload
    capacity (a peer specialist's, or those of an admin's specialists); my mentoring programs."""
    user = request.user
    organizations = services.organizations_assigned_by(user)
    runs = services.recent_runs(organizations)
    return render(
        request,
        "matching/home.html",
        {
            "organizations": [(o, services.waiting_counts(o)) for o in organizations],
            "runs": runs,
            "proposed": sum(1 for r in runs if r.status == RunStatus.PROPOSED),
            "loads": services.specialist_loads(services.specialist_memberships(user)),
            "programs": services.programs_open_to(user),
            "default_capacity": DEFAULT_CASELOAD_CAPACITY,
        },
    )


@login_required
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    organizations = services.organizations_assigned_by(request.user)
    form = StartRunForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        organization = access.access_assigning_organization(
            request.user, form.cleaned_data["organization"].pk
        )
        try:
            run = services.start_run(
                organization=organization, kind=form.cleaned_data["kind"], by=request.user
            )
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(
                request, _("The run is ready. Nobody is told anything until it is approved.")
            )
            return redirect("matching:run", run_id=run.pk)
    return render(
        request,
        "matching/start.html",
        {"form": form, "may_start": bool(organizations)},
        status=422 if form.errors else 200,
    )


@login_required
def run(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    found = access.access_run(request.user, run_id)
    return render(
        request,
        "matching/run.html",
        {
            "run": found,
            "pairs": services.pairs_of(found),
            "unmatched": services.unmatched_of(found),
            "supporter_word": services.role_word(found.kind),
        },
    )


@login_required
@require_POST
def approve(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    found = access.access_run(request.user, run_id, reading=False)
    try:
        services.approve_run(run=found, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Approved. Everyone in a pair has been told."))
    return redirect("matching:run", run_id=found.pk)


@login_required
@require_POST
def discard(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    found = access.access_run(request.user, run_id, reading=False)
    try:
        services.discard_run(run=found, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Discarded. Nothing changed for anyone, and nobody was told."))
    return redirect("matching:run", run_id=found.pk)


@login_required
def program(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My places in mentoring programs, and the programs I may join."""
    enrolments = services.enrolments_of(request.user)
    joined = {e.organization_id for e in enrolments}
    return render(
        request,
        "matching/program.html",
        {
            "enrolments": enrolments,
            "open": [o for o in services.programs_open_to(request.user) if o.pk not in joined],
        },
    )


@login_required
def join(request: AuthenticatedHttpRequest, organization_id: int) -> HttpResponse:
    organization = access.access_program(request.user, organization_id)
    mentors = services.program_mentors(organization)
    form = JoinForm(
        request.POST or None,
        mentors=mentors,
        initial={"languages": [request.user.language], "pathways": request.user.pathways},
    )
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.join_program(
                member=request.user,
                organization=organization,
                languages=data["languages"],
                pathways=data["pathways"],
                gender=data["gender"],
                wants_same_gender=data["wants_same_gender"],
                excluded=[m.pk for m in data.get("excluded", [])],
            )
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(
                request,
                _(
                    "You are in the mentoring program of %(org)s. You will hear from us once "
                    "a supervisor has approved a match."
                )
                % {"org": organization.name},
            )
            return redirect("matching:program")
    return render(
        request,
        "matching/join.html",
        {"organization": organization, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def leave(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = access.access_own_enrolment(request.user, enrolment_id)
    try:
        services.leave_program(enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You have left the mentoring program of %(org)s.")
            % {"org": enrolment.organization.name},
        )
    return redirect("matching:program")


@login_required
def capacity(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    membership = access.access_specialist_membership(request.user, membership_id)
    load = services.specialist_loads([membership])[0]
    form = CapacityForm(
        request.POST or None,
        initial={"capacity": load.capacity, "languages": load.chosen_languages},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_caseload_capacity(
                membership=membership, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("matching:home")
    return render(
        request,
        "matching/capacity.html",
        {"load": load, "form": form, "is_own": membership.user_id == request.user.pk},
        status=422 if form.errors else 200,
    )

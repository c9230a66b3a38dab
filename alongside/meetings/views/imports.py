"""Importing feeds into sources their owners look after, and the directory stewards' review of
conference links. Addresses are fetched by the task worker, never by these views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import Organization
from alongside.meetings import access, imports, services
from alongside.meetings.forms import ImportForm
from alongside.meetings.models import ImportRun, ImportSource, ImportStatus, Meeting, Program


def _form(request: AuthenticatedHttpRequest) -> ImportForm:
    return ImportForm(
        request.POST or None,
        request.FILES or None,
        sources=access.importable_sources(request.user),
        organizations=Organization.objects.filter(
            pk__in=access.source_owner_organizations(request.user)
        ).order_by("name"),
        steward=access.is_directory_steward(request.user),
    )


@login_required
def import_feed(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Owners of a source import a Meeting Guide, TSML CSV or BMLT feed into it: a file at
    once, an address through the task worker."""
    if not access.can_import(request.user):
        raise Http404("Not found.")
    form = _form(request)
    run = None
    if request.method == "POST" and form.is_valid():
        run = _start(request, form)
        if run is not None and run.status in (ImportStatus.QUEUED, ImportStatus.CONFIRM):
            return redirect("meetings:import-run", run.pk)
        if run is not None:
            (messages.success if run.status == ImportStatus.DONE else messages.error)(
                request, run.message
            )
    runs = ImportRun.objects.filter(
        source__in=access.importable_sources(request.user)
    ).select_related("source")[:10]
    status = 422 if (run is not None and run.status != ImportStatus.DONE) or form.errors else 200
    context = {
        "form": form,
        "run": run,
        "runs": runs,
        "is_steward": access.is_directory_steward(request.user),
    }
    return render(request, "meetings/import.html", context, status=status)


def _start(request: AuthenticatedHttpRequest, form: ImportForm) -> ImportRun | None:
    data = form.cleaned_data
    source = data["source"] or _new_source(form)
    if source is None:
        return None
    if data["url"]:
        return imports.start_url_import(
            source=source,
            url=data["url"],
            started_by=request.user,
            format=data["format"],
            skip_invalid=data["skip_invalid"],
        )
    name = getattr(data["file"], "name", "")
    try:
        raw = imports.read_upload(data["file"])
    except imports.TooLarge as error:
        return ImportRun.objects.create(
            source=source,
            started_by=request.user,
            status=ImportStatus.REFUSED,
            message=str(error)[:500],
            origin=name[:500],
        )
    return imports.import_feed(
        source=source,
        data=raw,
        origin=name,
        started_by=request.user,
        format=data["format"],
        skip_invalid=data["skip_invalid"],
    )


def _new_source(form: ImportForm) -> ImportSource | None:
    data = form.cleaned_data
    slug = slugify(data["new_name"])[:50] or "feed"
    if ImportSource.objects.filter(slug=slug).exists():
        form.add_error(
            "new_name", _("A source with this name exists; choose it above, or use another name.")
        )
        return None
    return ImportSource.objects.create(
        slug=slug,
        name=data["new_name"],
        program=Program.objects.get(slug=data["new_program"]),
        default_time_zone=data["new_time_zone"].strip(),
        organization=form.new_organization(),
    )


@login_required
def import_run(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    """One import: waiting for the worker (the page looks again every few seconds), waiting for
    confirmation (with the counts), or its report."""
    run = access.access_import_run(request.user, run_id)
    template = "meetings/import_run.html#run" if request.htmx else "meetings/import_run.html"
    return render(request, template, {"run": run})


@require_POST
@login_required
def import_confirm(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = imports.confirm_import(
        run=access.access_import_run(request.user, run_id), confirmed_by=request.user
    )
    (messages.success if run.status == ImportStatus.DONE else messages.error)(request, run.message)
    return redirect("meetings:import-run", run.pk)


@login_required
def link_review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Conference links on hosts that are not known meeting providers, for a steward to check."""
    if not access.is_directory_steward(request.user):
        raise Http404("Not found.")
    waiting = (
        Meeting.objects.present()
        .filter(conference_needs_review=True)
        .select_related("source", "group")
        .order_by("name")[:200]
    )
    approved = (
        Meeting.objects.present()
        .filter(conference_url_approved_at__isnull=False)
        .select_related("conference_url_approved_by")
        .order_by("-conference_url_approved_at")[:20]
    )
    return render(request, "meetings/link_review.html", {"meetings": waiting, "approved": approved})


@require_POST
@login_required
def link_approve(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = services.approve_conference_link(
        meeting=access.access_review_meeting(request.user, meeting_id), steward=request.user
    )
    messages.success(request, _("The link of %(meeting)s now shows.") % {"meeting": meeting.name})
    return redirect("meetings:link-review")

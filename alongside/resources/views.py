"""Resource pages: crisis lines, the library (reading, writing, publishing) and the services
directory (searching, one service, adding, changing and importing). Reading is open to
everyone, signed in or not; writing is for an organization's staff (access.py)."""

from __future__ import annotations

import zoneinfo
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import Country, Language
from alongside.lib.forms import errors_to
from alongside.resources import access, services
from alongside.resources.crisis_lines import lines_for
from alongside.resources.forms import (
    SERVICE_FORM_FIELDS,
    ArticleForm,
    ImportForm,
    LibraryFilterForm,
    ServiceFilterForm,
    ServiceForm,
)
from alongside.resources.models import Service, ServiceKind, Weekday

PAGE_SIZE = 20


def help_now(request: HttpRequest) -> HttpResponse:
    """Crisis lines for the person's country; open to everyone, signed in or not."""
    default = request.user.country if request.user.is_authenticated else Country.US
    country = request.GET.get("country", default)
    if country not in Country.values:
        country = default
    return render(
        request,
        "resources/help.html",
        {"lines": lines_for(country), "country": country, "countries": Country.choices},
    )


def _reader_language(request: HttpRequest) -> str:
    code = (translation.get_language() or "en")[:2]
    return code if code in Language.values else Language.ENGLISH


# ---------------------------------------------------------------- the library


def library(request: HttpRequest) -> HttpResponse:
    """Published articles, in the reader's language unless they ask for the other or both,
    searched by words and filtered by topic and pathway; a writer also sees their drafts."""
    form = LibraryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    own = _reader_language(request)
    language = filters.get("language") or own
    search = {
        "words": filters.get("q", ""),
        "topic": filters.get("topic", ""),
        "pathway": filters.get("pathway", ""),
    }
    found = services.library(**search, language="" if language == "all" else language)
    other = Language.SPANISH if language == Language.ENGLISH else Language.ENGLISH
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    writes_for = access.writer_organizations(request.user)
    query = {k: v for k, v in request.GET.items() if k != "page"}
    return render(
        request,
        "resources/library.html",
        {
            "form": form,
            "page": page,
            "query": urlencode(query),
            "language": language,
            "other_language": other if language != "all" else "",
            "other_language_label": dict(Language.choices).get(other, ""),
            "other_count": (
                services.library(**search, language=other).count() if language != "all" else 0
            ),
            "other_query": urlencode({**query, "language": other}),
            "writes_for": writes_for,
            "drafts": services.organization_drafts(writes_for)[:20] if writes_for else [],
        },
    )


def article(request: HttpRequest, slug: str) -> HttpResponse:
    found = access.access_article(request.user, slug)
    return render(
        request,
        "resources/article.html",
        {
            "article": found,
            "other_version": services.other_language_version(found),
            "can_edit": any(
                o.pk == found.organization_id for o in access.writer_organizations(request.user)
            ),
        },
    )


def _article_data(form: ArticleForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "summary": data["summary"],
        "body": data["body"],
        "topic": data["topic"],
        "language": data["language"],
        "pathways": data["pathways"],
        "translation_of": data["translation_of"],
    }


@login_required
def article_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Write an article for one of the organizations the person writes for; a draft, or
    published at once with "Publish"."""
    organizations = access.require_writer(request.user)
    form = ArticleForm(
        request.POST or None,
        organizations=organizations,
        initial={"language": _reader_language(request)},
    )
    if request.method == "POST" and form.is_valid():
        organization = access.access_writer_organization(
            request.user, form.cleaned_data["organization"].pk
        )
        publish = request.POST.get("action") == "publish"
        try:
            made = services.write_article(
                organization=organization,
                author=request.user,
                publish=publish,
                **_article_data(form),
            )
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("Published.") if publish else _("Saved as a draft."))
            return redirect("resources:article", slug=made.slug)
    return render(
        request,
        "resources/article_form.html",
        {"form": form, "article": None},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def article_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Change an article of the person's organization: save it as a draft (taking it off the
    library if it was published) or publish it."""
    found = access.access_article_to_edit(request.user, slug)
    initial = {name: getattr(found, name) for name in services.ARTICLE_FIELDS}
    form = ArticleForm(
        request.POST or None,
        organizations=access.writer_organizations(request.user),
        article=found,
        initial={**initial, "translation_of": found.translation_of_id},
    )
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            services.update_article(
                article=found, by=request.user, publish=publish, **_article_data(form)
            )
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("Published.") if publish else _("Saved as a draft."))
            return redirect("resources:article", slug=found.slug)
    return render(
        request,
        "resources/article_form.html",
        {"form": form, "article": found},
        status=422 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- the services directory


def directory(request: HttpRequest) -> HttpResponse:
    """Listed services, near a ZIP code, a town or the browser's location, of a kind, open now
    (each in its own time zone); every one, by name, before a search."""
    form = ServiceFilterForm(request.GET or None)
    found = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            found = services.find_services(
                near=data["near"],
                latitude=data["latitude"],
                longitude=data["longitude"],
                radius_km=data["radius_km"] or services.DEFAULT_RADIUS_KM,
                kind=data["kind"],
                open_now=data["open_now"],
                words=data["q"],
            )
        except ValidationError as error:
            errors_to(form, error)
    elif not form.is_bound:
        found = services.find_services()
    page = Paginator(found.rows if found else [], PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page"}
    return render(
        request,
        "resources/directory.html",
        {
            "form": form,
            "found": found,
            "page": page,
            "query": urlencode(query),
            "writes_for": access.writer_organizations(request.user),
            "imports_for": access.importer_organizations(request.user),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


def _hours_rows(found: Service) -> list[tuple[str, list[tuple[str, bool]]]]:
    """Each day of the week with its openings as "09:00–17:00" (and whether it runs past
    midnight), in the service's own time."""
    spans = found.hours().spans
    return [
        (
            str(label),
            [
                (f"{s.opens:%H:%M}–{s.closes:%H:%M}", s.is_overnight)
                for s in spans
                if s.weekday == day
            ],
        )
        for day, label in Weekday.choices
    ]


def service(request: HttpRequest, service_id: int) -> HttpResponse:
    found = access.access_service(request.user, service_id)
    now = timezone.now()
    state = found.open_state(now)
    viewer_zone = getattr(request, "viewer_time_zone", "UTC")
    changes_at = state.changes_at if state else None
    return render(
        request,
        "resources/service.html",
        {
            "service": found,
            "state": state,
            "changes_at": changes_at.astimezone(found.zone) if changes_at else None,
            "changes_at_viewer": (
                changes_at.astimezone(zoneinfo.ZoneInfo(viewer_zone))
                if changes_at and viewer_zone != found.time_zone
                else None
            ),
            "viewer_zone": viewer_zone,
            "now_there": now.astimezone(found.zone),
            "hours_rows": _hours_rows(found),
            "can_edit": any(
                o.pk == found.organization_id for o in access.writer_organizations(request.user)
            ),
        },
    )


def _service_data(form: ServiceForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in SERVICE_FORM_FIELDS}


@login_required
def service_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    organizations = access.require_writer(request.user)
    form = ServiceForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        organization = access.access_writer_organization(
            request.user, form.cleaned_data["organization"].pk
        )
        try:
            made = services.save_service(
                organization=organization,
                data=_service_data(form),
                hours=services.parse_hours(form.cleaned_data["hours"]),
            )
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("The service is listed."))
            return redirect("resources:service", service_id=made.pk)
    return render(
        request,
        "resources/service_form.html",
        {"form": form, "service": None},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def service_edit(request: AuthenticatedHttpRequest, service_id: int) -> HttpResponse:
    found = access.access_service_to_edit(request.user, service_id)
    form = ServiceForm(
        request.POST or None,
        organizations=access.writer_organizations(request.user),
        service=found,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_service(
                organization=found.organization,
                service=found,
                data=_service_data(form),
                hours=services.parse_hours(form.cleaned_data["hours"]),
            )
        except ValidationError as error:
            errors_to(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("resources:service", service_id=found.pk)
    return render(
        request,
        "resources/service_form.html",
        {"form": form, "service": found},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def services_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An organization's admin imports services from a CSV file: all of it, or, when any row is
    in error, none of it, with each error's line and column."""
    organizations = access.require_importer(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, organizations=organizations)
    report = None
    if request.method == "POST" and form.is_valid():
        organization = access.access_importer_organization(
            request.user, form.cleaned_data["organization"].pk
        )
        report = services.import_services(
            organization=organization, content=form.cleaned_data["file"].read()
        )
        if report.ok:
            messages.success(
                request,
                _("Imported: %(created)s added, %(updated)s updated.")
                % {"created": report.created, "updated": report.updated},
            )
            return redirect("resources:directory")
    return render(
        request,
        "resources/import.html",
        {
            "form": form,
            "report": report,
            "columns": services.CSV_COLUMNS,
            "kinds": ServiceKind.choices,
        },
        status=422 if request.method == "POST" else 200,
    )

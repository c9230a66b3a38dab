"""The public vacancy search and the open JSON vacancy feed (no sign-in for either)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from alongside.housing.forms.houses import VacancySearchForm
from alongside.housing.services import vacancies as services


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Listed houses with a free bed near a ZIP code or town: the house, its town, how many beds
    are free and its phone for referrals — never who lives there."""
    form = VacancySearchForm(request.GET or None)
    found = services.search_vacancies(form.to_query()) if form.is_valid() else None
    return render(
        request,
        "housing/vacancies.html",
        {"form": form, "found": found},
        status=422 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """Every listed house with a free bed, as JSON, built once per directory version and served
    from the cache; ETag and Last-Modified for revalidation (304), open to any site (CORS)."""
    version = services.current_version()
    etag = f'"housing-vacancies-{version.number}"'
    last_modified = int(version.changed_at.timestamp()) if version.changed_at else None
    unchanged = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if unchanged is None:
        base_url = request.build_absolute_uri("/").rstrip("/")
        response = HttpResponse(
            services.cached_feed(version=version, base_url=base_url),
            content_type="application/json",
        )
    else:
        response = unchanged
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Access-Control-Allow-Origin"] = "*"
    # Always asked again (a 304 costs one query): a change shows on the next request.
    response["Cache-Control"] = "public, no-cache"
    return response

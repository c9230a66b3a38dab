"""The resources API: crisis lines, the library and the services directory. Reading is public;
writing is for an organization's staff, through the same access and services as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Status

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.accounts.models import Country
from alongside.resources import access, services
from alongside.resources.crisis_lines import lines_for
from alongside.resources.models import Article, Service
from alongside.resources.schemas import (
    ArticleSlug,
    CrisisLineOut,
    ResourceArticleIn,
    ResourceArticleOut,
    ResourceArticlePatch,
    ResourceArticleSearch,
    ResourceArticleSummaryOut,
    ResourceHoursIn,
    ResourceServiceIn,
    ResourceServiceOut,
    ResourceServicePatch,
    ResourceServiceSearch,
    ResourceServiceSearchOut,
)
from alongside.schemas import Id

router = Router(tags=["resources"])


@router.get(
    "/crisis-lines", response=list[CrisisLineOut], auth=None, summary="Crisis lines for a country"
)
def crisis_lines(request: HttpRequest, country: Country = Country.US) -> list[CrisisLineOut]:
    return [CrisisLineOut(**line.__dict__) for line in lines_for(country)]


# ---------------------------------------------------------------- the library


def _article_summary(request: HttpRequest, article: Article) -> dict[str, Any]:
    return {
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "language": article.language,
        "topic": article.topic,
        "pathways": article.pathways,
        "organization": article.organization.name,
        "status": article.status,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "url": request.build_absolute_uri(reverse("resources:article", args=[article.slug])),
    }


def _article(request: HttpRequest, article: Article) -> dict[str, Any]:
    original = article.translation_of
    return {
        **_article_summary(request, article),
        "body": article.body,
        "body_html": article.body_html(),
        "translation_of": original.slug if original is not None else None,
    }


@router.get(
    "/resources/articles",
    response=list[ResourceArticleSummaryOut],
    auth=None,
    summary="Published library articles, by words, topic, pathway and language",
)
def list_articles(
    request: HttpRequest, params: Query[ResourceArticleSearch]
) -> list[dict[str, Any]]:
    found = services.library(
        words=params.q,
        topic=params.topic or "",
        pathway=params.pathway or "",
        language=params.language or "",
    )
    return [_article_summary(request, a) for a in found[: params.limit]]


@router.get(
    "/resources/articles/{slug}",
    response=ResourceArticleOut,
    auth=None,
    summary="One article: its Markdown and its safe HTML",
)
def get_article(request: HttpRequest, slug: ArticleSlug) -> dict[str, Any]:
    return _article(request, access.access_article(request.user, slug))


@router.post(
    "/resources/articles",
    response={201: ResourceArticleOut, 404: dict},
    summary="Write an article for your organization (404 for one you do not write for)",
)
def post_article(request: AuthenticatedHttpRequest, payload: ResourceArticleIn):
    organization = access.access_writer_organization(request.user, payload.organization_id)
    original = (
        access.access_article_to_edit(request.user, payload.translation_of)
        if payload.translation_of
        else None
    )
    made = services.write_article(
        organization=organization,
        author=request.user,
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        topic=str(payload.topic),
        language=str(payload.language),
        pathways=[str(p) for p in payload.pathways],
        translation_of=original,
        publish=payload.publish,
    )
    return Status(201, _article(request, made))


@router.patch(
    "/resources/articles/{slug}",
    response=ResourceArticleOut,
    summary="Change, publish or unpublish one of your organization's articles",
)
def patch_article(
    request: AuthenticatedHttpRequest, slug: ArticleSlug, payload: ResourceArticlePatch
) -> dict[str, Any]:
    found = access.access_article_to_edit(request.user, slug)
    changes = payload.model_dump(exclude_unset=True)
    publish = changes.pop("publish", None)
    for name in ("topic", "language"):
        if name in changes:
            changes[name] = str(changes[name])
    if "pathways" in changes:
        changes["pathways"] = [str(p) for p in changes["pathways"]]
    services.update_article(article=found, by=request.user, publish=publish, **changes)
    return _article(request, found)


# ---------------------------------------------------------------- the services directory


def _service(request: HttpRequest, service: Service, now=None) -> dict[str, Any]:
    state = service.open_state(now or timezone.now())
    return {
        **{name: getattr(service, name) for name in services.SERVICE_FIELDS},
        "id": service.pk,
        "always_open": service.is_always_open,
        "hours": [
            {"weekday": s.weekday, "opens": f"{s.opens:%H:%M}", "closes": f"{s.closes:%H:%M}"}
            for s in service.hours().spans
        ],
        "open_now": state.is_open if state else None,
        "changes_at": state.changes_at if state else None,
        "organization": service.organization.name,
        "updated_at": service.updated_at,
        "url": request.build_absolute_uri(reverse("resources:service", args=[service.pk])),
    }


@router.get(
    "/resources/services",
    response=ResourceServiceSearchOut,
    auth=None,
    summary="Services near a ZIP code, town or point, by kind, open now",
)
def list_services(request: HttpRequest, params: Query[ResourceServiceSearch]) -> dict[str, Any]:
    found = services.find_services(
        near=params.near,
        latitude=params.latitude,
        longitude=params.longitude,
        radius_km=params.radius_km,
        kind=params.kind or "",
        open_now=params.open_now,
        words=params.q,
    )
    return {
        "place": found.place_label,
        "count": len(found.rows),
        "results": [
            {
                "service": _service(request, row.service, found.now),
                "distance_km": round(row.distance_km, 2) if row.distance_km is not None else None,
            }
            for row in found.rows[: params.limit]
        ],
    }


@router.get(
    "/resources/services/{service_id}",
    response=ResourceServiceOut,
    auth=None,
    summary="One service, with its opening hours and whether it is open now",
)
def get_service(request: HttpRequest, service_id: Id) -> dict[str, Any]:
    return _service(request, access.access_service(request.user, service_id))


def _hours(rows: list[ResourceHoursIn], always_open: bool):
    return services.hours_from_rows(
        ((r.weekday, r.opens, r.closes) for r in rows), always_open=always_open
    )


@router.post(
    "/resources/services",
    response={201: ResourceServiceOut, 404: dict},
    summary="List a service for your organization (404 for one you do not list for)",
)
def post_service(request: AuthenticatedHttpRequest, payload: ResourceServiceIn):
    organization = access.access_writer_organization(request.user, payload.organization_id)
    data = payload.model_dump(exclude={"organization_id", "hours", "always_open"})
    data["country"] = str(data["country"])
    data["kind"] = str(data["kind"])
    data["languages"] = [str(code) for code in data["languages"]]
    made = services.save_service(
        organization=organization,
        data=data,
        hours=_hours(payload.hours, payload.always_open),
    )
    return Status(201, _service(request, made))


@router.patch(
    "/resources/services/{service_id}",
    response=ResourceServiceOut,
    summary="Change one of your organization's services (its hours, when sent, replace them)",
)
def patch_service(
    request: AuthenticatedHttpRequest, service_id: Id, payload: ResourceServicePatch
) -> dict[str, Any]:
    found = access.access_service_to_edit(request.user, service_id)
    changes = payload.model_dump(exclude_unset=True)
    rows, always_open = changes.pop("hours", None), changes.pop("always_open", None)
    for name in ("country", "kind"):
        if name in changes:
            changes[name] = str(changes[name])
    if "languages" in changes:
        changes["languages"] = [str(code) for code in changes["languages"]]
    hours = None
    if rows is not None or always_open is not None:
        current = found.hours()
        hours = services.hours_from_rows(
            (
                ((r["weekday"], r["opens"], r["closes"]) for r in rows)
                if rows is not None
                else ((s.weekday, s.opens, s.closes) for s in current.spans)
            ),
            always_open=current.always_open if always_open is None else always_open,
        )
    services.save_service(organization=found.organization, service=found, data=changes, hours=hours)
    return _service(request, found)

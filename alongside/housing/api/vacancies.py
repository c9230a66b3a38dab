"""The open vacancy feed and the vacancy search in the API: public, no sign-in, no resident."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router

from alongside.housing.schemas.houses import VacancyFeedOut, VacancySearchOut, VacancySearchParams
from alongside.housing.services import vacancies as services
from alongside.housing.views import vacancies as views
from alongside.lib import geo

router = Router(tags=["housing"])


@router.get(
    "/housing/vacancies",
    auth=None,
    response={200: VacancyFeedOut, 304: None},
    summary="Every listed house with a free bed (ETag and Last-Modified; 304 when unchanged)",
)
def vacancy_feed(request: HttpRequest) -> HttpResponse:
    return views.feed(request)


@router.get(
    "/housing/vacancies/search",
    auth=None,
    response=VacancySearchOut,
    summary="Listed houses with a free bed near a ZIP code or town, nearest first",
)
def search_vacancies(request: HttpRequest, params: Query[VacancySearchParams]) -> dict[str, Any]:
    place = geo.resolve_place(params.near)
    if place is None:
        raise ValidationError(
            {
                "near": _(
                    "We could not find this place. Try a 5-digit US ZIP code or a town such as "
                    "Springfield, IL."
                )
            }
        )
    query = services.VacancyQuery(
        latitude=place.latitude,
        longitude=place.longitude,
        radius_km=params.radius_km,
        near=place.label,
        serves=tuple(params.serves),
        mat_friendly=True if params.mat_friendly else None,
        narr_levels=tuple(int(level) for level in params.narr_level),
    )
    found = services.search_vacancies(query)
    search_url = services.search_page(request.build_absolute_uri("/").rstrip("/"))
    return {
        "place": place.label,
        "radius_km": query.radius_km,
        "count": len(found.results),
        "more": found.more,
        "results": [
            {
                "house": services.feed_item(v.house, v.vacant, search_url=search_url),
                "distance_km": round(v.distance_km, 1),
            }
            for v in found.results
        ],
    }

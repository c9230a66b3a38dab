"""Every route is in the matrix, and the token dimension walks every API route."""

from __future__ import annotations

from django.urls import get_resolver

from alongside.tests.matrix.routes import API_ROUTES, ROUTES_BY_KEY, api_routes, walk


def test_every_route_is_in_the_matrix() -> None:
    # API operations are named by method and path; the API's own pages by URL name.
    api_docs = {"api:openapi-json", "api:openapi-view", "api:api-root"}
    pages = [
        n for n in walk(get_resolver().url_patterns) if not n.startswith("api:") or n in api_docs
    ]
    routes = api_routes()
    missing = [n for n in pages + routes if n not in ROUTES_BY_KEY]
    assert not missing, f"routes without an authorization-matrix entry: {missing}"
    assert "GET /api/v1/me" in routes  # the API was walked


def test_the_token_matrix_walks_every_api_route() -> None:
    assert sorted(r.key for r in API_ROUTES) == sorted(api_routes())

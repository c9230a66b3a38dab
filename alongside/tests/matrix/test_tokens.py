"""The API with a bearer token instead of the session, for each token scope."""

from __future__ import annotations

import pytest

from alongside.accounts.sensitive import Credential
from alongside.testing.authz import READ_ONLY, TOKEN_SCOPES, USE_APP, Route
from alongside.tests.matrix.routes import (
    API_ROUTES,
    TOKEN_PERSONAS,
    api_operations,
    assert_api_refusal,
    send,
)


@pytest.mark.parametrize("scope", TOKEN_SCOPES)
@pytest.mark.parametrize("persona", TOKEN_PERSONAS)
@pytest.mark.parametrize("route", API_ROUTES, ids=lambda r: r.key)
def test_api_route_answers_each_token_scope_as_the_matrix_says(
    route: Route, persona: str, scope: str, cast, client_as, subjects
) -> None:
    """The same routes with a bearer token instead of the session: read-only tokens only read,
    and no token performs a sensitive action."""
    from alongside.accounts import services

    user = cast[persona].user
    _token, secret = services.create_api_token(
        user=user, name="matrix", scope=scope, credential=Credential.for_setup(user)
    )
    public = "security" not in api_operations()[route.key]
    response = send(client_as(None), route, subjects, HTTP_AUTHORIZATION=f"Bearer {secret}")
    expected = route.token_outcome(persona, scope, public=public)
    label = f"{persona}'s {scope} token on {route.url(subjects)}"
    if expected in (READ_ONLY, USE_APP):
        assert_api_refusal(response, str(expected), label)
    else:
        assert response.status_code == expected, f"{label}: {response.status_code}"

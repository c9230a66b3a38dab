"""Every API route answers each persona's session as the matrix says."""

from __future__ import annotations

import pytest

from alongside.testing.authz import EVERYONE, Route
from alongside.tests.matrix.routes import API_ROUTES, assert_answers


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("route", API_ROUTES, ids=lambda r: r.key)
def test_api_routes_answer_each_persona_as_the_matrix_says(
    route: Route, persona: str, client_as, subjects
) -> None:
    assert_answers(route, persona, route.outcome(persona), client_as, subjects)

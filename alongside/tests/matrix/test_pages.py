"""Every page (URL pattern) answers each persona as the matrix says."""

from __future__ import annotations

import pytest

from alongside.testing.authz import EVERYONE, Route
from alongside.tests.matrix.routes import PAGE_ROUTES, assert_answers


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("route", PAGE_ROUTES, ids=lambda r: r.key)
def test_routes_answer_each_persona_as_the_matrix_says(
    route: Route, persona: str, client_as, subjects
) -> None:
    assert_answers(route, persona, route.outcome(persona), client_as, subjects)

"""A pending role invitation opens nothing: each invitee gets exactly what they get without it."""

from __future__ import annotations

import pytest

from alongside.testing.authz import PENDING_INVITEES, Route
from alongside.tests.matrix.routes import MEMBER_DATA_ROUTES, ROUTES, assert_answers


@pytest.mark.parametrize("persona", PENDING_INVITEES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.key)
def test_a_pending_counselor_invitation_opens_nothing(
    route: Route, persona: str, client_as, subjects, pending_counselor_invitations
) -> None:
    # Every route answers the invitee exactly as it would without the invitation; on the routes
    # that read a member's data, that is what an outsider gets.
    expected = route.outcome(persona)
    if route.key in MEMBER_DATA_ROUTES:
        assert expected == route.outcome("outsider"), route.key
    assert_answers(route, persona, expected, client_as, subjects)

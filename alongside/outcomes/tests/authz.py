"""Support outcomes' routes in the authorization matrix.

Sam mentors Jordan and Lena has him on her caseload (peers' and caseload's subjects); Dana,
Riverbend's admin, supervises Lena (training's). So Sam and Lena see their own figures, and
Dana her team's (Lena's) and Riverbend's program; Lena's figures are hers and Dana's to see,
the program Dana's alone. Everyone else gets 404, as for a supporter or program that does not
exist.
"""

from __future__ import annotations

from alongside.testing.authz import ANON, NOT_FOUND, OK, UNAUTHENTICATED, Route, everyone_but_anon

LENA = lambda s: s["outcomes_lena"].pk  # noqa: E731
ORG = lambda s: s["outcomes_org"].pk  # noqa: E731

SUPPORTERS_AND_ADMIN: dict[str, object] = {"mentor": OK, "peer_specialist": OK, "org_admin": OK}
LENA_AND_DANA: dict[str, object] = {"peer_specialist": OK, "org_admin": OK}
DANA: dict[str, object] = {"org_admin": OK}


def api(key, path, who: dict[str, object]) -> Route:
    return Route(key, path, {ANON: UNAUTHENTICATED, **who}, default=NOT_FOUND)


ROUTES = [
    Route(
        "outcomes:support",
        "/outcomes/support/",
        everyone_but_anon(**SUPPORTERS_AND_ADMIN),
        default=NOT_FOUND,
    ),
    Route(
        "outcomes:supporter",
        lambda s: f"/outcomes/support/supporters/{LENA(s)}/",
        everyone_but_anon(**LENA_AND_DANA),
        default=NOT_FOUND,
    ),
    Route(
        "outcomes:program",
        lambda s: f"/outcomes/support/programs/{ORG(s)}/",
        everyone_but_anon(**DANA),
        default=NOT_FOUND,
    ),
    # API
    api("GET /api/v1/outcomes/support", "/api/v1/outcomes/support", SUPPORTERS_AND_ADMIN),
    api(
        "GET /api/v1/outcomes/support/supporters/{supporter_id}",
        lambda s: f"/api/v1/outcomes/support/supporters/{LENA(s)}",
        LENA_AND_DANA,
    ),
    api(
        "GET /api/v1/outcomes/support/programs/{organization_id}",
        lambda s: f"/api/v1/outcomes/support/programs/{ORG(s)}",
        DANA,
    ),
]


def subjects(cast: dict) -> dict:
    from alongside.accounts.models import Organization

    return {
        "outcomes_lena": cast["peer_specialist"].user,
        "outcomes_org": Organization.objects.get(slug="riverbend"),
    }

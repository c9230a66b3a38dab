"""The resources app's routes in the authorization matrix.

Crisis lines, the library and the services directory are public: everyone reads them, signed in
or not. Riverbend's staff (Lena the peer specialist, Dr. Chen, Rosa the house manager and Dana
its admin) write for Riverbend: they open its draft article ("Talking to family about a lapse")
and the edit pages of its articles and of its listed service (a naloxone pickup near 60614);
everyone else, Casey included (a counselor, but at Harbor), finds a 404 there. Adding an
article or a service is for anyone who writes for an organization (Casey too, for Harbor);
importing services from a file is for an organization's admins (Dana).
"""

from __future__ import annotations

from alongside.accounts.models import Organization
from alongside.testing.authz import (
    ANON,
    LOGIN,
    NOT_FOUND,
    OK,
    UNAUTHENTICATED,
    Route,
)

RIVERBEND_STAFF = ["peer_specialist", "counselor", "house_manager", "org_admin"]
WRITERS = [*RIVERBEND_STAFF, "outsider"]  # Casey writes for Harbor

DRAFT = lambda s: s["resources_draft"].slug  # noqa: E731
SERVICE = lambda s: s["resources_service"].pk  # noqa: E731
RIVERBEND = lambda s: s["resources_riverbend"].pk  # noqa: E731


def _only(personas: list[str], outcome: object, *, anon: object = LOGIN) -> dict[str, object]:
    return {ANON: anon, **{p: outcome for p in personas}}


def _article_body(s: dict) -> dict:
    return {
        "organization_id": RIVERBEND(s),
        "title": "Sleep in early recovery",
        "summary": "Why sleep is hard at first, and what helps.",
        "body": "Keep a *routine*.",
        "topic": "early_recovery",
        "language": "en",
    }


def _service_body(s: dict) -> dict:
    return {
        "organization_id": RIVERBEND(s),
        "name": "Food pantry",
        "kind": "food",
        "postal_code": "60614",
    }


ROUTES = [
    Route("resources:help", "/help/", {}),
    Route("resources:library", "/resources/library/", {}),
    Route(
        "resources:article",
        lambda s: f"/resources/library/{DRAFT(s)}/",
        _only(RIVERBEND_STAFF, OK, anon=NOT_FOUND),
        default=NOT_FOUND,
    ),
    Route(
        "resources:article-new", "/resources/library/new/", _only(WRITERS, OK), default=NOT_FOUND
    ),
    Route(
        "resources:article-edit",
        lambda s: f"/resources/library/{DRAFT(s)}/edit/",
        _only(RIVERBEND_STAFF, OK),
        default=NOT_FOUND,
    ),
    Route("resources:directory", "/resources/services/", {}),
    Route(
        "resources:service",
        lambda s: f"/resources/services/{SERVICE(s)}/",
        {},
    ),
    Route(
        "resources:service-new", "/resources/services/new/", _only(WRITERS, OK), default=NOT_FOUND
    ),
    Route(
        "resources:service-edit",
        lambda s: f"/resources/services/{SERVICE(s)}/edit/",
        _only(RIVERBEND_STAFF, OK),
        default=NOT_FOUND,
    ),
    Route(
        "resources:services-import",
        "/resources/services/import/",
        _only(["org_admin"], OK),
        default=NOT_FOUND,
    ),
    # API
    Route("GET /api/v1/crisis-lines", "/api/v1/crisis-lines?country=CA", {}),
    Route("GET /api/v1/resources/articles", "/api/v1/resources/articles?language=en", {}),
    Route(
        "GET /api/v1/resources/articles/{slug}",
        lambda s: f"/api/v1/resources/articles/{DRAFT(s)}",
        {p: OK for p in RIVERBEND_STAFF},
        default=NOT_FOUND,
    ),
    Route(
        "POST /api/v1/resources/articles",
        "/api/v1/resources/articles",
        _only(RIVERBEND_STAFF, 201, anon=UNAUTHENTICATED),
        default=NOT_FOUND,
        method="post",
        data=_article_body,
    ),
    Route(
        "PATCH /api/v1/resources/articles/{slug}",
        lambda s: f"/api/v1/resources/articles/{DRAFT(s)}",
        _only(RIVERBEND_STAFF, OK, anon=UNAUTHENTICATED),
        default=NOT_FOUND,
        method="patch",
        data={"summary": "What to say, and when."},
    ),
    Route("GET /api/v1/resources/services", "/api/v1/resources/services?near=60614", {}),
    Route(
        "GET /api/v1/resources/services/{service_id}",
        lambda s: f"/api/v1/resources/services/{SERVICE(s)}",
        {},
    ),
    Route(
        "POST /api/v1/resources/services",
        "/api/v1/resources/services",
        _only(RIVERBEND_STAFF, 201, anon=UNAUTHENTICATED),
        default=NOT_FOUND,
        method="post",
        data=_service_body,
    ),
    Route(
        "PATCH /api/v1/resources/services/{service_id}",
        lambda s: f"/api/v1/resources/services/{SERVICE(s)}",
        _only(RIVERBEND_STAFF, OK, anon=UNAUTHENTICATED),
        default=NOT_FOUND,
        method="patch",
        data={"phone": "312-555-0199"},
    ),
]


def subjects(cast: dict) -> dict:
    from alongside.resources import services

    riverbend = Organization.objects.get(slug="riverbend")
    draft = services.write_article(
        organization=riverbend,
        author=cast["peer_specialist"].user,
        title="Talking to family about a lapse",
        language="en",
        topic="family_allies",
        summary="What to say, and what to ask for.",
        body="Start with *what happened*, then what you need.",
    )
    service = services.save_service(
        organization=riverbend,
        data={"name": "Lakeview Naloxone Pickup", "kind": "naloxone", "postal_code": "60657"},
        hours=services.parse_hours("Mon-Sun 09:00-21:00"),
    )
    return {
        "resources_draft": draft,
        "resources_service": service,
        "resources_riverbend": riverbend,
    }

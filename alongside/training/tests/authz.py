"""Training's routes in the authorization matrix.

Dana, Riverbend's admin, supervises Lena; Lena logged supervision hours that wait for Dana's
attestation. Only Dana attests them (Lena, who may see them, is refused with 403; everyone else
finds nothing). Supervision and an organization's own requirement sets are for its admins.
Everyone signed in has their own training pages (a member may be a peer in training).
"""

from __future__ import annotations

from alongside.testing.authz import (
    ANON,
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHENTICATED,
    Route,
    everyone_but_anon,
)

ORG = lambda s: s["training_org"].pk  # noqa: E731
E = lambda s: s["training_entry"].pk  # noqa: E731
S = lambda s: s["training_supervision"].pk  # noqa: E731


def api(key, path, method="get", default=NOT_FOUND, data=None, **who) -> Route:
    return Route(
        key, path, {ANON: UNAUTHENTICATED, **who}, default=default, method=method, data=data or {}
    )


def admin_only(**who) -> dict[str, object]:
    return {ANON: LOGIN, **who}


ROUTES = [
    Route("training:home", "/training/", everyone_but_anon()),
    Route("training:log-training", "/training/hours/", everyone_but_anon()),
    Route("training:log-practice", "/training/practice/", everyone_but_anon()),
    Route("training:credential-new", "/training/credentials/", everyone_but_anon()),
    Route("training:attest-queue", "/training/attest/", everyone_but_anon()),
    Route("training:team", "/training/team/", everyone_but_anon()),
    Route(
        "training:attest",
        lambda s: f"/training/practice/{E(s)}/attest/",
        admin_only(org_admin=REDIRECT, peer_specialist=403),
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "training:supervision",
        lambda s: f"/training/organizations/{ORG(s)}/supervision/",
        admin_only(org_admin=OK),
        default=NOT_FOUND,
    ),
    Route(
        "training:requirement-set-new",
        lambda s: f"/training/organizations/{ORG(s)}/requirement-sets/",
        admin_only(org_admin=OK),
        default=NOT_FOUND,
    ),
    Route(
        "training:supervision-end",
        lambda s: f"/training/supervisions/{S(s)}/end/",
        admin_only(org_admin=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    # API
    api("GET /api/v1/training/requirement-sets", "/api/v1/training/requirement-sets", default=OK),
    api(
        "POST /api/v1/training/organizations/{organization_id}/requirement-sets",
        lambda s: f"/api/v1/training/organizations/{ORG(s)}/requirement-sets",
        method="post",
        data={
            "name": "Delaware CPRS",
            "issuer": "Delaware Certification Board",
            "items": [{"label": "Harm Reduction", "hours": "6"}],
        },
        org_admin=201,
    ),
    api("GET /api/v1/training/progress", "/api/v1/training/progress", default=OK),
    api("GET /api/v1/training/entries", "/api/v1/training/entries", default=OK),
    api(
        "POST /api/v1/training/entries",
        "/api/v1/training/entries",
        method="post",
        default=201,
        data={"domain": "ethics", "title": "Ethics", "hours": "3", "completed_on": "2025-01-06"},
    ),
    api("GET /api/v1/training/practice", "/api/v1/training/practice", default=OK),
    api(
        "POST /api/v1/training/practice",
        "/api/v1/training/practice",
        method="post",
        default=201,
        data={"kind": "supervision", "hours": "2", "from_on": "2025-01-06", "to_on": "2025-01-07"},
    ),
    api("GET /api/v1/training/practice/waiting", "/api/v1/training/practice/waiting", default=OK),
    api(
        "POST /api/v1/training/practice/{entry_id}/attest",
        lambda s: f"/api/v1/training/practice/{E(s)}/attest",
        method="post",
        org_admin=OK,
        peer_specialist=403,
    ),
    api("GET /api/v1/training/credentials", "/api/v1/training/credentials", default=OK),
    api(
        "POST /api/v1/training/credentials",
        "/api/v1/training/credentials",
        method="post",
        default=201,
        data=lambda s: {
            "requirement_set_id": s["training_set"].pk,
            "issued_on": "2025-01-06",
            "expires_on": "2027-01-06",
        },
    ),
    api("GET /api/v1/training/team", "/api/v1/training/team", default=OK),
    api(
        "GET /api/v1/training/organizations/{organization_id}/supervisions",
        lambda s: f"/api/v1/training/organizations/{ORG(s)}/supervisions",
        org_admin=OK,
    ),
    api(
        "POST /api/v1/training/organizations/{organization_id}/supervisions",
        lambda s: f"/api/v1/training/organizations/{ORG(s)}/supervisions",
        method="post",
        data=lambda s: {
            "supervisee_id": s["training_sam"].pk,
            "supervisor_id": s["training_dana"].pk,
        },
        org_admin=201,
    ),
    api(
        "POST /api/v1/training/supervisions/{supervision_id}/end",
        lambda s: f"/api/v1/training/supervisions/{S(s)}/end",
        method="post",
        org_admin=OK,
    ),
]


def load_requirement_sets() -> None:
    """A test that flushes the database (the browser tests) also drops the requirement sets
    the data migration loaded: load them again, the same way, when they are missing."""
    from django.apps import apps
    from django.utils.module_loading import import_string

    from alongside.training.models import RequirementSet

    if not RequirementSet.objects.filter(code="icrc-pr").exists():
        import_string("alongside.training.migrations.0002_board_requirement_sets.add_sets")(
            apps, None
        )


def subjects(cast: dict) -> dict:
    import datetime
    from decimal import Decimal

    from alongside.accounts.models import Organization
    from alongside.training import services
    from alongside.training.models import RequirementSet

    load_requirement_sets()
    lena, dana, sam = (cast[k].user for k in ("peer_specialist", "org_admin", "mentor"))
    riverbend = Organization.objects.get(slug="riverbend")
    supervision = services.set_supervisor(
        organization=riverbend, supervisee_id=lena.pk, supervisor_id=dana.pk
    )
    entry = services.log_practice(
        person=lena,
        kind="supervision",
        hours=Decimal(3),
        from_on=datetime.date(2025, 1, 6),
        to_on=datetime.date(2025, 1, 10),
    )
    return {
        "training_org": riverbend,
        "training_supervision": supervision,
        "training_entry": entry,
        "training_set": RequirementSet.objects.get(code="icrc-pr"),
        "training_sam": sam,
        "training_dana": dana,
    }

"""Privacy's pages and API routes in the authorization matrix: grants and exports are the
member's alone; everyone else gets 404."""

from __future__ import annotations

from alongside.accounts.sensitive import Credential
from alongside.testing.authz import (
    ANON,
    CONFIRM,
    NOT_FOUND,
    OK,
    REAUTH,
    UNAUTHENTICATED,
    Route,
    everyone_but_anon,
)

ROUTES = [
    Route("privacy:sharing", "/privacy/", everyone_but_anon()),
    Route("privacy:grant-new", "/privacy/share/", everyone_but_anon()),
    Route(
        "privacy:grant",
        lambda s: f"/privacy/grants/{s['grant'].pk}/",
        everyone_but_anon(member=OK),
        default=NOT_FOUND,
    ),
    Route(
        "privacy:grant-revoke",
        lambda s: f"/privacy/grants/{s['grant'].pk}/revoke/",
        everyone_but_anon(member=REAUTH),
        default=NOT_FOUND,
        method="post",
    ),
    Route("privacy:who-looked", "/privacy/who-looked/", everyone_but_anon()),
    Route(
        "privacy:security-log",
        "/privacy/security-log/",
        everyone_but_anon(org_admin=OK),
        default=NOT_FOUND,
    ),
    Route("privacy:shared-with-me", "/privacy/shared-with-me/", everyone_but_anon()),
    Route("privacy:exports", "/privacy/export/", everyone_but_anon()),
    Route(
        "privacy:export-download",
        lambda s: f"/privacy/export/{s['export'].pk}/download.json",
        everyone_but_anon(member=REAUTH),
        default=NOT_FOUND,
    ),
    Route("privacy:export-schema", "/privacy/export/schema.json", {}),
    Route("privacy:delete-account", "/privacy/delete-account/", everyone_but_anon()),
    Route("privacy:erased", "/privacy/account-deleted/", {}),
    Route("GET /api/v1/privacy/grants", "/api/v1/privacy/grants", {ANON: UNAUTHENTICATED}),
    Route(
        "POST /api/v1/privacy/grants",
        "/api/v1/privacy/grants",
        {ANON: UNAUTHENTICATED, "outsider": 422},
        default=CONFIRM,
        method="post",
        data={
            "scopes": ["milestones"],
            "purpose": "matrix",
            "grantee_organization_slug": "riverbend",
            "grantee_role": "mentor",
        },
    ),
    Route(
        "POST /api/v1/privacy/grants/{grant_id}/revoke",
        lambda s: f"/api/v1/privacy/grants/{s['grant'].pk}/revoke",
        {ANON: UNAUTHENTICATED, "member": CONFIRM},
        default=NOT_FOUND,
        method="post",
    ),
    Route("GET /api/v1/privacy/access-log", "/api/v1/privacy/access-log", {ANON: UNAUTHENTICATED}),
    Route(
        "GET /api/v1/privacy/shared-with-me",
        "/api/v1/privacy/shared-with-me",
        {ANON: UNAUTHENTICATED},
    ),
    Route(
        "POST /api/v1/privacy/exports",
        "/api/v1/privacy/exports",
        {ANON: UNAUTHENTICATED},
        default=CONFIRM,
        method="post",
    ),
    Route(
        "GET /api/v1/privacy/exports/{export_id}",
        lambda s: f"/api/v1/privacy/exports/{s['export'].pk}",
        {ANON: UNAUTHENTICATED, "member": OK},
        default=NOT_FOUND,
    ),
]


def subjects(cast: dict) -> dict:
    """A grant from the member to the counselor (check-ins, medication) and a finished export."""
    from alongside.privacy import services

    member = cast["member"].user
    grant = services.grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=["check_ins", "medication"],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    export, _created = services.request_export(
        member=member, credential=Credential.for_setup(member)
    )
    services.run_export(export_id=export.pk)
    return {"member": member, "grant": grant, "export": export}

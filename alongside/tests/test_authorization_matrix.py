"""Every URL pattern and every API route, for every persona: allowed, sent to sign-in, or 404.

A route that is not in ROUTES fails `test_every_route_is_in_the_matrix`, so a new page or API
endpoint cannot land without saying who may reach it. Apps add their routes to ROUTES here in
the same commit as the route itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from alongside.api import api
from alongside.testing.personas import PERSONAS

ANON = "anon"
EVERYONE = [ANON, *PERSONAS]
SIGNED_IN = PERSONAS
STAFF = ["peer_specialist", "counselor", "house_manager", "org_admin", "outsider"]

OK = 200
LOGIN = "login"  # redirected to the sign-in page
NOT_FOUND = 404
REDIRECT = 302  # sent somewhere else on purpose (e.g. signed-in people away from sign-up)
REAUTH = "reauth"  # asked to confirm their password or code again first
UNAUTHENTICATED = 401
NOT_ALLOWED = 405


@dataclass
class Route:
    """One URL pattern (by name) or API route (by "METHOD /path"), with who gets what."""

    key: str
    path: str | Callable[[dict], str]
    expect: dict[str, object]
    default: object = OK
    method: str = "get"
    data: dict = field(default_factory=dict)

    def outcome(self, persona: str) -> object:
        return self.expect.get(persona, self.default)

    def url(self, subjects: dict) -> str:
        return self.path(subjects) if callable(self.path) else self.path


def everyone_but_anon(anon: object = LOGIN, **others: object) -> dict[str, object]:
    return {ANON: anon, **others}


ROUTES: list[Route] = [
    # The web shell and public pages.
    Route("landing", "/", {p: REDIRECT for p in SIGNED_IN}),
    Route("home", "/home/", everyone_but_anon()),
    Route("healthz", "/healthz", {}),
    Route("set_language", "/i18n/setlang/", {}, default=REDIRECT, method="post", data={"language": "es"}),
    Route("resources:help", "/help/", {}),
    # accounts (ours)
    Route("accounts:profile", "/account/profile/", everyone_but_anon()),
    Route("accounts:mfa-required", "/account/security/mfa-required/", everyone_but_anon()),
    Route("accounts:tokens", "/account/tokens/", everyone_but_anon()),
    Route(
        "accounts:token-revoke",
        lambda s: f"/account/tokens/{s['member_token'].pk}/revoke/",
        everyone_but_anon(member=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    Route("accounts:organizations", "/account/organizations/", everyone_but_anon()),
    Route(
        "accounts:organization-people",
        "/account/organizations/riverbend/people/",
        everyone_but_anon(org_admin=OK),
        default=NOT_FOUND,
    ),
    # allauth: sign-in pages are for visitors; account pages are for the signed in.
    Route("account_login", "/accounts/login/", {p: REDIRECT for p in SIGNED_IN}),
    Route("account_logout", "/accounts/logout/", {ANON: REDIRECT}),
    Route("account_inactive", "/accounts/inactive/", {}),
    Route("account_signup", "/accounts/signup/", {p: REDIRECT for p in SIGNED_IN}),
    Route("account_reauthenticate", "/accounts/reauthenticate/", everyone_but_anon()),
    Route("account_email", "/accounts/email/", everyone_but_anon()),
    Route("account_email_verification_sent", "/accounts/confirm-email/", {}),
    Route("account_change_password", "/accounts/password/change/", everyone_but_anon()),
    Route("account_set_password", "/accounts/password/set/", everyone_but_anon(), default=REDIRECT),
    Route("account_reset_password", "/accounts/password/reset/", {}),
    Route("account_confirm_login_code", "/accounts/login/code/confirm/", {ANON: LOGIN}, default=REDIRECT),
    Route("account_confirm_email", "/accounts/confirm-email/not-a-key/", {}),
    Route("account_reset_password_from_key_done", "/accounts/password/reset/key/done/", {}),
    Route("account_reset_password_from_key", "/accounts/password/reset/key/1-bad-key/", {}),
    Route("account_reset_password_done", "/accounts/password/reset/done/", {}),
    Route("mfa_index", "/accounts/2fa/", everyone_but_anon()),
    Route("mfa_authenticate", "/accounts/2fa/authenticate/", {ANON: LOGIN}, default=REDIRECT),
    Route("mfa_reauthenticate", "/accounts/2fa/reauthenticate/", everyone_but_anon(**{p: OK for p in STAFF}), default=REDIRECT),
    Route("mfa_activate_totp", "/accounts/2fa/totp/activate/", everyone_but_anon(**{p: REDIRECT for p in STAFF}), default=REAUTH),
    Route("mfa_deactivate_totp", "/accounts/2fa/totp/deactivate/", everyone_but_anon(**{p: REAUTH for p in STAFF}), default=NOT_FOUND),
    Route("mfa_view_recovery_codes", "/accounts/2fa/recovery-codes/", everyone_but_anon(**{p: REAUTH for p in STAFF}), default=NOT_FOUND),
    Route("mfa_generate_recovery_codes", "/accounts/2fa/recovery-codes/generate/", everyone_but_anon(), default=REAUTH),
    Route("mfa_download_recovery_codes", "/accounts/2fa/recovery-codes/download/", everyone_but_anon(**{p: REAUTH for p in STAFF}), default=NOT_FOUND),
    # privacy: the member's own controls; grants and exports are the member's alone.
    Route("privacy:sharing", "/privacy/", everyone_but_anon()),
    Route("privacy:grant-new", "/privacy/share/", everyone_but_anon()),
    Route("privacy:grant", lambda s: f"/privacy/grants/{s['grant'].pk}/", everyone_but_anon(member=OK), default=NOT_FOUND),
    Route("privacy:grant-revoke", lambda s: f"/privacy/grants/{s['grant'].pk}/revoke/", everyone_but_anon(member=REAUTH), default=NOT_FOUND, method="post"),
    Route("privacy:who-looked", "/privacy/who-looked/", everyone_but_anon()),
    Route("privacy:shared-with-me", "/privacy/shared-with-me/", everyone_but_anon()),
    Route("privacy:exports", "/privacy/export/", everyone_but_anon()),
    Route("privacy:export-download", lambda s: f"/privacy/export/{s['export'].pk}/download.json", everyone_but_anon(member=OK), default=NOT_FOUND),
    Route("privacy:export-schema", "/privacy/export/schema.json", {}),
    Route("privacy:delete-account", "/privacy/delete-account/", everyone_but_anon()),
    Route("privacy:erased", "/privacy/account-deleted/", {}),
    # journey: a member's check-ins are theirs and their grantees' (the counselor holds a grant).
    Route("journey:check-in", "/journey/check-in/", everyone_but_anon()),
    Route("journey:member-check-ins", lambda s: f"/journey/members/{s['member'].pk}/check-ins/", everyone_but_anon(member=OK, counselor=OK), default=NOT_FOUND),
    # The API's own pages.
    Route("api:openapi-json", "/api/v1/openapi.json", {}),
    Route("api:openapi-view", "/api/v1/docs", {}),
    Route("api:api-root", "/api/v1/", {}, default=NOT_FOUND),
    # API routes, keyed by method and path.
    Route("GET /api/v1/me", "/api/v1/me", {ANON: UNAUTHENTICATED}),
    Route("PATCH /api/v1/me", "/api/v1/me", {ANON: UNAUTHENTICATED}, method="patch", data={"pronouns": "she/her"}),
    Route("GET /api/v1/crisis-lines", "/api/v1/crisis-lines?country=CA", {}),
    Route("GET /api/v1/privacy/grants", "/api/v1/privacy/grants", {ANON: UNAUTHENTICATED}),
    Route(
        "POST /api/v1/privacy/grants", "/api/v1/privacy/grants", {ANON: UNAUTHENTICATED, "outsider": 422},
        default=201, method="post",
        data={"scopes": ["milestones"], "purpose": "matrix", "grantee_organization_slug": "riverbend", "grantee_role": "mentor"},
    ),
    Route("POST /api/v1/privacy/grants/{grant_id}/revoke", lambda s: f"/api/v1/privacy/grants/{s['grant'].pk}/revoke", {ANON: UNAUTHENTICATED, "member": OK}, default=NOT_FOUND, method="post"),
    Route("GET /api/v1/privacy/access-log", "/api/v1/privacy/access-log", {ANON: UNAUTHENTICATED}),
    Route("GET /api/v1/privacy/shared-with-me", "/api/v1/privacy/shared-with-me", {ANON: UNAUTHENTICATED}),
    Route("POST /api/v1/privacy/exports", "/api/v1/privacy/exports", {ANON: UNAUTHENTICATED}, default=202, method="post"),
    Route("GET /api/v1/privacy/exports/{export_id}", lambda s: f"/api/v1/privacy/exports/{s['export'].pk}", {ANON: UNAUTHENTICATED, "member": OK}, default=NOT_FOUND),
    Route("GET /api/v1/check-ins", "/api/v1/check-ins", {ANON: UNAUTHENTICATED}),
    Route("POST /api/v1/check-ins", "/api/v1/check-ins", {ANON: UNAUTHENTICATED, "member": OK}, default=201, method="post", data={"mood": 4, "craving": 2}),
    Route("GET /api/v1/members/{member_id}/check-ins", lambda s: f"/api/v1/members/{s['member'].pk}/check-ins", {ANON: UNAUTHENTICATED, "member": OK, "counselor": OK}, default=NOT_FOUND),
]
ROUTES_BY_KEY = {r.key: r for r in ROUTES}


def _walk(patterns: list, namespace: str | None = None) -> list[str]:
    names: list[str] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace and (f"{namespace}:{p.namespace}" if namespace else p.namespace)
            names += _walk(p.url_patterns, ns or namespace)
        elif isinstance(p, URLPattern) and p.name:
            names.append(f"{namespace}:{p.name}" if namespace else p.name)
    return names


def _api_routes() -> list[str]:
    schema = api.get_openapi_schema()
    return [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    ]


def test_every_route_is_in_the_matrix() -> None:
    # API operations are named by method and path; the API's own pages by URL name.
    api_docs = {"api:openapi-json", "api:openapi-view", "api:api-root"}
    pages = [n for n in _walk(get_resolver().url_patterns) if not n.startswith("api:") or n in api_docs]
    api_routes = _api_routes()
    missing = [n for n in pages + api_routes if n not in ROUTES_BY_KEY]
    assert not missing, f"routes without an authorization-matrix entry: {missing}"
    assert "GET /api/v1/me" in api_routes  # the API was walked


@pytest.fixture
def subjects(cast: dict) -> dict:
    from alongside.accounts import services
    from alongside.journey.services import record_check_in
    from alongside.privacy import services as privacy

    member = cast["member"].user
    token, _key = services.create_api_token(user=member, name="phone")
    record_check_in(member=member, mood=4, craving=1)
    grant = privacy.grant_access(member=member, grantee_user=cast["counselor"].user, scopes=["check_ins"], purpose="care")
    export, _created = privacy.request_export(member=member)
    privacy.run_export(export_id=export.pk)
    return {"member_token": token, "member": member, "grant": grant, "export": export}


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.key)
def test_route_answers_each_persona_as_the_matrix_says(route: Route, persona: str, client_as, subjects) -> None:
    client = client_as(None if persona == ANON else persona)
    url = route.url(subjects)
    send = getattr(client, route.method)
    if route.method in {"patch", "put"} or (route.method == "post" and url.startswith("/api/")):
        response = send(url, data=route.data, content_type="application/json")
    else:
        response = send(url, data=route.data)
    expected = route.outcome(persona)
    if expected == LOGIN:
        assert response.status_code == 302, f"{persona} on {url}: {response.status_code}"
        assert response["Location"].startswith("/accounts/login/"), response["Location"]
    elif expected == REAUTH:
        assert response.status_code == 302, f"{persona} on {url}: {response.status_code}"
        assert "reauthenticate" in response["Location"], response["Location"]
    elif expected == REDIRECT:
        assert response.status_code == 302, f"{persona} on {url}: {response.status_code}"
        assert not response["Location"].startswith("/accounts/login/"), response["Location"]
    else:
        assert response.status_code == expected, f"{persona} on {url}: {response.status_code}"

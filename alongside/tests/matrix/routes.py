"""The authorization matrix: every URL pattern and every API route, for every persona — allowed,
sent to sign-in, or 404 — and the helpers its test modules share.

A route that is not in ROUTES fails `test_coverage.py`, so a new page or API endpoint cannot land
without saying who may reach it. Apps add their routes in the same commit as the route itself
(core routes here; each app's in <app>/tests/authz.py). The walk is split into modules (pages,
API, pending roles, tokens) only so that test runners can spread it over their workers.
"""

from __future__ import annotations

import functools

from django.urls import URLPattern, URLResolver

from alongside.api import api
from alongside.testing.authz import (
    ANON,
    CONFIRM,
    LOGIN,
    NOT_FOUND,
    OK,
    REAUTH,
    REDIRECT,
    SIGNED_IN,
    STAFF,
    UNAUTHENTICATED,
    Route,
    app_routes,
    everyone_but_anon,
    sensitive_reads,
)

ROUTES: list[Route] = [
    # The web shell and public pages.
    Route("landing", "/", {p: REDIRECT for p in SIGNED_IN}),
    Route("home", "/home/", everyone_but_anon()),
    Route("healthz", "/healthz", {}),
    Route(
        "set_language",
        "/i18n/setlang/",
        {},
        default=REDIRECT,
        method="post",
        data={"language": "es"},
    ),
    # Development only (kept e-mail): never under test or production settings.
    Route("dev-outbox", "/dev/outbox/", {}, default=NOT_FOUND),
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
    Route(
        "account_confirm_login_code",
        "/accounts/login/code/confirm/",
        {ANON: LOGIN},
        default=REDIRECT,
    ),
    Route("account_confirm_email", "/accounts/confirm-email/not-a-key/", {}),
    Route("account_reset_password_from_key_done", "/accounts/password/reset/key/done/", {}),
    Route("account_reset_password_from_key", "/accounts/password/reset/key/1-bad-key/", {}),
    Route("account_reset_password_done", "/accounts/password/reset/done/", {}),
    Route("mfa_index", "/accounts/2fa/", everyone_but_anon()),
    Route("mfa_authenticate", "/accounts/2fa/authenticate/", {ANON: LOGIN}, default=REDIRECT),
    Route(
        "mfa_reauthenticate",
        "/accounts/2fa/reauthenticate/",
        everyone_but_anon(**{p: OK for p in STAFF}),
        default=REDIRECT,
    ),
    Route(
        "mfa_activate_totp",
        "/accounts/2fa/totp/activate/",
        everyone_but_anon(**{p: REDIRECT for p in STAFF}),
        default=REAUTH,
    ),
    Route(
        "mfa_deactivate_totp",
        "/accounts/2fa/totp/deactivate/",
        everyone_but_anon(**{p: REAUTH for p in STAFF}),
        default=NOT_FOUND,
    ),
    Route(
        "mfa_view_recovery_codes",
        "/accounts/2fa/recovery-codes/",
        everyone_but_anon(**{p: REAUTH for p in STAFF}),
        default=NOT_FOUND,
    ),
    Route(
        "mfa_generate_recovery_codes",
        "/accounts/2fa/recovery-codes/generate/",
        everyone_but_anon(),
        default=REAUTH,
    ),
    Route(
        "mfa_download_recovery_codes",
        "/accounts/2fa/recovery-codes/download/",
        everyone_but_anon(**{p: REAUTH for p in STAFF}),
        default=NOT_FOUND,
    ),
    # The API's own pages.
    Route("api:openapi-json", "/api/v1/openapi.json", {}),
    Route("api:openapi-view", "/api/v1/docs", {}),
    Route("api:api-root", "/api/v1/", {}, default=NOT_FOUND),
    # API routes, keyed by method and path.
    Route("GET /api/v1/me", "/api/v1/me", {ANON: UNAUTHENTICATED}),
    Route(
        "PATCH /api/v1/me",
        "/api/v1/me",
        {ANON: UNAUTHENTICATED},
        method="patch",
        data={"pronouns": "she/her"},
    ),
    Route("GET /api/v1/tokens", "/api/v1/tokens", {ANON: UNAUTHENTICATED}),
    Route(
        "POST /api/v1/tokens",
        "/api/v1/tokens",
        {ANON: UNAUTHENTICATED},
        default=CONFIRM,
        method="post",
        data={"name": "matrix"},
    ),
    Route(
        "POST /api/v1/tokens/{token_id}/revoke",
        lambda s: f"/api/v1/tokens/{s['member_token'].pk}/revoke",
        {ANON: UNAUTHENTICATED, "member": OK},
        default=NOT_FOUND,
        method="post",
    ),
]
ROUTES += app_routes()
ROUTES_BY_KEY = {r.key: r for r in ROUTES}
# Routes that read one member's data by id (each app's SENSITIVE_READS).
MEMBER_DATA_ROUTES = frozenset(sensitive_reads())


def walk(patterns: list, namespace: str | None = None) -> list[str]:
    names: list[str] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace and (f"{namespace}:{p.namespace}" if namespace else p.namespace)
            names += walk(p.url_patterns, ns or namespace)
        elif isinstance(p, URLPattern) and p.name:
            names.append(f"{namespace}:{p.name}" if namespace else p.name)
    return names


@functools.cache
def api_operations() -> dict[str, dict]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}": operation
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


def api_routes() -> list[str]:
    return list(api_operations())


def send(client, route: Route, subjects: dict, **headers: str):
    url = route.url(subjects)
    send = getattr(client, route.method)
    data = route.payload(subjects)
    if route.method in {"patch", "put", "delete"} or (
        route.method == "post" and url.startswith("/api/")
    ):
        return send(url, data=data, content_type="application/json", **headers)
    return send(url, data=data, **headers)


def assert_api_refusal(response, code: str, label: str) -> None:
    assert response.status_code == 403, f"{label}: {response.status_code}"
    assert response.json()["error"]["code"] == code, f"{label}: {response.json()}"


def assert_answers(route: Route, persona: str, expected: object, client_as, subjects: dict) -> None:
    client = client_as(None if persona == ANON else persona)
    url = route.url(subjects)
    response = send(client, route, subjects)
    if expected == CONFIRM:
        assert_api_refusal(response, "reauthentication_required", f"{persona} on {url}")
    elif expected == LOGIN:
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


API_ROUTES = [
    r for r in ROUTES if r.key.split(" ", 1)[0] in {"GET", "POST", "PUT", "PATCH", "DELETE"}
]
# A member and a staff member (with MFA, as staff tokens require).
TOKEN_PERSONAS = ["member", "counselor"]


PAGE_ROUTES = [r for r in ROUTES if r not in API_ROUTES]

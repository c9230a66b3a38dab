"""Every URL pattern and every API route, for every persona: allowed, sent to sign-in, or 404.

A route that is not in ROUTES fails `test_every_route_is_in_the_matrix`, so a new page or API
endpoint cannot land without saying who may reach it. Apps add their routes in
the same commit as the route itself (core routes here; each app's in <app>/tests/authz.py).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from alongside.accounts.cast import build_cast
from alongside.accounts.sensitive import Credential
from alongside.api import api
from alongside.testing.authz import (
    ANON,
    CONFIRM,
    EVERYONE,
    LOGIN,
    NOT_FOUND,
    OK,
    PENDING_INVITEES,
    READ_ONLY,
    REAUTH,
    REDIRECT,
    SIGNED_IN,
    STAFF,
    TOKEN_SCOPES,
    UNAUTHENTICATED,
    USE_APP,
    Route,
    app_routes,
    everyone_but_anon,
    sensitive_reads,
    subjects_for,
)
from alongside.testing.personas import rows_for_the_module

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
    # The API's own pages.
    Route("api:openapi-json", "/api/v1/openapi.json", {}),
    Route("api:openapi-view", "/api/v1/docs", {}),
    Route("api:api-root", "/api/v1/", {}, default=NOT_FOUND),
    # API routes, keyed by method and path.
    Route("GET /api/v1/me", "/api/v1/me", {ANON: UNAUTHENTICATED}),
    Route("PATCH /api/v1/me", "/api/v1/me", {ANON: UNAUTHENTICATED}, method="patch", data={"pronouns": "she/her"}),
    Route("GET /api/v1/crisis-lines", "/api/v1/crisis-lines?country=CA", {}),
    Route("GET /api/v1/tokens", "/api/v1/tokens", {ANON: UNAUTHENTICATED}),
    Route("POST /api/v1/tokens", "/api/v1/tokens", {ANON: UNAUTHENTICATED}, default=CONFIRM, method="post", data={"name": "matrix"}),
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


def _walk(patterns: list, namespace: str | None = None) -> list[str]:
    names: list[str] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace and (f"{namespace}:{p.namespace}" if namespace else p.namespace)
            names += _walk(p.url_patterns, ns or namespace)
        elif isinstance(p, URLPattern) and p.name:
            names.append(f"{namespace}:{p.name}" if namespace else p.name)
    return names


@functools.cache
def _api_operations() -> dict[str, dict]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}": operation
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


def _api_routes() -> list[str]:
    return list(_api_operations())


def test_every_route_is_in_the_matrix() -> None:
    # API operations are named by method and path; the API's own pages by URL name.
    api_docs = {"api:openapi-json", "api:openapi-view", "api:api-root"}
    pages = [n for n in _walk(get_resolver().url_patterns) if not n.startswith("api:") or n in api_docs]
    api_routes = _api_routes()
    missing = [n for n in pages + api_routes if n not in ROUTES_BY_KEY]
    assert not missing, f"routes without an authorization-matrix entry: {missing}"
    assert "GET /api/v1/me" in api_routes  # the API was walked


@pytest.fixture(scope="module")
def _module_rows(django_db_setup, django_db_blocker) -> Iterator[tuple[dict, dict]]:  # type: ignore[no-untyped-def]
    """The cast and every route's subjects, built once for the module's thousands of requests
    (each test's own writes still roll back after it)."""
    from alongside.accounts import services

    with rows_for_the_module(django_db_blocker):
        cast = build_cast()
        token, _key = services.create_api_token(
            user=cast["member"].user, name="phone", credential=Credential.for_setup(cast["member"].user)
        )
        yield cast, {"member_token": token, **subjects_for(cast)}


@pytest.fixture
def cast(db, _module_rows: tuple[dict, dict]) -> dict:
    return _module_rows[0]


@pytest.fixture
def subjects(db, _module_rows: tuple[dict, dict]) -> dict:
    return _module_rows[1]


def _send(client, route: Route, subjects: dict, **headers: str):  # type: ignore[no-untyped-def]
    url = route.url(subjects)
    send = getattr(client, route.method)
    data = route.payload(subjects)
    if route.method in {"patch", "put", "delete"} or (route.method == "post" and url.startswith("/api/")):
        return send(url, data=data, content_type="application/json", **headers)
    return send(url, data=data, **headers)


def _assert_api_refusal(response, code: str, label: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 403, f"{label}: {response.status_code}"
    assert response.json()["error"]["code"] == code, f"{label}: {response.json()}"


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.key)
def test_route_answers_each_persona_as_the_matrix_says(route: Route, persona: str, client_as, subjects) -> None:
    _assert_answers(route, persona, route.outcome(persona), client_as, subjects)


@pytest.fixture
def pending_counselor_invitations(cast: dict, subjects: dict) -> None:
    """The member shares everything with every counselor at Riverbend, and a counselor role at
    Riverbend waits for an answer from each pending invitee: offered to the facilitator (already
    in Riverbend, as the rules allow) and, arranged directly as the strongest case, to the
    outsider, whom the rules would refuse."""
    from alongside.accounts import services
    from alongside.accounts.models import Organization, Role, RoleInvitation
    from alongside.privacy.models import Scope
    from alongside.privacy.services import grant_access

    riverbend = Organization.objects.get(slug="riverbend")
    member = cast["member"].user
    grant_access(
        member=member, grantee_organization=riverbend, grantee_role=Role.COUNSELOR,
        scopes=list(Scope.values), purpose="care team", credential=Credential.for_setup(member),
    )
    services.offer_role(
        credential=Credential.for_setup(cast["org_admin"].user), organization=riverbend,
        email=cast["facilitator"].user.email, role=Role.COUNSELOR,
    )
    RoleInvitation.objects.create(
        organization=riverbend, email=cast["outsider"].user.email, role=Role.COUNSELOR,
        invitee=cast["outsider"].user, invited_by=cast["org_admin"].user,
    )


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
    _assert_answers(route, persona, expected, client_as, subjects)


def _assert_answers(route: Route, persona: str, expected: object, client_as, subjects: dict) -> None:
    client = client_as(None if persona == ANON else persona)
    url = route.url(subjects)
    response = _send(client, route, subjects)
    if expected == CONFIRM:
        _assert_api_refusal(response, "reauthentication_required", f"{persona} on {url}")
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


API_ROUTES = [r for r in ROUTES if r.key.split(" ", 1)[0] in {"GET", "POST", "PUT", "PATCH", "DELETE"}]
# A member and a staff member (with MFA, as staff tokens require).
TOKEN_PERSONAS = ["member", "counselor"]


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
    public = "security" not in _api_operations()[route.key]
    response = _send(client_as(None), route, subjects, HTTP_AUTHORIZATION=f"Bearer {secret}")
    expected = route.token_outcome(persona, scope, public=public)
    label = f"{persona}'s {scope} token on {route.url(subjects)}"
    if expected in (READ_ONLY, USE_APP):
        _assert_api_refusal(response, str(expected), label)
    else:
        assert response.status_code == expected, f"{label}: {response.status_code}"


def test_the_token_matrix_walks_every_api_route() -> None:
    assert sorted(r.key for r in API_ROUTES) == sorted(_api_routes())

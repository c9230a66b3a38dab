"""The API answers like an API: 401 in the JSON error shape without a session or a valid token,
CSRF only for requests a session authenticated, and a bad token never falls back to the session."""

from __future__ import annotations

import pytest
from django.test import Client

from alongside.accounts.models import ApiToken, TokenScope
from alongside.accounts.sensitive import Credential
from alongside.accounts.services import create_api_token, revoke_api_token

pytestmark = pytest.mark.django_db


def bearer_for(user, scope: str = TokenScope.READ_WRITE) -> tuple[ApiToken, dict]:
    token, secret = create_api_token(
        user=user, name="script", scope=scope, credential=Credential.for_setup(user)
    )
    return token, {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/me"),
        ("patch", "/api/v1/me"),
        ("post", "/api/v1/privacy/grants"),
        ("put", "/api/v1/safety-plan"),
        ("delete", "/api/v1/goals/1"),
    ],
)
def test_no_session_and_no_token_answer_401_in_the_error_shape(
    method: str, path: str, cast
) -> None:
    client = Client(enforce_csrf_checks=True)  # and no CSRF cookie: nobody to protect yet
    response = getattr(client, method)(path, {}, content_type="application/json")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "error": {
            "status": 401,
            "code": "unauthenticated",
            "message": "Sign in, or send a valid API token.",
            "fields": [],
        }
    }


def test_a_post_to_a_sensitive_route_without_a_session_is_401_not_a_csrf_error(cast) -> None:
    response = Client(enforce_csrf_checks=True).post("/api/v1/privacy/exports")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize(
    "header", ["Bearer alt_not-a-token", "Bearer ", "Basic bWF5YTpwdw==", "Token abc"]
)
def test_an_unreadable_token_is_refused_even_beside_a_good_session(
    header: str, cast, client_as
) -> None:
    client = client_as("member")
    response = client.patch(
        "/api/v1/me", {"pronouns": "x"}, content_type="application/json", HTTP_AUTHORIZATION=header
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"
    cast["member"].user.refresh_from_db()
    assert cast["member"].user.pronouns == "she/her"


def test_a_revoked_token_is_refused_even_beside_a_good_session(cast, client_as) -> None:
    token, bearer = bearer_for(cast["member"].user)
    revoke_api_token(token=token)
    response = client_as("member").get("/api/v1/me", **bearer)
    assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_token"


def test_a_token_of_an_account_that_was_deactivated_is_refused(cast, client_as) -> None:
    user = cast["member"].user
    _token, bearer = bearer_for(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client_as(None).get("/api/v1/me", **bearer).status_code == 401


def test_a_token_request_needs_no_csrf_token(cast) -> None:
    _token, bearer = bearer_for(cast["member"].user)
    client = Client(enforce_csrf_checks=True)
    response = client.patch(
        "/api/v1/me", {"pronouns": "they/them"}, content_type="application/json", **bearer
    )
    assert response.status_code == 200 and response.json()["pronouns"] == "they/them"


def test_a_session_write_without_the_csrf_token_is_refused_and_changes_nothing(cast) -> None:
    member = cast["member"].user
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    refused = client.patch("/api/v1/me", {"pronouns": "they/them"}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    member.refresh_from_db()
    assert member.pronouns == "she/her"
    # With the page's token, the same write goes through.
    client.get("/account/profile/")
    csrf = client.cookies["csrftoken"].value
    allowed = client.patch(
        "/api/v1/me",
        {"pronouns": "they/them"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert allowed.status_code == 200
    member.refresh_from_db()
    assert member.pronouns == "they/them"


def test_a_session_read_needs_no_csrf_token(cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["member"].user)
    assert client.get("/api/v1/me").status_code == 200

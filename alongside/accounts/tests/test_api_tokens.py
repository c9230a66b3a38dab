"""API tokens that can be lost safely: they expire, carry a scope, die with a password or MFA
change, only work for staff who have MFA, and their owner hears about each new one."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alongside.accounts.cast import DEMO_PASSWORD
from alongside.accounts.models import (
    ApiToken,
    Membership,
    Organization,
    Role,
    TokenRevocation,
    TokenScope,
)
from alongside.accounts.sensitive import Credential
from alongside.accounts.services import create_api_token
from alongside.notifications.models import InAppNotification

pytestmark = pytest.mark.django_db


def mint(
    cast, key: str = "member", scope: str = TokenScope.READ_WRITE, days: int = 90
) -> tuple[ApiToken, dict]:
    user = cast[key].user
    token, secret = create_api_token(
        user=user, name="script", scope=scope, days=days, credential=Credential.for_setup(user)
    )
    return token, {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_read_only_token_reads_but_every_change_is_refused(cast, client_as) -> None:
    _token, bearer = mint(cast, scope=TokenScope.READ)
    client = client_as(None)
    assert client.get("/api/v1/me", **bearer).json()["pronouns"] == "she/her"
    writes = [
        ("patch", "/api/v1/me", {"pronouns": "they/them"}),
        ("put", "/api/v1/safety-plan", {"warning_signs": ["x"]}),
        ("post", "/api/v1/check-ins", {"mood": 3, "craving": 2}),
        ("delete", "/api/v1/goals/1", {}),
    ]
    for method, path, body in writes:
        response = getattr(client, method)(path, body, content_type="application/json", **bearer)
        assert response.status_code == 403, path
        error = response.json()["error"]
        assert error["code"] == "read_only_token"
        assert "read-and-write token" in error["message"]
    assert client.get("/api/v1/me", **bearer).json()["pronouns"] == "she/her"
    assert client.get("/api/v1/check-ins", **bearer).json() == []


def test_a_read_and_write_token_changes_what_it_may(cast, client_as) -> None:
    _token, bearer = mint(cast)
    response = client_as(None).patch(
        "/api/v1/me", {"pronouns": "they/them"}, content_type="application/json", **bearer
    )
    assert response.status_code == 200 and response.json()["pronouns"] == "they/them"


def test_a_token_stops_working_when_it_expires(cast, client_as) -> None:
    token, bearer = mint(cast, days=30)
    assert token.expires_at - token.created_at == datetime.timedelta(days=30)
    with time_machine.travel(token.expires_at + datetime.timedelta(seconds=1)):
        response = client_as(None).get("/api/v1/me", **bearer)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_token"
        page = client_as("member").get("/account/tokens/").content.decode()
    assert "Expired" in page


def test_tokens_last_ninety_days_unless_chosen_and_never_more_than_a_year(cast, client_as) -> None:
    client = client_as("member", reauthenticated=True)
    made = client.post("/api/v1/tokens", {"name": "laptop"}, content_type="application/json")
    assert made.status_code == 201
    body = made.json()
    assert body["key"].startswith("alt_") and body["token"]["scope"] == "read"
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == datetime.timedelta(days=90)
    too_long = client.post(
        "/api/v1/tokens", {"name": "forever", "days": 366}, content_type="application/json"
    )
    assert too_long.status_code == 422
    assert too_long.json()["error"]["fields"][0]["field"] == "days"
    page = client.post(
        "/account/tokens/", {"name": "forever", "scope": "read", "days": "3650"}
    ).content.decode()
    assert "Select a valid choice" in page
    year = client.post("/account/tokens/", {"name": "yearly", "scope": "read_write", "days": "365"})
    assert year.status_code == 200
    assert (
        ApiToken.objects.filter(name="yearly", scope="read_write").get().expires_at.date()
        == (timezone.now() + datetime.timedelta(days=365)).date()
    )
    assert ApiToken.objects.count() == 2


def test_the_tokens_page_and_api_show_name_scope_expiry_and_last_use(cast, client_as) -> None:
    token, bearer = mint(cast, scope=TokenScope.READ)
    client_as(None).get("/api/v1/me", **bearer)
    token.refresh_from_db()
    assert token.last_used_at is not None
    client = client_as("member")
    page = client.get("/account/tokens/").content.decode()
    assert "script" in page and "Read only" in page
    # The day it expires where the member lives (not in UTC: near midnight they differ).
    member = cast["member"].user
    assert token.expires_at.astimezone(member.zone).strftime("%-d %b %Y") in page
    listed = client.get("/api/v1/tokens").json()
    assert listed == [
        {
            "id": token.pk,
            "name": "script",
            "scope": "read",
            "created_at": listed[0]["created_at"],
            "expires_at": listed[0]["expires_at"],
            "last_used_at": listed[0]["last_used_at"],
            "revoked_at": None,
            "status": "active",
        }
    ]
    assert listed[0]["last_used_at"] is not None


def test_a_token_can_be_revoked_by_api_and_then_answers_401(cast, client_as) -> None:
    token, bearer = mint(cast)
    client = client_as("member")
    response = client.post(f"/api/v1/tokens/{token.pk}/revoke")
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    assert client_as(None).get("/api/v1/me", **bearer).status_code == 401
    assert client.post(f"/api/v1/tokens/{token.pk}/revoke").status_code == 409
    assert client_as("member2").post(f"/api/v1/tokens/{token.pk}/revoke").status_code == 404


def test_changing_the_password_revokes_every_token(cast, client_as) -> None:
    token, bearer = mint(cast)
    client = client_as("member")
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": DEMO_PASSWORD,
            "password1": "a new long passphrase 7",
            "password2": "a new long passphrase 7",
        },
    )
    assert response.status_code == 302
    assert client_as(None).get("/api/v1/me", **bearer).status_code == 401
    token.refresh_from_db()
    assert token.revoked_because == TokenRevocation.PASSWORD_CHANGED
    assert "Revoked when your password changed" in client.get("/account/tokens/").content.decode()


def test_resetting_the_password_by_email_revokes_every_token(cast, client_as) -> None:
    token, bearer = mint(cast)
    visitor = client_as(None)
    visitor.post("/accounts/password/reset/", {"email": cast["member"].user.email})
    body: str = mail.outbox[-1].body  # type: ignore[assignment]  # a sent message's body is text
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", body).group(1)
    form = visitor.get(link)
    assert form.status_code == 302
    done = visitor.post(
        form["Location"],
        {"password1": "a new long passphrase 7", "password2": "a new long passphrase 7"},
    )
    assert done.status_code == 302
    assert visitor.get("/api/v1/me", **bearer).status_code == 401
    token.refresh_from_db()
    assert token.revoked_because == TokenRevocation.PASSWORD_CHANGED


def test_turning_off_two_step_verification_revokes_every_token(cast, client_as) -> None:
    token, bearer = mint(cast, key="mentor")
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(cast["mentor"].user, generate_totp_secret())  # a member's optional MFA
    client = client_as("mentor", reauthenticated=True)
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert client_as(None).get("/api/v1/me", **bearer).status_code == 401
    token.refresh_from_db()
    assert token.revoked_because == TokenRevocation.MFA_CHANGED


def test_new_recovery_codes_revoke_every_token(
    cast, client_as, django_capture_on_commit_callbacks
) -> None:
    token, bearer = mint(cast, key="counselor")
    client = client_as("counselor", reauthenticated=True)
    assert client_as(None).get("/api/v1/me", **bearer).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals once committed
        response = client.post("/accounts/2fa/recovery-codes/generate/")
    assert response.status_code == 302
    assert client_as(None).get("/api/v1/me", **bearer).status_code == 401
    token.refresh_from_db()
    assert token.revoked_because == TokenRevocation.MFA_CHANGED


def test_a_staff_token_works_only_while_the_account_has_mfa(cast, client_as) -> None:
    _token, bearer = mint(cast, key="member2")
    client = client_as(None)
    assert client.get("/api/v1/me", **bearer).status_code == 200
    # Made a counselor, without two-step verification yet: the old token must not read records.
    Membership.objects.create(
        user=cast["member2"].user,
        organization=Organization.objects.get(slug="riverbend"),
        role=Role.COUNSELOR,
    )
    response = client.get("/api/v1/me", **bearer)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "mfa_required"


@pytest.mark.django_db(transaction=True)
def test_the_owner_is_told_in_the_app_and_by_email_when_a_token_is_made(cast, client_as) -> None:
    client = client_as("member", reauthenticated=True)
    client.post("/account/tokens/", {"name": "my phone", "scope": "read", "days": "30"})
    notice = InAppNotification.objects.get(user=cast["member"].user, kind="api_token_created")
    assert notice.url == "/account/tokens/" and notice.body == "my phone"
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    [email] = [m for m in mail.outbox if "API token" in m.subject]
    assert email.to == [cast["member"].user.email]
    assert "my phone" in email.body and "Read only" in email.body and "revoke it" in email.body

"""One guard for sensitive actions: the same refusal by page and by API, and nothing changes.

Sharing, revoking, exporting, downloading an export, minting a token and erasing an account
each need a password (and, for staff, a TOTP code) confirmed within five minutes, are counted
against one rate limit whichever interface asks, and are never done by a bearer token alone.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.utils import timezone

from alongside.accounts.cast import DEMO_PASSWORD
from alongside.accounts.models import ApiToken, TokenScope, User
from alongside.accounts.sensitive import Credential
from alongside.accounts.services import create_api_token
from alongside.privacy import services as privacy
from alongside.privacy.models import ConsentGrant, DataExport, ExportStatus, Scope

pytestmark = pytest.mark.django_db

SIX_MINUTES = datetime.timedelta(minutes=6)


def share_milestones(cast) -> ConsentGrant:
    member = cast["member"].user
    return privacy.grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=[Scope.MILESTONES],
        purpose="cheer me on",
        credential=Credential.for_setup(member),
    )


def api_grant(client, cast, **headers):
    return client.post(
        "/api/v1/privacy/grants",
        {
            "scopes": ["check_ins"],
            "purpose": "between sessions",
            "grantee_user_id": cast["counselor"].user.pk,
        },
        content_type="application/json",
        **headers,
    )


def page_grant(client, cast):
    return client.post(
        "/privacy/share/",
        {
            "grantee_kind": "person",
            "grantee_user": cast["counselor"].user.pk,
            "scopes": ["check_ins"],
            "purpose": "between sessions",
        },
    )


def a_token(cast, key: str = "member", scope: str = TokenScope.READ_WRITE) -> str:
    user = cast[key].user
    _token, secret = create_api_token(
        user=user, name="script", scope=scope, credential=Credential.for_setup(user)
    )
    return secret


def test_a_six_minute_old_confirmation_cannot_share_revoke_or_export_through_the_api(
    cast, client_as
) -> None:
    grant = share_milestones(cast)
    client = client_as("member", reauthenticated=True)
    with time_machine.travel(timezone.now() + SIX_MINUTES):
        shared = api_grant(client, cast)
        revoked = client.post(f"/api/v1/privacy/grants/{grant.pk}/revoke")
        exported = client.post("/api/v1/privacy/exports")
    for response in (shared, revoked, exported):
        assert response.status_code == 403
        error = response.json()["error"]
        assert error["code"] == "reauthentication_required"
        assert "confirm it is you" in error["message"]
    assert ConsentGrant.objects.filter(member=cast["member"].user).count() == 1
    grant.refresh_from_db()
    assert grant.revoked_at is None
    assert not DataExport.objects.exists()


def test_a_six_minute_old_confirmation_is_asked_again_by_every_page(cast, client_as) -> None:
    grant = share_milestones(cast)
    client = client_as("member", reauthenticated=True)
    client.post("/privacy/export/")
    DataExport.objects.update(
        status=ExportStatus.READY,
        ready_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(hours=24),
    )
    export = DataExport.objects.get()
    with time_machine.travel(timezone.now() + SIX_MINUTES):
        responses = [
            page_grant(client, cast),
            client.post(f"/privacy/grants/{grant.pk}/revoke/"),
            client.post("/privacy/export/"),
            client.get(f"/privacy/export/{export.pk}/download.json"),
            client.post("/account/tokens/", {"name": "phone", "scope": "read", "days": "90"}),
            client.post("/privacy/delete-account/", {"confirm": "delete my account"}),
        ]
    for response in responses:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/reauthenticate/?next=")
    assert ConsentGrant.objects.filter(member=cast["member"].user).count() == 1
    grant.refresh_from_db()
    assert grant.revoked_at is None
    assert DataExport.objects.count() == 1
    assert not ApiToken.objects.exists()
    assert User.objects.get(pk=cast["member"].user.pk).is_active


def test_a_token_alone_never_shares_revokes_exports_or_mints(cast, client_as) -> None:
    grant = share_milestones(cast)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {a_token(cast)}"}
    client = client_as(None)
    responses = [
        api_grant(client, cast, **bearer),
        client.post(f"/api/v1/privacy/grants/{grant.pk}/revoke", **bearer),
        client.post("/api/v1/privacy/exports", **bearer),
        client.post("/api/v1/tokens", {"name": "more"}, content_type="application/json", **bearer),
    ]
    for response in responses:
        assert response.status_code == 403
        error = response.json()["error"]
        assert error["code"] == "use_signed_in_app"
        assert "Sign in to Alongside in your browser" in error["message"]
    assert ConsentGrant.objects.filter(member=cast["member"].user).count() == 1
    grant.refresh_from_db()
    assert grant.revoked_at is None
    assert not DataExport.objects.exists()
    assert ApiToken.objects.count() == 1


def test_a_token_with_a_freshly_confirmed_session_cookie_is_still_a_token(cast, client_as) -> None:
    client = client_as("member", reauthenticated=True)
    response = api_grant(client, cast, HTTP_AUTHORIZATION=f"Bearer {a_token(cast)}")
    assert response.status_code == 403 and response.json()["error"]["code"] == "use_signed_in_app"
    assert not ConsentGrant.objects.exists()


def test_seven_exports_by_api_and_page_together_meet_one_five_an_hour_limit(
    cast, client_as
) -> None:
    client = client_as("member", reauthenticated=True)
    answers = []
    for attempt in range(7):
        # Each earlier export is finished, so every accepted request makes a new one.
        DataExport.objects.update(status=ExportStatus.READY)
        if attempt % 2:
            answers.append(client.post("/privacy/export/").status_code)
        else:
            answers.append(client.post("/api/v1/privacy/exports").status_code)
    assert answers == [202, 302, 202, 302, 202, 429, 429]
    assert DataExport.objects.count() == 5
    refused = client.post("/api/v1/privacy/exports")
    assert refused.json()["error"]["code"] == "rate_limited"
    assert DataExport.objects.count() == 5


def test_grants_and_revocations_share_one_limit_by_page_and_api(cast, client_as, settings) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "privacy_change": "2/m/user"}
    client = client_as("member", reauthenticated=True)
    assert api_grant(client, cast).status_code == 201
    assert page_grant(client, cast).status_code == 302
    assert api_grant(client, cast).status_code == 429
    assert page_grant(client, cast).status_code == 429
    assert ConsentGrant.objects.count() == 2


def test_staff_confirm_a_totp_code_as_well_as_their_password(cast, client_as) -> None:
    from alongside.testing.personas import mark_reauthenticated

    client = client_as("counselor")
    mark_reauthenticated(client, cast["counselor"].user, totp=False)
    api = client.post("/api/v1/privacy/exports")
    assert api.status_code == 403 and api.json()["error"]["code"] == "reauthentication_required"
    page = client.post("/privacy/export/")
    assert page["Location"].startswith("/accounts/2fa/reauthenticate/?next=")
    assert not DataExport.objects.exists()
    mark_reauthenticated(client, cast["counselor"].user)  # password and code
    assert client.post("/api/v1/privacy/exports").status_code == 202


def test_staff_without_two_step_verification_are_sent_to_turn_it_on(cast, client_as) -> None:
    Authenticator.objects.filter(user=cast["counselor"].user).delete()
    client = client_as("counselor", reauthenticated=True)
    api = client.post("/api/v1/privacy/exports")
    assert api.status_code == 403 and api.json()["error"]["code"] == "mfa_required"
    page = client.post("/privacy/export/")
    assert page["Location"] == "/account/security/mfa-required/"
    assert not DataExport.objects.exists()


def test_confirming_the_password_replays_the_interrupted_share(cast, client_as) -> None:
    client = client_as("member")
    prompt = page_grant(client, cast)
    assert prompt["Location"] == "/accounts/reauthenticate/?next=%2Fprivacy%2Fshare%2F"
    assert not ConsentGrant.objects.exists()
    done = client.post(prompt["Location"], {"password": DEMO_PASSWORD})
    assert done.status_code == 302 and done["Location"].startswith("/privacy/grants/")
    grant = ConsentGrant.objects.get()
    assert grant.grantee_user == cast["counselor"].user and grant.scopes == ["check_ins"]


def test_someone_elses_grant_is_not_found_before_any_prompt(cast, client_as) -> None:
    grant = share_milestones(cast)
    client = client_as("counselor")  # no recent confirmation: a prompt would reveal the grant
    assert client.post(f"/privacy/grants/{grant.pk}/revoke/").status_code == 404
    api = client.post(f"/api/v1/privacy/grants/{grant.pk}/revoke")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_the_setup_credential_is_never_used_by_a_page_or_the_api() -> None:
    root = Path(settings.BASE_DIR) / "alongside"
    interfaces = [*root.rglob("views.py"), *root.rglob("views/*.py"), *root.rglob("api.py")]
    assert interfaces
    offenders = [str(p) for p in interfaces if re.search(r"\bfor_setup\b", p.read_text())]
    assert not offenders, f"a request must build Credential.of(request): {offenders}"


def test_staff_confirm_password_then_code_and_the_export_is_made_once(cast, client_as) -> None:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    client = client_as("counselor")
    prompt = client.post("/privacy/export/")
    assert prompt["Location"] == "/accounts/reauthenticate/?next=%2Fprivacy%2Fexport%2F"
    second = client.post(prompt["Location"], {"password": DEMO_PASSWORD})
    assert second["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fprivacy%2Fexport%2F"
    assert not DataExport.objects.exists()
    counter = next(iter(yield_hotp_counters_from_time()))
    code = format_hotp_value(hotp_value(cast["counselor"].totp_secret, counter))
    done = client.post(second["Location"], {"code": code})
    assert done.status_code == 302 and done["Location"] == "/privacy/export/"
    assert DataExport.objects.filter(member=cast["counselor"].user).count() == 1

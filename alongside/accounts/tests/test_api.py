from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_me_returns_profile_and_roles(client_as) -> None:
    body = client_as("counselor").get("/api/v1/me").json()
    assert body["display_name"] == "Grace C."
    assert body["has_mfa"] is True
    assert body["memberships"] == [
        {
            "organization": "Riverbend Recovery Community",
            "organization_slug": "riverbend",
            "role": "counselor",
        }
    ]


def test_bad_profile_fields_answer_422_naming_field_and_reason(client_as, member) -> None:
    response = client_as("member").patch(
        "/api/v1/me",
        {"time_zone": "Mars/Olympus", "pathways": ["na", "astrology"]},
        content_type="application/json",
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    fields = {f["field"]: f["message"] for f in error["fields"]}
    assert "Mars/Olympus" in fields["time_zone"]
    assert any(name.startswith("pathways") for name in fields)
    member.refresh_from_db()
    assert member.time_zone == "America/Chicago"


def test_patch_me_changes_only_what_was_sent(client_as, member) -> None:
    response = client_as("member").patch(
        "/api/v1/me", {"pronouns": "she/they"}, content_type="application/json"
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.pronouns == "she/they" and member.first_name == "Maya"


def test_session_writes_need_the_csrf_token(cast) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["member"].user)
    response = client.patch("/api/v1/me", {"pronouns": "x"}, content_type="application/json")
    assert response.status_code in (401, 403)


def test_openapi_schema_and_docs_are_served_locally(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()


def test_unknown_api_paths_use_the_error_shape(client) -> None:
    response = client.get("/api/v1/crisis-lines?country=XX")
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "country"


def test_unknown_api_routes_answer_json_in_the_one_error_shape(client) -> None:
    for path in ["/api/v1/no-such-route", "/api/v2/me", "/api/v1/"]:
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found", path

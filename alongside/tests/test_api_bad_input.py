"""Bad input gets a clear 422 (or 404), never a server error, and changes nothing.

Each test sends what a fuzzer or a careless client sent through the real API (or page) and
checks both the refusal and that nothing was stored.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from alongside.journey import services as journey
from alongside.journey.models import CheckIn, CheckInReminder, SafetyPlan, Track
from alongside.meetings.models import ImportRun, ImportSource, Meeting
from alongside.privacy.models import ConsentGrant

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = 2**64 + 1


def send(client, method: str, url: str, data: object):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def fields_of(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {f["field"]: f["message"] for f in response.json()["error"]["fields"]}


@pytest.fixture
def track(member) -> Track:
    return journey.start_track(
        member=member,
        kind="substance",
        name="Alcohol",
        goal="abstinence",
        sobriety_on=member.local_today() - datetime.timedelta(days=40),
        on_medication=True,
    )


def test_a_track_patched_with_null_medication_is_a_422_and_unchanged(client_as, track) -> None:
    response = send(
        client_as("member"), "patch", f"/api/v1/tracks/{track.pk}", {"on_medication": None}
    )
    assert "on_medication" in fields_of(response)
    track.refresh_from_db()
    assert track.on_medication is True


def test_reminder_times_with_a_zone_are_a_422_and_nothing_is_saved(client_as, member) -> None:
    response = send(
        client_as("member"),
        "put",
        "/api/v1/reminders/check-in",
        {
            "is_enabled": True,
            "at": "08:00:00+02:00",
            "quiet_from": "22:00Z",
            "quiet_until": "07:00:00+01:00",
        },
    )
    fields = fields_of(response)
    assert {"at", "quiet_from", "quiet_until"} <= set(fields)
    assert "your own time zone" in fields["at"]
    assert not CheckInReminder.objects.filter(member=member).exists()


def test_profile_nulls_are_a_422_and_never_stored_as_none(client_as, member) -> None:
    response = send(
        client_as("member"),
        "patch",
        "/api/v1/me",
        {
            "first_name": None,
            "last_name": None,
            "pronouns": None,
            "language": None,
            "pathways": None,
        },
    )
    assert {"first_name", "last_name", "pronouns", "language", "pathways"} <= set(
        fields_of(response)
    )
    member.refresh_from_db()
    assert member.first_name == "Maya" and member.language == "en"


def test_a_check_in_naming_an_id_beyond_64_bits_is_a_422_and_not_saved(client_as, member) -> None:
    response = send(
        client_as("member"),
        "post",
        "/api/v1/check-ins",
        {
            "mood": 3,
            "craving": 2,
            "triggers": [BEYOND_64_BITS],
            "use": {str(BEYOND_64_BITS): 1},
        },
    )
    fields = fields_of(response)
    assert "triggers.0" in fields and any(f.startswith("use") for f in fields)
    assert not CheckIn.objects.filter(member=member).exists()


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/tracks/{BEYOND_64_BITS}",
        f"/api/v1/meetings/{BEYOND_64_BITS}",
        f"/api/v1/assessments/results/{BEYOND_64_BITS}",
        f"/api/v1/members/{BEYOND_64_BITS}/check-ins",
        "/api/v1/tracks/0",
    ],
)
def test_path_ids_outside_the_id_range_are_one_422(client_as, cast, path) -> None:
    fields = fields_of(client_as("member").get(path))
    assert any(name.endswith("_id") for name in fields)


@pytest.fixture
def feed_source(cast, programs) -> ImportSource:
    organization = cast["org_admin"].user.memberships.first().organization
    return ImportSource.objects.create(
        slug="riverbend-feed",
        name="R",
        program=programs["na"],
        default_time_zone="America/Chicago",
        organization=organization,
    )


@pytest.fixture
def programs(db) -> dict:
    from alongside.meetings.catalog import ensure_programs
    from alongside.meetings.models import Program

    ensure_programs()
    return {p.slug: p for p in Program.objects.all()}


def test_a_feed_of_deeply_nested_brackets_is_refused_clearly(client_as, feed_source) -> None:
    for depth in (100_000, 500):  # past the JSON parser's own limit, and past any feed's shape
        response = send(
            client_as("facilitator"),
            "post",
            "/api/v1/meetings/imports",
            {
                "source": feed_source.slug,
                "feed": "[" * depth + "]" * depth,
            },
        )
        assert "nests brackets more than 32 levels deep" in fields_of(response)["feed"]
    assert not Meeting.objects.exists()
    assert set(ImportRun.objects.values_list("status", flat=True)) == {"refused"}


def test_a_feed_holding_a_lone_surrogate_is_refused_clearly(client_as, feed_source) -> None:
    escaped = '[{"name": "Hope \\ud800", "slug": "hope", "day": 1, "time": "19:00"}]'
    response = send(
        client_as("facilitator"),
        "post",
        "/api/v1/meetings/imports",
        {"source": feed_source.slug, "feed": escaped},
    )
    assert "lone surrogate" in fields_of(response)["feed"]
    # The same character sent in the JSON body itself never reaches the importer.
    response = send(
        client_as("facilitator"),
        "post",
        "/api/v1/meetings/imports",
        {"source": feed_source.slug, "feed": "[\ud800]"},
    )
    assert "lone surrogate" in fields_of(response)["feed"]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [
        (None, -1, "in the future"),
        (10, 5, "after the start"),
    ],
)
def test_grants_that_end_in_the_past_or_before_they_start_are_refused(
    cast, client_as, starts, ends, message
) -> None:
    now = timezone.now()
    payload = {
        "scopes": ["milestones"],
        "purpose": "cheer me on",
        "grantee_user_id": cast["mentor"].user.pk,
        "expires_at": (now + datetime.timedelta(days=ends)).isoformat(),
    }
    if starts is not None:
        payload["starts_at"] = (now + datetime.timedelta(days=starts)).isoformat()
    response = send(
        client_as("member", reauthenticated=True), "post", "/api/v1/privacy/grants", payload
    )
    assert message in fields_of(response)["expires_at"]
    assert not ConsentGrant.objects.exists()


def test_a_grant_with_a_time_but_no_zone_is_a_422(cast, client_as) -> None:
    response = send(
        client_as("member", reauthenticated=True),
        "post",
        "/api/v1/privacy/grants",
        {
            "scopes": ["milestones"],
            "purpose": "x",
            "grantee_user_id": cast["mentor"].user.pk,
            "expires_at": "2099-01-01T00:00:00",
        },
    )
    assert "expires_at" in fields_of(response)
    assert not ConsentGrant.objects.exists()


def test_the_share_page_puts_a_past_end_beside_its_field(cast, client_as) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client_as("member", reauthenticated=True).post(
        "/privacy/share/",
        {
            "grantee_kind": "person",
            "grantee_user": cast["mentor"].user.pk,
            "scopes": ["milestones"],
            "purpose": "cheer me on",
            "expires_on": yesterday.isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"] == [
        "Choose a date after today, or leave it empty."
    ]
    assert not ConsentGrant.objects.exists()


def test_null_on_a_non_null_text_field_is_a_422_never_the_text_none(client_as, member) -> None:
    client = client_as("member")
    assert (
        send(client, "put", "/api/v1/safety-plan", {"warning_signs": "Skipping meals"}).status_code
        == 200
    )
    response = send(
        client, "put", "/api/v1/safety-plan", {"warning_signs": None, "reason_for_living": None}
    )
    assert {"warning_signs", "reason_for_living"} <= set(fields_of(response))
    plan = SafetyPlan.objects.get(member=member)
    assert plan.warning_signs == "Skipping meals" and plan.reason_for_living == ""


def test_small_integer_fields_are_bounded_to_their_column(client_as, member) -> None:
    client = client_as("member")
    response = send(
        client,
        "post",
        "/api/v1/tracks",
        {
            "kind": "substance",
            "name": "Alcohol",
            "goal": "moderation",
            "daily_limit": 40_000,
            "weekly_limit": -1,
        },
    )
    assert {"daily_limit", "weekly_limit"} <= set(fields_of(response))
    assert not Track.objects.filter(member=member).exists()


def test_nul_characters_are_refused_in_bodies_and_query_strings(client_as, member) -> None:
    client = client_as("member")
    response = send(
        client, "post", "/api/v1/check-ins", {"mood": 3, "craving": 2, "note": "fine\x00"}
    )
    assert "NUL" in fields_of(response)["note"]
    response = send(
        client,
        "post",
        "/api/v1/worksheets",
        {"tool": "abc", "answers": {"activating_event": "a\x00b"}},
    )
    assert "NUL" in fields_of(response)["answers"]
    assert (
        "NUL"
        in fields_of(client.get("/api/v1/assessments", {"instrument": "phq9\x00"}))["instrument"]
    )
    assert not CheckIn.objects.filter(member=member).exists()


def test_nul_characters_are_a_field_error_on_pages_too(client_as, member) -> None:
    response = client_as("member").post(
        "/journey/journal/new/",
        {
            "written_on": member.local_today().isoformat(),
            "title": "",
            "body": "a day\x00",
        },
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.context["form"].errors["body"]
    assert not member.journal_entries.exists()


def test_unknown_body_fields_are_refused_by_name(client_as, member) -> None:
    response = send(
        client_as("member"), "patch", "/api/v1/me", {"pronouns": "ze/zir", "is_staff": True}
    )
    assert "is_staff" in fields_of(response)
    member.refresh_from_db()
    assert member.pronouns != "ze/zir" and not member.is_staff


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("post", "/api/v1/crisis-lines", {"GET"}),
        ("delete", "/api/v1/me", {"GET", "PATCH"}),
    ],
)
def test_a_method_a_route_does_not_take_gets_405_in_the_error_shape(
    client_as, method, url, allowed
) -> None:
    response = send(client_as("member"), method, url, {})
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "method_not_allowed" and method.upper() in error["message"]
    assert {m.strip() for m in response["Allow"].split(",")} == allowed

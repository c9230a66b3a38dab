from __future__ import annotations

import datetime
import json
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.sensitive import Credential
from alongside.journey.services import record_check_in
from alongside.privacy import policy, services
from alongside.privacy.models import DataExport, RetentionHold, Scope
from alongside.privacy.registry import REGISTRY, user_foreign_keys

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def seed(cast) -> None:
    member = cast["member"].user
    other = cast["member2"].user
    record_check_in(
        member=member, mood=4, craving=3, note="maya's private note", gratitude="sunrise walk"
    )
    record_check_in(member=other, mood=2, craving=7, note="jordan's private note")
    services.grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=["check_ins"],
        purpose="care plan",
        credential=Credential.for_setup(member),
    )
    services.grant_access(
        member=other,
        grantee_user=cast["mentor"].user,
        scopes=["milestones"],
        purpose="jordan purpose",
        credential=Credential.for_setup(other),
    )
    policy.require(cast["counselor"].user, member, Scope.CHECK_INS)


def test_every_model_pointing_at_a_user_is_handled_by_export_and_erasure() -> None:
    missing = [key for key in user_foreign_keys() if key not in REGISTRY]
    assert not missing, f"register these in a personal_data.py: {missing}"


def test_export_holds_every_record_of_the_member_and_nothing_of_anyone_else(
    cast, client_as
) -> None:
    seed(cast)
    client = client_as("member", reauthenticated=True)
    response = client.post("/privacy/export/")
    assert response.status_code == 302
    export = DataExport.objects.get(member=cast["member"].user)
    assert export.status == "pending"
    run_worker()
    export.refresh_from_db()
    assert (export.status, export.progress) == ("ready", 100)
    body = client.get(f"/privacy/export/{export.pk}/download.json")
    assert body["Content-Disposition"].startswith("attachment;")
    data = json.loads(body.content)
    assert data["format"] == "alongside-export" and data["profile"]["email"] == "maya@example.org"
    assert [c["note"] for c in data["sections"]["check_ins"]] == ["maya's private note"]
    assert data["sections"]["consent_grants"][0]["purpose"] == "care plan"
    assert any(e["who"] == "Grace C." for e in data["sections"]["access_log"])
    assert {m["role"] for m in data["sections"]["memberships"]} == {"member"}
    text = body.content.decode()
    for foreign in ["jordan", "Jordan", "JustJordan", "jordan purpose", "Reyes"]:
        assert foreign not in text
    html = client.get(f"/privacy/export/{export.pk}/download.html").content.decode()
    assert "maya&#x27;s private note" in html or "maya's private note" in html
    assert "jordan" not in html.lower()


def test_export_covers_every_registered_section(cast) -> None:
    seed(cast)
    data = services.collect_member_data(cast["member"].user)
    expected = {
        h.section
        for h in REGISTRY.values()
        if h.export and h.section and h.rows(cast["member"].user).exists()
    }
    assert expected <= set(data["sections"])


def test_export_links_expire_and_say_so(cast, client_as) -> None:
    client = client_as("member", reauthenticated=True)
    client.post("/privacy/export/")
    run_worker()
    export = DataExport.objects.get()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        client.force_login(cast["member"].user)  # the session itself lasts 12 hours
        response = client.get(f"/privacy/export/{export.pk}/download.json")
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_another_persons_export_is_not_found(cast, client_as) -> None:
    client_as("member", reauthenticated=True).post("/privacy/export/")
    run_worker()
    export = DataExport.objects.get()
    assert client_as("member2").get(f"/privacy/export/{export.pk}/download.json").status_code == 404
    assert client_as("member2").get(f"/api/v1/privacy/exports/{export.pk}").status_code == 404


def test_a_second_export_request_while_one_runs_returns_the_same_one(cast, client_as) -> None:
    client = client_as("member", reauthenticated=True)
    client.post("/privacy/export/")
    again = client.post("/privacy/export/", follow=True).content.decode()
    assert "already being prepared" in again
    assert DataExport.objects.count() == 1
    api = client.post("/api/v1/privacy/exports")
    assert api.status_code == 202 and api.json()["id"] == DataExport.objects.get().pk
    assert client.get(f"/privacy/export/{api.json()['id']}/download.json").status_code == 409


def test_the_export_page_shows_progress_to_htmx(cast, client_as) -> None:
    client = client_as("member", reauthenticated=True)
    client.post("/privacy/export/")
    fragment = client.get("/privacy/export/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="export-list"')
    assert 'hx-trigger="every 2s"' in fragment and "<progress" in fragment


def _identifier_hits(identifiers: list[str]) -> list[str]:
    """Scan every text column of every table for any of the identifiers."""
    hits = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            for field in model._meta.concrete_fields:
                if not isinstance(
                    field,
                    models.CharField | models.TextField | models.JSONField | models.EmailField,
                ):
                    continue
                column = connection.ops.quote_name(field.column)  # type: ignore[arg-type]  # a concrete field has a column
                cursor.execute(f"SELECT {column} FROM {connection.ops.quote_name(table)}")  # noqa: S608
                for (value,) in cursor.fetchall():
                    text = str(value or "")
                    hits += [
                        f"{table}.{field.column}: {i}"
                        for i in identifiers
                        if i.lower() in text.lower()
                    ]
    return hits


def test_erasure_leaves_no_personal_data_anywhere(cast, client_as) -> None:
    seed(cast)
    member = cast["member"].user
    client_as("member", reauthenticated=True).post("/privacy/export/")
    run_worker()
    identifiers = [
        "maya@example.org",
        "Okafor",
        "Maya O.",
        "maya's private note",
        "sunrise walk",
        "care plan",
    ]
    # "Okafor" is also the ally's last name (Pat Okafor): the scan must not count Pat's own row.
    cast["ally"].user.last_name = "O."
    cast["ally"].user.save(update_fields=["last_name"])
    client = client_as("member", reauthenticated=True)
    page = client.get("/privacy/delete-account/").content.decode()
    assert "daily check-ins" in page and "sharing grants you gave" in page
    response = client.post("/privacy/delete-account/", {"confirm": "delete my account"})
    assert response["Location"] == "/privacy/account-deleted/"
    assert _identifier_hits(identifiers) == []
    erased = User.objects.get(pk=member.pk)
    assert not erased.is_active and not erased.has_usable_password()
    assert client.get("/home/").status_code == 302  # signed out
    assert (
        client_as(None)
        .post("/accounts/login/", {"login": "maya@example.org", "password": "walk-alongside-2026"})
        .status_code
        == 200
    )
    # the other member is untouched
    assert cast["member2"].user.check_ins.count() == 1


def test_erasure_ends_the_members_other_sessions_in_the_shared_cache_too(
    cast, client_as, settings
) -> None:
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # as with REDIS_URL
    phone = client_as("member")
    assert phone.get("/home/").status_code == 200
    key = phone.session.session_key
    assert import_module(settings.SESSION_ENGINE).SessionStore().exists(key)
    client_as("member", reauthenticated=True).post(
        "/privacy/delete-account/", {"confirm": "delete my account"}
    )
    assert not import_module(settings.SESSION_ENGINE).SessionStore().exists(key)
    assert phone.get("/home/").status_code == 302


def test_erasure_must_be_confirmed_in_words_and_keeps_everything_otherwise(cast, client_as) -> None:
    seed(cast)
    page = (
        client_as("member", reauthenticated=True)
        .post("/privacy/delete-account/", {"confirm": "yes"})
        .content.decode()
    )
    assert "nothing has been deleted" in page
    assert User.objects.get(pk=cast["member"].user.pk).is_active


def test_erasure_cancels_a_pending_export_and_warns_first(cast, client_as) -> None:
    client = client_as("member", reauthenticated=True)
    client.post("/privacy/export/")
    export_id = DataExport.objects.get().pk
    page = client.get("/privacy/delete-account/").content.decode()
    assert "An export is still being prepared" in page
    client.post("/privacy/delete-account/", {"confirm": "delete my account"})
    assert not DataExport.objects.exists()
    run_worker()  # the queued task finds nothing to do
    assert not DataExport.objects.filter(pk=export_id).exists()


def test_erasure_asks_for_the_password_again(cast, client_as) -> None:
    response = client_as("member").post(
        "/privacy/delete-account/", {"confirm": "delete my account"}
    )
    assert "reauthenticate" in response["Location"]
    assert User.objects.get(pk=cast["member"].user.pk).is_active


def test_counseling_records_are_kept_for_their_organization_only(cast) -> None:
    member = cast["member"].user
    services.grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=["counseling"],
        purpose="therapy",
        credential=Credential.for_setup(member),
    )
    services.erase_member(member=member, credential=Credential.for_setup(member))
    member.refresh_from_db()
    hold = RetentionHold.objects.get(member=member)
    assert hold.organization.slug == "riverbend"
    assert policy.decide(cast["counselor"].user, member, Scope.COUNSELING).reason == "retention"
    assert policy.decide(cast["org_admin"].user, member, Scope.COUNSELING).reason == "retention"
    for persona in ["mentor", "peer_specialist", "outsider", "member2"]:
        assert not policy.decide(cast[persona].user, member, Scope.COUNSELING)
    assert not policy.decide(cast["counselor"].user, member, Scope.CHECK_INS)
    with time_machine.travel(hold.retain_until + datetime.timedelta(days=1)):
        assert not policy.decide(cast["counselor"].user, member, Scope.COUNSELING)

"""Every read of another person's sensitive data writes exactly one access-log row."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import URLPattern, URLResolver, get_resolver

from alongside.accounts.sensitive import Credential
from alongside.api import api
from alongside.journey.services import record_check_in
from alongside.privacy import policy, services
from alongside.privacy.models import AccessLogEntry
from alongside.testing.assertions import text_of
from alongside.testing.authz import member_routes_that_read_nothing, sensitive_reads
from alongside.testing.factories import worksheets_to_share

pytestmark = pytest.mark.django_db

# Every page and API route that reads a member's data by member id, with the scope it needs
# (each app lists its own in <app>/tests/authz.py). A route that takes a member id and is
# missing there fails the test below.
SENSITIVE_READS = sensitive_reads()
assert not set(SENSITIVE_READS) & set(member_routes_that_read_nothing())


def _member_routes() -> list[str]:
    found = []

    def walk(patterns, ns=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or ns)
            elif isinstance(p, URLPattern) and "member_id" in str(p.pattern):
                if ns != "api":
                    found.append(f"{ns}:{p.name}" if ns else p.name)

    walk(get_resolver().url_patterns)
    for path, ops in api.get_openapi_schema()["paths"].items():
        if "{member_id}" in path:
            found += [f"{m.upper()} {path}" for m in ops]
    return found


def test_every_route_that_reads_a_member_is_known_to_log() -> None:
    writes_only = member_routes_that_read_nothing()
    missing = [r for r in _member_routes() if r not in SENSITIVE_READS and r not in writes_only]
    assert not missing, f"member-data routes not covered by the access-log test: {missing}"


@pytest.mark.parametrize("route", list(SENSITIVE_READS))
def test_each_sensitive_read_writes_exactly_one_row(cast, client_as, route) -> None:
    path, scope, interface = SENSITIVE_READS[route]
    member = cast["member"].user
    record_check_in(member=member, mood=4, craving=1)
    worksheets = worksheets_to_share(member, [scope])
    grant = services.grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=[scope],
        worksheets=worksheets,
        purpose="care",
        credential=Credential.for_setup(member),
    )
    before = AccessLogEntry.objects.filter(member=member, action="read").count()
    # A route for one shared worksheet names the one the grant covers.
    url = path.format(member=member.pk, worksheet=worksheets[0] if worksheets else "")
    response = client_as("counselor").get(url)
    assert response.status_code == 200
    rows = AccessLogEntry.objects.filter(member=member, action="read")
    assert rows.count() == before + 1
    row = rows.first()
    assert (row.actor, row.scope, row.interface, row.grant) == (
        cast["counselor"].user,
        scope,
        interface,
        grant,
    )


@pytest.mark.parametrize("route", list(SENSITIVE_READS))
def test_a_refused_read_and_a_members_own_read_write_no_row(cast, client_as, route) -> None:
    path, _scope, _interface = SENSITIVE_READS[route]
    member = cast["member"].user
    worksheet = worksheets_to_share(member, ["worksheets"])[0]
    url = path.format(member=member.pk, worksheet=worksheet)
    assert client_as("counselor").get(url).status_code == 404
    assert client_as("member").get(url).status_code == 200
    assert not AccessLogEntry.objects.filter(member=member, action="read").exists()


def test_the_log_is_append_only_to_the_application(cast) -> None:
    member = cast["member"].user
    grant = services.grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=["milestones"],
        purpose="x",
        credential=Credential.for_setup(member),
    )
    entry = AccessLogEntry.objects.get(grant=grant)
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(scope="other")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()


def test_the_database_refuses_to_rewrite_the_log(cast) -> None:
    member = cast["member"].user
    services.grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=["milestones"],
        purpose="x",
        credential=Credential.for_setup(member),
    )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_accesslogentry SET scope = 'forged'")


def test_who_looked_shows_the_counselors_view_and_filters_by_scope(cast, client_as) -> None:
    member = cast["member"].user
    record_check_in(member=member, mood=4, craving=1)
    services.grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=["check_ins"],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    client_as("counselor").get(f"/journey/members/{member.pk}/check-ins/")
    page = client_as("member").get("/privacy/who-looked/").content.decode()
    assert "Grace C." in page and "Viewed" in page and "Daily check-ins" in page
    filtered = client_as("member").get("/privacy/who-looked/?scope=milestones").content.decode()
    assert "Grace C." not in filtered
    bad = (
        client_as("member")
        .get("/privacy/who-looked/?since=2026-05-02&until=2026-05-01")
        .content.decode()
    )
    assert "must not be before" in bad
    api = client_as("member").get("/api/v1/privacy/access-log?scope=check_ins").json()
    assert api[0]["who"] == "Grace C." and api[0]["interface"] == "page"


def test_nobody_else_can_read_a_members_log(cast, client_as) -> None:
    member = cast["member"].user
    services.grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=["check_ins"],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    for persona in ["counselor", "org_admin", "member2"]:
        body = client_as(persona).get("/api/v1/privacy/access-log").json()
        assert all(e["action"] != "grant" or e["who"] != "Maya O." for e in body)


def test_a_grant_of_every_scope_is_logged_whole(cast) -> None:
    from alongside.privacy.models import Scope

    member = cast["member"].user
    grant = services.grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=Scope.values,
        worksheets=worksheets_to_share(member, Scope.values),
        purpose="all",
        credential=Credential.for_setup(member),
    )
    entry = AccessLogEntry.objects.get(grant=grant, action="grant")
    assert entry.scope.split(",") == Scope.values


def test_who_looked_says_what_happened_in_plain_words_never_codes(cast, client_as) -> None:
    from alongside.journey import services as journey
    from alongside.privacy.models import Action, Interface

    member = cast["member"].user
    grant = services.grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=["check_ins", "plans", "assessments", "attendance"],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    policy.log_access(
        actor=member, member=member, scope="all", interface=Interface.EXPORT, action=Action.EXPORT
    )
    track = journey.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Alcohol",
        sobriety_on=member.local_today() - datetime.timedelta(days=30),
    )
    services.grant_access(
        member=member,
        grantee_user=cast["ally"].user,
        scopes=["milestones"],
        purpose="cheer",
        credential=Credential.for_setup(member),
    )
    celebration = journey.sync_celebrations(member=member)[0]
    assert celebration.track == track
    client_as("ally").post(f"/journey/celebrations/{celebration.pk}/", {"message": "Proud of you"})
    page = client_as("member").get("/privacy/who-looked/").content.decode()
    words = text_of(page)
    assert (
        "Daily check-ins, Plans (recovery, relapse-prevention, safety), Assessments and Meeting attendance"
        in words
    )
    assert "Exported all your data" in words
    assert "Congratulated you on a milestone you reached" in words
    for code in ["check_ins,plans", "Changed Milestones", "grant #"]:
        assert code not in words, code
    assert f'href="/privacy/grants/{grant.pk}/"' in page

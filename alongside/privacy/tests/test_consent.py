"""The consent dimension: for each scope, persona × grant state → allowed or 404."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from alongside.accounts.models import Membership, Organization, Role
from alongside.accounts.sensitive import Credential
from alongside.journey.services import record_check_in
from alongside.privacy import policy, services
from alongside.privacy.models import JOURNAL, AccessLogEntry, ConsentGrant, Scope
from alongside.testing.assertions import text_of
from alongside.testing.factories import worksheets_to_share

pytestmark = pytest.mark.django_db

GRANTEES = [
    "member2",
    "mentor",
    "peer_specialist",
    "counselor",
    "facilitator",
    "house_manager",
    "ally",
    "org_admin",
    "outsider",
]
STATES = ["none", "active", "expired", "revoked"]


def give(cast, grantee: str, scopes: list[str], state: str):
    """Put a grant from the member to `grantee` into the given state."""
    if state == "none":
        return None
    member = cast["member"].user
    now = timezone.now()
    grant = services.grant_access(
        member=member,
        grantee_user=cast[grantee].user,
        scopes=scopes,
        worksheets=worksheets_to_share(member, scopes),
        purpose="support",
        starts_at=now - datetime.timedelta(days=10),
        credential=Credential.for_setup(member),
    )
    if state == "expired":
        grant.expires_at = now - datetime.timedelta(days=1)
        grant.save(update_fields=["expires_at"])
    if state == "revoked":
        services.revoke_grant(grant=grant, by=member, credential=Credential.for_setup(member))
    return grant


@pytest.fixture
def cast(db, module_cast: dict) -> dict:
    """Hundreds of tests here read the same people: they are built once for the module."""
    return module_cast


@pytest.mark.parametrize("scope", Scope.values)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("grantee", GRANTEES)
def test_policy_allows_only_an_active_grant_for_its_scope(cast, scope, state, grantee) -> None:
    counselor = Membership.objects.filter(user=cast[grantee].user, role=Role.COUNSELOR).exists()
    if scope == Scope.COUNSELING and state != "none" and not counselor:
        # Counseling records go only to counselors (test_counseling_records_are_shared_only_…).
        with pytest.raises(services.GrantError):
            give(cast, grantee, [scope], state)
        assert not policy.decide(cast[grantee].user, cast["member"].user, scope)
        return
    give(cast, grantee, [scope], state)
    decision = policy.decide(cast[grantee].user, cast["member"].user, scope)
    assert decision.allowed is (state == "active"), decision.reason
    others = [p for p in GRANTEES if p != grantee]
    assert not any(policy.decide(cast[o].user, cast["member"].user, scope) for o in others)


@pytest.mark.parametrize("scope", Scope.values)
def test_a_grant_for_one_scope_opens_no_other(cast, scope) -> None:
    give(cast, "counselor", [scope], "active")
    for other in Scope.values:
        if other != scope:
            assert not policy.decide(cast["counselor"].user, cast["member"].user, other)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("grantee", GRANTEES)
def test_check_ins_page_and_api_answer_200_only_with_an_active_grant(
    cast, client_as, state, grantee
) -> None:
    member = cast["member"].user
    record_check_in(member=member, mood=4, craving=2, sleep_hours=7.5, note="steady day")
    give(cast, grantee, [Scope.CHECK_INS], state)
    expected = 200 if state == "active" else 404
    client = client_as(grantee)
    page = client.get(f"/journey/members/{member.pk}/check-ins/")
    api = client.get(f"/api/v1/members/{member.pk}/check-ins")
    assert page.status_code == expected
    assert api.status_code == expected
    if expected == 200:
        assert "7.5" in page.content.decode()
        assert api.json()[0]["sleep_hours"] == "7.5"
        assert (
            "steady day" not in page.content.decode() + api.content.decode()
        )  # the note is the member's
    else:
        assert api.json()["error"]["code"] == "not_found"


def test_not_yours_and_missing_look_the_same(cast, client_as) -> None:
    client = client_as("counselor")
    not_shared = client.get(f"/journey/members/{cast['member'].user.pk}/check-ins/")
    missing = client.get("/journey/members/999999/check-ins/")
    assert not_shared.status_code == missing.status_code == 404

    def without_csrf(content: bytes) -> str:
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content.decode())

    assert without_csrf(not_shared.content) == without_csrf(missing.content)


def test_role_grants_reach_that_role_in_that_organization_only(cast) -> None:
    member = cast["member"].user
    riverbend = Organization.objects.get(slug="riverbend")
    services.grant_access(
        member=member,
        grantee_organization=riverbend,
        grantee_role=Role.COUNSELOR,
        scopes=[Scope.COUNSELING],
        purpose="my treatment team",
        credential=Credential.for_setup(member),
    )
    assert policy.decide(cast["counselor"].user, member, Scope.COUNSELING).reason == "grant"
    assert not policy.decide(cast["outsider"].user, member, Scope.COUNSELING)  # counselor elsewhere
    assert not policy.decide(cast["org_admin"].user, member, Scope.COUNSELING)
    assert not policy.decide(cast["peer_specialist"].user, member, Scope.COUNSELING)


def test_the_journal_is_never_shared_and_cannot_be_granted(cast) -> None:
    with pytest.raises(services.GrantError) as error:
        services.grant_access(
            member=cast["member"].user,
            grantee_user=cast["mentor"].user,
            scopes=[JOURNAL],
            purpose="x",
            credential=Credential.for_setup(cast["member"].user),
        )
    assert error.value.field == "scopes"
    assert not policy.decide(cast["mentor"].user, cast["member"].user, JOURNAL)
    assert policy.decide(cast["member"].user, cast["member"].user, JOURNAL).reason == "self"


def test_staff_without_mfa_see_nothing_even_with_a_grant(cast) -> None:
    from allauth.mfa.models import Authenticator

    give(cast, "counselor", [Scope.CHECK_INS], "active")
    Authenticator.objects.filter(user=cast["counselor"].user).delete()
    counselor = type(cast["counselor"].user).objects.get(pk=cast["counselor"].user.pk)
    decision = policy.decide(counselor, cast["member"].user, Scope.CHECK_INS)
    assert decision.reason == "mfa_required" and not decision.allowed


def test_an_org_admin_manages_the_organization_not_members_records(cast, client_as) -> None:
    member = cast["member"].user
    record_check_in(member=member, mood=3, craving=5)
    client = client_as("org_admin")
    assert client.get("/account/organizations/riverbend/people/").status_code == 200
    assert client.get(f"/journey/members/{member.pk}/check-ins/").status_code == 404
    assert not any(policy.decide(cast["org_admin"].user, member, s) for s in Scope.values)


def test_revocation_takes_effect_on_the_very_next_request(cast, client_as) -> None:
    member = cast["member"].user
    grant = give(cast, "counselor", [Scope.CHECK_INS], "active")
    client = client_as("counselor")
    assert client.get(f"/journey/members/{member.pk}/check-ins/").status_code == 200
    services.revoke_grant(grant=grant, by=member, credential=Credential.for_setup(member))
    assert client.get(f"/journey/members/{member.pk}/check-ins/").status_code == 404


def test_a_grant_ends_on_its_expiry_without_anyone_acting(cast) -> None:
    member = cast["member"].user
    expires = timezone.now() + datetime.timedelta(days=2)
    services.grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=[Scope.MILESTONES],
        purpose="celebrate",
        expires_at=expires,
        credential=Credential.for_setup(member),
    )
    assert policy.decide(cast["mentor"].user, member, Scope.MILESTONES)
    with time_machine.travel(expires + datetime.timedelta(seconds=1)):
        assert not policy.decide(cast["mentor"].user, member, Scope.MILESTONES)


def test_grant_and_revoke_are_written_to_the_members_log(cast) -> None:
    member = cast["member"].user
    grant = give(cast, "counselor", [Scope.CHECK_INS], "active")
    services.revoke_grant(grant=grant, by=member, credential=Credential.for_setup(member))
    actions = list(AccessLogEntry.objects.filter(member=member).values_list("action", flat=True))
    assert actions == ["revoke", "grant"]


def test_revoking_twice_changes_nothing_and_says_so(cast, client_as) -> None:
    grant = give(cast, "counselor", [Scope.CHECK_INS], "active")
    client = client_as("member", reauthenticated=True)
    first = client.post(f"/privacy/grants/{grant.pk}/revoke/", follow=True).content.decode()
    assert "can no longer see this" in first
    grant.refresh_from_db()
    revoked_at = grant.revoked_at
    again = client.post(f"/privacy/grants/{grant.pk}/revoke/", follow=True).content.decode()
    assert "already revoked" in again
    grant.refresh_from_db()
    assert grant.revoked_at == revoked_at
    api = client.post(f"/api/v1/privacy/grants/{grant.pk}/revoke")
    assert api.status_code == 409 and api.json()["error"]["code"] == "already_revoked"


def test_grant_changes_ask_for_the_password_again(cast, client_as) -> None:
    grant = give(cast, "counselor", [Scope.CHECK_INS], "active")
    response = client_as("member").post(f"/privacy/grants/{grant.pk}/revoke/")
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_only_the_member_can_revoke_their_grant(cast, client_as) -> None:
    grant = give(cast, "counselor", [Scope.CHECK_INS], "active")
    response = client_as("counselor", reauthenticated=True).post(
        f"/privacy/grants/{grant.pk}/revoke/"
    )
    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_the_grant_form_explains_mistakes_beside_each_field(cast, client_as) -> None:
    client = client_as("member", reauthenticated=True)
    page = client.post(
        "/privacy/share/",
        {"grantee_kind": "person", "grantee_user": "", "purpose": "", "expires_on": "2001-01-01"},
    ).content.decode()
    assert "Choose the person you want to share with." in page
    assert "Choose at least one kind of information to share." in page
    assert "Choose a date after today" in page


def test_a_member_shares_check_ins_with_their_counselor_through_the_page(cast, client_as) -> None:
    client = client_as("member", reauthenticated=True)
    counselor = cast["counselor"].user
    response = client.post(
        "/privacy/share/",
        {
            "grantee_kind": "person",
            "grantee_user": counselor.pk,
            "scopes": ["check_ins"],
            "purpose": "between sessions",
        },
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "What they will see" in detail and "What they will not see" in detail
    assert policy.decide(counselor, cast["member"].user, Scope.CHECK_INS).reason == "grant"


def test_the_api_creates_a_grant_and_rejects_unknown_people(cast, client_as) -> None:
    client = client_as("member", reauthenticated=True)
    ok = client.post(
        "/api/v1/privacy/grants",
        {
            "scopes": ["milestones"],
            "purpose": "cheer me on",
            "grantee_user_id": cast["mentor"].user.pk,
        },
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["status"] == "active"
    bad = client.post(
        "/api/v1/privacy/grants",
        {"scopes": ["milestones"], "purpose": "x", "grantee_user_id": cast["outsider"].user.pk},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["fields"][0]["field"] == "grantee_user_id"
    journal = client.post(
        "/api/v1/privacy/grants",
        {"scopes": ["journal"], "purpose": "x", "grantee_user_id": cast["mentor"].user.pk},
        content_type="application/json",
    )
    assert journal.status_code == 422


def test_supporters_see_who_shares_with_them(cast, client_as) -> None:
    give(cast, "mentor", [Scope.MILESTONES, Scope.CHECK_INS], "active")
    page = client_as("mentor").get("/privacy/shared-with-me/").content.decode()
    assert "Maya O." in page
    body = client_as("mentor").get("/api/v1/privacy/shared-with-me").json()
    assert body == [
        {
            "member_id": cast["member"].user.pk,
            "display_name": "Maya O.",
            "scopes": ["milestones", "check_ins"],
        }
    ]
    assert client_as("counselor").get("/api/v1/privacy/shared-with-me").json() == []


def test_nobody_shares_with_every_member_of_an_organization_by_page_or_api(cast, client_as) -> None:
    client = client_as("member", reauthenticated=True)
    riverbend = Organization.objects.get(
        memberships__user=cast["member"].user, memberships__role=Role.MEMBER
    )
    api = client.post(
        "/api/v1/privacy/grants",
        {
            "scopes": ["milestones"],
            "purpose": "x",
            "grantee_organization_slug": riverbend.slug,
            "grantee_role": "member",
        },
        content_type="application/json",
    )
    assert api.status_code == 422
    assert api.json()["error"]["fields"][0]["field"] == "grantee"
    with pytest.raises(services.GrantError):
        services.grant_access(
            member=cast["member"].user,
            scopes=["milestones"],
            purpose="x",
            grantee_organization=riverbend,
            grantee_role=Role.MEMBER,
            credential=Credential.for_setup(cast["member"].user),
        )
    assert not services.ConsentGrant.objects.filter(
        member=cast["member"].user, grantee_role=Role.MEMBER
    ).exists()


def test_the_consent_form_offers_only_scopes_a_feature_shares(cast, client_as, monkeypatch) -> None:
    from alongside.privacy.scopes import PRODUCERS

    client = client_as("member", reauthenticated=True)
    page = client.get("/privacy/share/").content.decode()
    offered = re.findall(r'name="scopes" value="([^"]+)"', page)
    assert offered == [
        "milestones",
        "check_ins",
        "check_in_summary",
        "medication",
        "plans",
        "worksheets",
        "assessments",
        "attendance",
        "housing",
        "counseling",
        "care_messages",
    ]
    # Every scope has a feature that shares through it now; one that had none would be refused.
    monkeypatch.delitem(PRODUCERS, Scope.COUNSELING)
    assert 'value="counseling"' not in client.get("/privacy/share/").content.decode()
    refused = client.post(
        "/privacy/share/",
        {
            "grantee_kind": "person",
            "grantee_user": cast["counselor"].user.pk,
            "scopes": ["counseling"],
            "purpose": "my therapy",
        },
    )
    assert "Select a valid choice. counseling is not one of the available choices." in text_of(
        refused.content.decode()
    )
    api = client.post(
        "/api/v1/privacy/grants",
        {"scopes": ["counseling"], "purpose": "x", "grantee_user_id": cast["mentor"].user.pk},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert "Nothing is shared through Counseling records yet" in api.content.decode()
    assert not ConsentGrant.objects.filter(member=cast["member"].user).exists()


def test_turning_a_scope_on_is_one_call_in_the_producing_app(cast, client_as, monkeypatch) -> None:
    from alongside.privacy.scopes import PRODUCERS, produces

    producer = PRODUCERS[Scope.COUNSELING]
    monkeypatch.delitem(PRODUCERS, Scope.COUNSELING)
    client = client_as("member", reauthenticated=True)
    assert 'name="scopes" value="counseling"' not in client.get("/privacy/share/").content.decode()
    produces(Scope.COUNSELING, page=producer.page)
    assert 'name="scopes" value="counseling"' in client.get("/privacy/share/").content.decode()


def test_shared_with_me_links_every_scope_that_has_a_page(cast, client_as) -> None:
    give(cast, "mentor", [Scope.ATTENDANCE, Scope.CHECK_INS], "active")
    give(cast, "counselor", [Scope.COUNSELING], "active")
    member = cast["member"].user.pk
    counselor = client_as("counselor").get("/privacy/shared-with-me/").content.decode()
    assert f'<a href="/counseling/clients/{member}/">Counseling records</a>' in counselor
    client = client_as("mentor")
    page = client.get("/privacy/shared-with-me/").content.decode()
    attendance = f'<a href="/meetings/members/{member}/attendance/">Meeting attendance</a>'
    assert attendance in page
    assert f'<a href="/journey/members/{member}/check-ins/">Daily check-ins</a>' in page
    assert client.get(f"/meetings/members/{member}/attendance/").status_code == 200


def test_counseling_records_are_shared_only_with_a_counselor(cast, client_as) -> None:
    """Counseling records are read on a counselor's client page: a grant of them to a mentor
    would show the member a promise with nothing behind it, so the page and the API refuse it."""
    with pytest.raises(services.GrantError, match="only with a counselor"):
        give(cast, "mentor", [Scope.CHECK_INS, Scope.COUNSELING], "active")
    client = client_as("member", reauthenticated=True)
    page = client.post(
        "/privacy/share/",
        {
            "grantee_kind": "person",
            "grantee_user": cast["mentor"].user.pk,
            "scopes": ["check_ins", "counseling"],
            "purpose": "my sponsor",
        },
    )
    assert "Counseling records can be shared only with a counselor." in text_of(
        page.content.decode()
    )
    api = client.post(
        "/api/v1/privacy/grants",
        {
            "scopes": ["counseling"],
            "purpose": "x",
            "grantee_user_id": cast["mentor"].user.pk,
        },
        content_type="application/json",
    )
    assert api.status_code == 422
    assert "only with a counselor" in api.content.decode()
    assert not ConsentGrant.objects.filter(member=cast["member"].user).exists()
    give(cast, "counselor", [Scope.COUNSELING], "active")
    assert ConsentGrant.objects.filter(member=cast["member"].user).count() == 1

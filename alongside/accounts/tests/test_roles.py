"""Organization roles: offered as invitations the person accepts, never taken by office.

Each attack goes through the pages an admin and an invitee use, and checks both the refusal and
that nothing changed: no role, no invitation, no audit row, no member data readable.
"""

from __future__ import annotations

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.core.management import call_command
from django.test import Client

from alongside.accounts.models import (
    AuditAction,
    InvitationStatus,
    Membership,
    Organization,
    OrganizationAuditEntry,
    Role,
    RoleInvitation,
    User,
)
from alongside.accounts.sensitive import Credential
from alongside.journey.services import record_check_in
from alongside.notifications.models import InAppNotification
from alongside.privacy.models import Scope
from alongside.privacy.services import grant_access
from alongside.testing.factories import worksheets_to_share
from alongside.testing.personas import mark_reauthenticated

pytestmark = pytest.mark.django_db

PEOPLE = "/account/organizations/riverbend/people/"
AUDIT = "/account/organizations/riverbend/audit/"
INVITATIONS = "/account/invitations/"


def confirmed(client: Client, user: User) -> Client:
    """The person has just confirmed their password and, as staff must, a code from their app."""
    mark_reauthenticated(client, user, totp=True)
    return client


@pytest.fixture
def admin(client_as, cast) -> Client:
    return confirmed(client_as("org_admin"), cast["org_admin"].user)


@pytest.fixture
def riverbend(cast) -> Organization:
    return Organization.objects.get(slug="riverbend")


def shares_with_every_counselor(member: User, riverbend: Organization, scopes: list[str]) -> None:
    grant_access(
        member=member,
        grantee_organization=riverbend,
        grantee_role=Role.COUNSELOR,
        scopes=scopes,
        worksheets=worksheets_to_share(member, scopes),
        purpose="care team",
        credential=Credential.for_setup(member),
    )


def give_mfa(user: User) -> None:
    TOTP.activate(user, generate_totp_secret())


def without_csrf(content: bytes) -> bytes:
    return re.sub(
        rb'name="csrfmiddlewaretoken" value="[^"]+"', b'name="csrfmiddlewaretoken"', content
    )


def nothing_changed(riverbend: Organization, roles_before: int) -> None:
    assert Membership.objects.filter(organization=riverbend).count() == roles_before
    assert not RoleInvitation.objects.exists()
    assert not OrganizationAuditEntry.objects.exists()


def test_an_admin_cannot_give_themselves_a_counselor_role(
    admin, cast, riverbend, client_as
) -> None:
    member = cast["member"].user
    shares_with_every_counselor(member, riverbend, [Scope.CHECK_INS])
    record_check_in(member=member, mood=3, craving=2)
    before = Membership.objects.filter(organization=riverbend).count()

    response = admin.post(PEOPLE, {"email": "admin@riverbend.example.org", "role": "counselor"})

    assert response.status_code == 200
    assert "You cannot offer a role to yourself" in response.content.decode()
    nothing_changed(riverbend, before)
    assert not Membership.objects.filter(user=cast["org_admin"].user, role=Role.COUNSELOR).exists()
    assert admin.get(f"/journey/members/{member.pk}/check-ins/").status_code == 404


def test_an_admin_cannot_give_a_reading_role_to_someone_outside_the_organization(
    admin, cast, riverbend, client_as
) -> None:
    member = cast["member"].user
    shares_with_every_counselor(member, riverbend, [Scope.CHECK_INS])
    before = Membership.objects.filter(organization=riverbend).count()

    for email in ("casey@elsewhere.example.org", "nobody@example.org"):
        for role in (
            "counselor",
            "peer_specialist",
            "house_manager",
            "mentor",
            "ally",
            "org_admin",
        ):
            response = admin.post(PEOPLE, {"email": email, "role": role})
            assert response.status_code == 200
            assert (
                "can be offered only to someone already in Riverbend" in response.content.decode()
            )

    nothing_changed(riverbend, before)
    assert not User.objects.filter(email="nobody@example.org").exists()
    assert client_as("outsider").get(f"/journey/members/{member.pk}/check-ins/").status_code == 404
    assert client_as("outsider").get(INVITATIONS).content.decode().count("invitation-accept") == 0


def test_the_people_form_answers_the_same_whether_or_not_an_address_has_an_account(
    admin, cast, riverbend
) -> None:
    email = "riley@example.org"

    def offer(role: str) -> tuple[bytes, bytes]:
        response = admin.post(PEOPLE, {"email": email, "role": role})
        shown = admin.get(PEOPLE) if response.status_code == 302 else response
        return (
            f"{response.status_code} {response.get('Location', '')}".encode()
            + without_csrf(response.content),
            without_csrf(shown.content),
        )

    refused_unknown = offer("counselor")
    invited_unknown = offer("member")
    assert not User.objects.filter(email=email).exists()  # no account was made for the address
    RoleInvitation.objects.filter(email=email).update(status=InvitationStatus.WITHDRAWN)

    riley = User.objects.create_user(email=email, password="a-long-password-1", first_name="Riley")
    EmailAddress.objects.create(user=riley, email=email, verified=True, primary=True)
    refused_known = offer("counselor")
    invited_known = offer("member")

    assert refused_known == refused_unknown
    assert invited_known == invited_unknown
    assert b"can be offered only to someone already in Riverbend" in refused_known[1]
    assert b"The role of Member is offered to riley@example.org" in invited_known[1]
    # The audit log names the address as typed, never the account behind it.
    audit = admin.get(AUDIT).content.decode()
    assert "Riley" not in audit and audit.count("riley@example.org") == 2


def test_a_pending_counselor_invitation_lets_the_invitee_read_nothing(
    admin, cast, riverbend, client_as
) -> None:
    member = cast["member"].user
    record_check_in(member=member, mood=3, craving=2)
    shares_with_every_counselor(member, riverbend, list(Scope.values))

    response = admin.post(PEOPLE, {"email": "theo@example.org", "role": "counselor"})

    assert response.status_code == 302
    invitation = RoleInvitation.objects.get(email="theo@example.org")
    assert invitation.status == InvitationStatus.PENDING
    assert not Membership.objects.filter(
        user=cast["facilitator"].user, role=Role.COUNSELOR
    ).exists()
    theo = client_as("facilitator")
    assert f"/account/invitations/{invitation.pk}/accept/" in theo.get(INVITATIONS).content.decode()
    for path in (
        f"/journey/members/{member.pk}/check-ins/",
        f"/api/v1/members/{member.pk}/check-ins",
        f"/journey/members/{member.pk}/plans/",
    ):
        assert theo.get(path).status_code == 404
    assert "Maya" not in theo.get("/privacy/shared-with-me/").content.decode()
    assert (
        theo.get("/api/v1/privacy/shared-with-me").json()
        == client_as("outsider").get("/api/v1/privacy/shared-with-me").json()
    )


def test_accepting_a_role_reads_under_existing_grants_and_tells_each_member_whose_grant_reaches_them(
    admin, cast, riverbend, client_as
) -> None:
    maya, jordan, theo = cast["member"].user, cast["member2"].user, cast["facilitator"].user
    record_check_in(member=maya, mood=3, craving=2)
    shares_with_every_counselor(maya, riverbend, [Scope.CHECK_INS])
    shares_with_every_counselor(jordan, riverbend, [Scope.MILESTONES])
    # Pat shares with every mentor, not every counselor: Theo's new role does not reach Pat's grant.
    grant_access(
        member=cast["ally"].user,
        grantee_organization=riverbend,
        grantee_role=Role.MENTOR,
        scopes=[Scope.PLANS],
        purpose="sponsor",
        credential=Credential.for_setup(cast["ally"].user),
    )
    give_mfa(theo)
    admin.post(PEOPLE, {"email": "theo@example.org", "role": "counselor"})
    invitation = RoleInvitation.objects.get(email="theo@example.org")
    client = client_as("facilitator", reauthenticated=True)

    response = client.post(f"/account/invitations/{invitation.pk}/accept/")

    assert response.status_code == 302
    assert Membership.objects.get(user=theo, organization=riverbend, role=Role.COUNSELOR).is_active
    assert client.get(f"/journey/members/{maya.pk}/check-ins/").status_code == 200
    told = InAppNotification.objects.filter(kind="new_reader")
    assert sorted(n.user.email for n in told) == ["jordan@example.org", "maya@example.org"]
    assert all("Theo B." in n.body and "Theo" not in n.title for n in told)
    sharing = client_as("member").get("/privacy/").content.decode()
    assert "Theo B." in sharing and "Grace C." in sharing  # every counselor at Riverbend, by name
    assert "Theo B." not in client_as("ally").get("/privacy/").content.decode()
    accepted = OrganizationAuditEntry.objects.get(action=AuditAction.ACCEPTED)
    assert (accepted.actor, accepted.subject, accepted.role) == (theo, theo, Role.COUNSELOR)


def test_accepting_without_recent_authentication_asks_to_reauthenticate_and_changes_nothing(
    admin, cast, riverbend, client_as
) -> None:
    admin.post(PEOPLE, {"email": "theo@example.org", "role": "counselor"})
    invitation = RoleInvitation.objects.get(email="theo@example.org")

    response = client_as("facilitator").post(f"/account/invitations/{invitation.pk}/accept/")

    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert not Membership.objects.filter(
        user=cast["facilitator"].user, role=Role.COUNSELOR
    ).exists()
    assert not OrganizationAuditEntry.objects.filter(action=AuditAction.ACCEPTED).exists()


def test_offering_a_role_without_recent_authentication_asks_to_reauthenticate_and_changes_nothing(
    cast, riverbend, client_as
) -> None:
    before = Membership.objects.filter(organization=riverbend).count()
    stale = client_as("org_admin")
    response = stale.post(PEOPLE, {"email": "theo@example.org", "role": "counselor"})
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]

    # A password alone is not enough for staff: the code from their app is asked for too.
    password_only = client_as("org_admin")
    mark_reauthenticated(password_only, cast["org_admin"].user, totp=False)
    response = password_only.post(PEOPLE, {"email": "theo@example.org", "role": "counselor"})
    assert response.status_code == 302 and "/accounts/2fa/reauthenticate/" in response["Location"]
    nothing_changed(riverbend, before)
    assert not mail.outbox


def test_ending_a_role_needs_recent_authentication_is_audited_and_stops_the_reading(
    admin, cast, riverbend, client_as
) -> None:
    maya, grace = cast["member"].user, cast["counselor"].user
    shares_with_every_counselor(maya, riverbend, [Scope.CHECK_INS])
    role = Membership.objects.get(user=grace, organization=riverbend, role=Role.COUNSELOR)
    path = f"/account/organizations/riverbend/people/{role.pk}/end/"
    assert client_as("counselor").get(f"/journey/members/{maya.pk}/check-ins/").status_code == 200

    response = client_as("org_admin").post(path)
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    role.refresh_from_db()
    assert role.is_active and not OrganizationAuditEntry.objects.exists()

    assert admin.post(path).status_code == 302
    role.refresh_from_db()
    assert not role.is_active
    ended = OrganizationAuditEntry.objects.get()
    assert (ended.action, ended.subject, ended.actor) == (
        AuditAction.ENDED,
        grace,
        cast["org_admin"].user,
    )
    assert client_as("counselor").get(f"/journey/members/{maya.pk}/check-ins/").status_code == 404
    assert "Grace C." not in client_as("member").get("/privacy/").content.decode()


def test_the_last_admin_cannot_end_their_own_admin_role(admin, cast, riverbend) -> None:
    role = Membership.objects.get(
        user=cast["org_admin"].user, organization=riverbend, role=Role.ORG_ADMIN
    )
    page = admin.post(
        f"/account/organizations/riverbend/people/{role.pk}/end/", follow=True
    ).content.decode()
    assert "needs at least one admin" in page
    role.refresh_from_db()
    assert role.is_active and not OrganizationAuditEntry.objects.exists()


def test_the_audit_log_lists_each_change_and_only_the_organizations_admins_can_read_it(
    admin, cast, riverbend, client_as
) -> None:
    admin.post(PEOPLE, {"email": "theo@example.org", "role": "counselor"})
    admin.post(PEOPLE, {"email": "jordan@example.org", "role": "ally"})
    admin.post(
        "/account/organizations/riverbend/invitations/withdraw/",
        {"email": "theo@example.org", "role": "counselor"},
    )
    jordan_invitation = RoleInvitation.objects.get(email="jordan@example.org")
    client_as("member2").post(f"/account/invitations/{jordan_invitation.pk}/decline/")

    rows = list(OrganizationAuditEntry.objects.order_by("id").values_list("action", "role"))
    assert rows == [
        (AuditAction.INVITED, Role.COUNSELOR),
        (AuditAction.INVITED, Role.ALLY),
        (AuditAction.WITHDRAWN, Role.COUNSELOR),
        (AuditAction.DECLINED, Role.ALLY),
    ]
    page = admin.get(AUDIT).content.decode()
    for words in (
        "Offered a role",
        "Withdrew an invitation",
        "Declined a role",
        "theo@example.org",
        "Dana P.",
        "JustJordan",
    ):
        assert words in page
    for persona in ("member", "member2", "counselor", "facilitator", "outsider"):
        assert client_as(persona).get(AUDIT).status_code == 404
    assert not Membership.objects.filter(user=cast["member2"].user, role=Role.ALLY).exists()


def test_a_withdrawn_or_declined_invitation_cannot_be_accepted(admin, cast, client_as) -> None:
    admin.post(PEOPLE, {"email": "theo@example.org", "role": "counselor"})
    invitation = RoleInvitation.objects.get()
    admin.post(
        "/account/organizations/riverbend/invitations/withdraw/",
        {"email": "theo@example.org", "role": "counselor"},
    )
    theo = client_as("facilitator", reauthenticated=True)
    assert theo.post(f"/account/invitations/{invitation.pk}/accept/").status_code == 404
    assert not Membership.objects.filter(
        user=cast["facilitator"].user, role=Role.COUNSELOR
    ).exists()
    assert (
        client_as("member2", reauthenticated=True)
        .post(f"/account/invitations/{invitation.pk}/accept/")
        .status_code
        == 404
    )


def test_someone_from_outside_joins_as_a_member_first_and_only_then_can_be_offered_more(
    admin, cast, riverbend, client_as
) -> None:
    casey = cast["outsider"].user
    admin.post(PEOPLE, {"email": casey.email, "role": "member"})
    invitation = RoleInvitation.objects.get()
    assert InAppNotification.objects.filter(user=casey, kind="role_invitation").exists()
    outsider = confirmed(client_as("outsider"), casey)
    assert outsider.post(f"/account/invitations/{invitation.pk}/accept/").status_code == 302
    assert Membership.objects.get(user=casey, organization=riverbend, role=Role.MEMBER).is_active

    assert admin.post(PEOPLE, {"email": casey.email, "role": "counselor"}).status_code == 302
    assert RoleInvitation.objects.filter(
        email=casey.email, role=Role.COUNSELOR, status=InvitationStatus.PENDING
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_an_address_without_an_account_gets_an_email_and_the_invitation_waits_for_its_sign_up(
    admin, cast, riverbend, client_as
) -> None:
    admin.post(PEOPLE, {"email": "new.friend@example.org", "role": "member"})
    admin.post(PEOPLE, {"email": "theo@example.org", "role": "counselor"})
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    sent = {m.to[0]: m.body for m in mail.outbox}
    assert "create an Alongside account with this email address" in sent["new.friend@example.org"]
    assert "sign in to Alongside" in sent["theo@example.org"]
    assert not User.objects.filter(email="new.friend@example.org").exists()

    friend = User.objects.create_user(email="new.friend@example.org", password="a-long-password-1")
    EmailAddress.objects.create(user=friend, email=friend.email, verified=True, primary=True)
    client = Client()
    client.force_login(friend, backend="django.contrib.auth.backends.ModelBackend")
    mark_reauthenticated(client, friend)
    invitation = RoleInvitation.objects.get(email=friend.email)
    assert (
        f"/account/invitations/{invitation.pk}/accept/" in client.get(INVITATIONS).content.decode()
    )
    assert client.post(f"/account/invitations/{invitation.pk}/accept/").status_code == 302
    assert Membership.objects.filter(
        user=friend, organization=riverbend, role=Role.MEMBER, is_active=True
    ).exists()


def test_who_can_see_my_data_names_the_people_of_every_role_grant_in_one_query(
    cast, riverbend, client_as
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    maya = cast["member"].user
    client = client_as("member")
    shares_with_every_counselor(maya, riverbend, [Scope.CHECK_INS])
    client.get("/privacy/")  # warm: the navigation's unread-message count is cached per person
    with CaptureQueriesContext(connection) as one:
        page = client.get("/privacy/").content.decode()
    assert "Grace C." in page
    for role in (Role.MENTOR, Role.HOUSE_MANAGER, Role.FACILITATOR):
        grant_access(
            member=maya,
            grantee_organization=riverbend,
            grantee_role=role,
            scopes=[Scope.MILESTONES],
            purpose="support",
            credential=Credential.for_setup(maya),
        )
    with CaptureQueriesContext(connection) as four:
        page = client.get("/privacy/").content.decode()
    assert all(name in page for name in ("Grace C.", "Sam W.", "Rosa D.", "Theo B."))
    assert len(four.captured_queries) == len(one.captured_queries)


def test_the_audit_log_cannot_be_rewritten(admin, cast) -> None:
    from django.db import DatabaseError, connection, transaction

    admin.post(PEOPLE, {"email": "theo@example.org", "role": "counselor"})
    entry = OrganizationAuditEntry.objects.get()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        OrganizationAuditEntry.objects.filter(pk=entry.pk).update(role=Role.MEMBER)
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_organizationauditentry SET role = 'member'")
    entry.refresh_from_db()
    assert entry.role == Role.COUNSELOR


def test_role_changes_are_rate_limited(admin, settings) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "role_change": "2/m/user"}
    assert admin.post(PEOPLE, {"email": "theo@example.org", "role": "counselor"}).status_code == 302
    assert admin.post(PEOPLE, {"email": "sam@example.org", "role": "counselor"}).status_code == 302
    assert admin.post(PEOPLE, {"email": "rosa@example.org", "role": "counselor"}).status_code == 429
    assert sorted(RoleInvitation.objects.values_list("email", flat=True)) == [
        "sam@example.org",
        "theo@example.org",
    ]


def test_confirming_the_password_and_code_replays_the_interrupted_offer(cast, client_as) -> None:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from alongside.accounts.cast import DEMO_PASSWORD

    client = client_as("org_admin")
    prompt = client.post(PEOPLE, {"email": "theo@example.org", "role": "counselor"})
    assert prompt["Location"].startswith("/accounts/reauthenticate/")
    after_password = client.post(prompt["Location"], {"password": DEMO_PASSWORD})
    assert after_password["Location"].startswith("/accounts/2fa/reauthenticate/")
    assert not RoleInvitation.objects.exists()
    code = format_hotp_value(hotp_value(cast["org_admin"].totp_secret, int(time.time()) // 30))
    client.post(after_password["Location"], {"code": code})
    invitation = RoleInvitation.objects.get()
    assert (invitation.email, invitation.role, invitation.status) == (
        "theo@example.org",
        Role.COUNSELOR,
        InvitationStatus.PENDING,
    )

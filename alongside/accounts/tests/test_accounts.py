from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command

from alongside.accounts.models import User
from alongside.accounts.roles import navigation_for, roles_of
from alongside.accounts.sensitive import Credential

pytestmark = pytest.mark.django_db


def test_peers_see_first_name_and_last_initial_never_the_last_name(member) -> None:
    assert member.display_name == "Maya O."
    assert "Okafor" not in member.display_name


def test_a_handle_replaces_the_name_for_peers(member2) -> None:
    assert member2.display_name == "JustJordan"


def test_profile_keeps_what_was_typed_and_names_the_bad_field(client_as, member) -> None:
    client = client_as("member")
    response = client.post(
        "/account/profile/",
        {
            "first_name": "Maya",
            "last_name": "",
            "handle": "",
            "pronouns": "she/her",
            "time_zone": "Mars/Olympus",
            "language": "en",
            "country": "US",
            "pathways": ["na", "aa"],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_time_zone_error"' in page or "Mars/Olympus" in page
    assert "Select a valid choice" in page
    assert 'value="aa" id="id_pathways_1" checked' in page
    member.refresh_from_db()
    assert member.time_zone == "America/Chicago"  # nothing saved from the bad post


def test_profile_saves_pathways_time_zone_and_language(client_as, member) -> None:
    response = client_as("member").post(
        "/account/profile/",
        {
            "first_name": "Maya",
            "last_name": "Okafor",
            "handle": "",
            "pronouns": "she/her",
            "time_zone": "America/Los_Angeles",
            "language": "es",
            "country": "US",
            "pathways": ["smart", "refuge"],
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.pathways == ["smart", "refuge"]
    assert member.time_zone == "America/Los_Angeles"
    assert member.language == "es"


def test_the_page_speaks_the_members_language(client_as, member) -> None:
    member.language = "es"
    member.save(update_fields=["language"])
    page = client_as("member").get("/home/").content.decode()
    assert 'lang="es"' in page
    assert "Necesitas ayuda" in page


def test_a_taken_handle_is_refused_next_to_the_field(client_as, member2) -> None:
    response = client_as("member").post(
        "/account/profile/",
        {
            "first_name": "Maya",
            "handle": "justjordan",
            "time_zone": "America/Chicago",
            "language": "en",
            "country": "US",
        },
    )
    assert "Someone already uses that handle" in response.content.decode()


def test_staff_without_mfa_are_sent_to_turn_it_on_before_member_data(client_as, org_admin) -> None:
    from allauth.mfa.models import Authenticator

    client = client_as("org_admin")
    assert client.get("/account/organizations/riverbend/people/").status_code == 200
    Authenticator.objects.filter(user=org_admin).delete()
    response = client.get("/account/organizations/riverbend/people/")
    assert response.status_code == 302
    assert response["Location"] == "/account/security/mfa-required/"
    assert roles_of(User.objects.get(pk=org_admin.pk)).mfa_blocks_member_data


def test_organization_people_show_display_names_not_emails(client_as) -> None:
    page = client_as("org_admin").get("/account/organizations/riverbend/people/").content.decode()
    assert "Maya O." in page
    assert "maya@example.org" not in page
    assert "Okafor" not in page


def test_navigation_fits_each_role(member, org_admin) -> None:
    member_nav = [i.url_name for i in navigation_for(member)]
    admin_nav = [i.url_name for i in navigation_for(org_admin)]
    assert "accounts:organizations" not in member_nav
    assert "accounts:organizations" in admin_nav


def test_home_page_speaks_to_each_role(client_as) -> None:
    assert "People you mentor" in client_as("mentor").get("/home/").content.decode()
    assert "Your caseload" in client_as("peer_specialist").get("/home/").content.decode()
    assert "Your clients" in client_as("counselor").get("/home/").content.decode()
    assert "Your houses" in client_as("house_manager").get("/home/").content.decode()
    assert "Your groups" in client_as("facilitator").get("/home/").content.decode()
    assert "People you support" in client_as("ally").get("/home/").content.decode()
    assert "Your organization" in client_as("org_admin").get("/home/").content.decode()
    assert "Your recovery" in client_as("member").get("/home/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_sign_up_verifies_email_then_welcomes_through_the_worker(client) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "first_name": "Ari",
            "email": "ari@example.org",
            "password1": "a-long-new-password",
            "password2": "a-long-new-password",
            "time_zone": "America/Chicago",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="ari@example.org")
    assert user.first_name == "Ari" and user.time_zone == "America/Chicago"
    assert not EmailAddress.objects.get(user=user).verified
    link = next(
        line for line in mail.outbox[-1].body.splitlines() if "/accounts/confirm-email/" in line
    )
    path = link[link.index("/accounts/confirm-email/") :].strip()
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    mail.outbox.clear()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [m.subject for m in mail.outbox] == ["[Alongside] Welcome to Alongside"]
    assert mail.outbox[0].to == ["ari@example.org"]


def test_sign_up_errors_sit_next_to_their_fields_and_keep_input(client) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "first_name": "Ari",
            "email": "not-an-email",
            "password1": "short",
            "password2": "other",
            "time_zone": "America/Chicago",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_email_error"' in page
    assert 'value="Ari"' in page
    assert not User.objects.filter(first_name="Ari").exists()


def test_repeated_failed_logins_are_rate_limited(client, member) -> None:
    for _ in range(5):
        client.post("/accounts/login/", {"login": "maya@example.org", "password": "wrong-password"})
    response = client.post(
        "/accounts/login/", {"login": "maya@example.org", "password": "walk-alongside-2026"}
    )
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()


def test_api_tokens_are_shown_once_stored_hashed_and_revocable(client_as, member) -> None:
    client = client_as("member", reauthenticated=True)
    page = client.post(
        "/account/tokens/", {"name": "my phone", "scope": "read", "days": "90"}
    ).content.decode()
    key = page.split('id="new-token">')[1].split("<")[0]
    token = member.api_tokens.get()
    assert key.startswith("alt_") and key not in token.key_hash
    api = client_as(None)
    assert (
        api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").json()["display_name"]
        == "Maya O."
    )
    client.post(f"/account/tokens/{token.pk}/revoke/")
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    again = client.post(f"/account/tokens/{token.pk}/revoke/", follow=True).content.decode()
    assert "already revoked" in again


def test_a_supporters_home_lists_the_people_who_share_with_them(client_as, cast) -> None:
    from alongside.privacy.services import grant_access

    assert "Nobody is sharing with you yet." in client_as("mentor").get("/home/").content.decode()
    grant_access(
        member=cast["member"].user,
        grantee_user=cast["mentor"].user,
        scopes=["milestones"],
        purpose="cheer",
        credential=Credential.for_setup(cast["member"].user),
    )
    page = client_as("mentor").get("/home/").content.decode()
    assert "Maya O." in page and "Nobody is sharing" not in page
    assert "Maya O." not in client_as("counselor").get("/home/").content.decode()


def test_the_time_zone_list_is_grouped_by_region_with_the_likely_zones_first(
    client_as, member
) -> None:
    client = client_as("member")
    client.cookies["tz"] = "Europe/Lisbon"
    page = client.get("/account/profile/").content.decode()
    select = page[
        page.index('<select name="time_zone"') : page.index(
            "</select>", page.index('<select name="time_zone"')
        )
    ]
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups[:3] == ["Likely for you", "America", "Europe"]
    likely = select[: select.index('<optgroup label="America">')]
    # Her own zone, chosen, then the one her browser reports.
    assert re.findall(r'<option value="([^"]+)"', likely) == ["America/Chicago", "Europe/Lisbon"]
    assert '<option value="America/Chicago" selected>America/Chicago</option>' in likely
    assert (
        '<option value="America/Argentina/Buenos_Aires">Argentina / Buenos Aires</option>' in select
    )
    assert "US/Eastern" not in select  # old aliases are not listed twice


def test_sign_up_offers_the_browsers_time_zone_first_and_chosen(client) -> None:
    client.cookies["tz"] = "Asia/Tokyo"
    page = client.get("/accounts/signup/").content.decode()
    select = page[page.index('<select name="time_zone"') :]
    assert (
        select.index('<optgroup label="Likely for you">')
        < select.index('<option value="Asia/Tokyo" selected>Asia/Tokyo</option>')
        < select.index('<optgroup label="America">')
    )


def test_the_language_switch_changes_a_signed_in_persons_profile_and_page(
    client_as, member
) -> None:
    client = client_as("member")
    response = client.post(
        "/i18n/setlang/", {"language": "es", "next": "/help/"}, HTTP_REFERER="/help/"
    )
    assert response.status_code == 302 and response["Location"] == "/help/"
    member.refresh_from_db()
    assert member.language == "es"
    page = client.get("/help/").content.decode()
    assert 'lang="es"' in page
    assert "Servicios de emergencia" in page and "988 Línea de Prevención del Suicidio" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/help/"})
    member.refresh_from_db()
    assert member.language == "en"
    assert "Emergency services" in client.get("/help/").content.decode()


def test_crisis_lines_in_the_api_follow_the_language(client_as, member) -> None:
    member.language = "es"
    member.save(update_fields=["language"])
    lines = client_as("member").get("/api/v1/crisis-lines?country=US").json()
    assert lines[0]["name"] == "Servicios de emergencia"
    assert lines[1]["how"].startswith("Llama, envía un mensaje")

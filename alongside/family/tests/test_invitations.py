"""Maya invites Pat to be her ally: nothing is shared until he accepts; then he sees exactly what
she chose, and she changes it or takes it all back from his next request. Bad addresses,
second answers, expired and withdrawn invitations, and accepting one's own are refused with
words that say why."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.utils.formats import date_format

from alongside.accounts.sensitive import Credential
from alongside.family import services
from alongside.family.models import Ally, AllyInvitation
from alongside.family.tasks import send_ally_invitation_email
from alongside.journey import services as journey
from alongside.lib import maildomains
from alongside.notifications.models import InAppNotification
from alongside.privacy import policy
from alongside.privacy.models import AccessLogEntry, ConsentGrant, Scope
from alongside.support import services as support
from alongside.support.models import CircleMember
from alongside.testing.assertions import text_of

pytestmark = pytest.mark.django_db


def invite(maya, email="pat@example.org", **choices):
    choices = choices or {"scopes": [Scope.MILESTONES], "gets_hard_days": True}
    return services.invite_ally(
        credential=Credential.for_setup(maya), email=email, relationship="sibling", **choices
    )


@pytest.fixture
def maya_tracks(cast):
    maya = cast["member"].user
    journey.start_track(
        member=maya,
        kind="substance",
        goal="abstinence",
        name="Alcohol",
        sobriety_on=maya.local_today() - datetime.timedelta(days=40),
    )
    journey.record_check_in(member=maya, mood=2, craving=7, note="a bad night", gratitude="Ada")
    return maya


# ---------------------------------------------------------------- inviting


def test_the_invite_page_shows_each_choice_in_privacys_own_words_all_unticked(client_as) -> None:
    page = client_as("member").get("/family/allies/invite/").content.decode()
    words = text_of(page)
    assert "Your sobriety milestones on the tracks you choose (Tracks: the track's name" in words
    assert "A summary of your daily check-ins, never your cravings, triggers, sleep" in words
    assert "When you say you are having a hard day: your display name" in words
    assert "When you press SOS: your display name" in words
    assert not re.search(r"<input[^>]*\bchecked", page)  # off until the member ticks them


def test_a_member_invites_by_email_and_the_invitation_goes_with_a_link(
    cast, client_as, django_capture_on_commit_callbacks
) -> None:
    client = client_as("member", reauthenticated=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/family/allies/invite/",
            {
                "email": " Pat@Example.org ",
                "relationship": "sibling",
                "milestones": "on",
                "hard_days": "on",
            },
        )
    assert response.status_code == 302
    invitation = AllyInvitation.objects.get()
    assert (
        invitation.email,
        invitation.scopes,
        invitation.gets_hard_days,
        invitation.gets_sos,
    ) == (
        "pat@example.org",
        ["milestones"],
        True,
        False,
    )
    assert send_ally_invitation_email.call(invitation.pk)
    [email] = mail.outbox
    assert email.to == ["pat@example.org"] and "Maya O. asks you to be their ally" in email.subject
    assert f"http://localhost:8000/family/invitations/{invitation.pk}/" in email.body
    assert "Milestones" in email.body and "Never their journal" in email.body
    assert "the track's name" in email.body  # plain text, not HTML entities
    assert "SOS" not in email.body  # not chosen, not promised
    # Pat has an account: a notice too, and still nothing shared.
    notice = InAppNotification.objects.get(user=cast["ally"].user, kind="ally_invitation")
    assert notice.url == f"/family/invitations/{invitation.pk}/"
    assert not ConsentGrant.objects.exists() and not CircleMember.objects.exists()


def test_inviting_asks_the_member_to_confirm_it_is_them_first(client_as) -> None:
    response = client_as("member").post(
        "/family/allies/invite/",
        {"email": "pat@example.org", "relationship": "sibling", "milestones": "on"},
    )
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not AllyInvitation.objects.exists()


@pytest.mark.parametrize(
    ("email", "says"),
    [
        ("pat.example.org", "“pat.example.org” is not an email address. Check it for a typo"),
        ("pat@", "is not an email address"),
        (
            "pat@localhost",
            "“localhost” does not receive email, so the invitation could not reach them",
        ),
        ("pat@family.invalid", "“family.invalid” does not receive email"),
        ("", "Write their email address."),
    ],
)
def test_an_address_that_cannot_answer_is_refused_beside_the_field_and_nothing_is_lost(
    client_as, email, says
) -> None:
    response = client_as("member", reauthenticated=True).post(
        "/family/allies/invite/",
        {"email": email, "relationship": "partner", "milestones": "on", "sos": "on"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    field_error = page.split('id="id_email_error">', 1)[1].split("</p>", 1)[0]
    assert says in text_of(field_error) or (not email and "required" in page)
    assert 'value="partner" selected' in page and 'id="id_sos" checked' in page
    assert not AllyInvitation.objects.exists()


def test_a_domain_whose_dns_takes_no_mail_is_refused_where_mail_really_goes_out(
    cast, settings, monkeypatch
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    asked = []

    def dns(domain: str):
        asked.append(domain)
        return {"gmial.con": False, "example.org": True}.get(domain)

    monkeypatch.setattr(maildomains, "takes_mail", dns)
    with pytest.raises(services.FamilyError) as refused:
        invite(cast["member"].user, email="pat@gmial.con")
    assert refused.value.field == "email"
    assert "“gmial.con” does not receive email" in refused.value.message
    invite(cast["member"].user, email="pat@example.org")  # the DNS says yes
    assert asked == ["gmial.con", "example.org"]
    assert AllyInvitation.objects.count() == 1


def test_no_dns_is_asked_where_mail_stays_on_the_machine(cast, monkeypatch) -> None:
    monkeypatch.setattr(maildomains, "takes_mail", lambda d: pytest.fail("looked up " + d))
    assert invite(cast["member"].user, email="pat@anywhere.example.net").email


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"email": "maya@example.org"}, "email", "That is your own address"),
        ({"relationship": "cousin"}, "relationship", "Choose who they are to you"),
        ({"scopes": [], "gets_hard_days": False}, "scopes", "Choose at least one thing"),
        ({"scopes": ["check_ins"]}, "scopes", "not: check_ins"),
        ({"scopes": ["plans"]}, "scopes", "not: plans"),
    ],
)
def test_invitations_that_cannot_be_made_are_refused(cast, change, field, says) -> None:
    arguments = {
        "email": "pat@example.org",
        "relationship": "sibling",
        "scopes": ["milestones"],
        "gets_hard_days": True,
        **change,
    }
    with pytest.raises(services.FamilyError) as refused:
        services.invite_ally(credential=Credential.for_setup(cast["member"].user), **arguments)
    assert refused.value.field == field and says in refused.value.message
    assert not AllyInvitation.objects.exists()


def test_a_second_invitation_to_the_same_address_waits_for_the_first(cast) -> None:
    maya = cast["member"].user
    first = invite(maya)
    with pytest.raises(services.FamilyError, match="already waiting"):
        invite(maya)
    assert services.withdraw_invitation(invitation=first)
    assert invite(maya).pk != first.pk


# ---------------------------------------------------------------- nothing before acceptance


def test_nothing_is_shared_before_pat_accepts(cast, client_as, maya_tracks) -> None:
    maya, pat = maya_tracks, cast["ally"].user
    invitation = invite(
        maya, scopes=[Scope.MILESTONES, Scope.CHECK_IN_SUMMARY], gets_hard_days=True, gets_sos=True
    )
    client = client_as("ally")

    assert client.get(f"/journey/members/{maya.pk}/milestones/").status_code == 404
    assert client.get(f"/family/members/{maya.pk}/check-ins/").status_code == 404
    assert client.get(f"/api/v1/members/{maya.pk}/milestones").status_code == 404
    assert not policy.decide(pat, maya, Scope.MILESTONES)
    with pytest.raises(Exception, match="Nobody is chosen"):
        support.send_hard_day(member=maya, note="rough")
    home = text_of(client.get("/family/").content.decode())
    assert "Maya O. asks you to be their ally" in home
    assert "Maya O. shares with you" not in home
    # The invitation page says what he would see, and nothing of hers.
    page = text_of(client.get(f"/family/invitations/{invitation.pk}/").content.decode())
    assert "What you will see if you accept" in page and "Alcohol" not in page


def test_pat_accepts_and_sees_exactly_what_maya_chose(cast, client_as, maya_tracks) -> None:
    maya, pat = maya_tracks, cast["ally"].user
    invitation = invite(maya, scopes=[Scope.MILESTONES], gets_hard_days=True)
    client = client_as("ally")

    response = client.post(f"/family/invitations/{invitation.pk}/accept/")

    assert response.status_code == 302 and response["Location"] == "/family/"
    invitation.refresh_from_db()
    assert (invitation.status, invitation.invitee) == ("accepted", pat)
    grant = ConsentGrant.objects.get(member=maya, grantee_user=pat)
    assert grant.scopes == ["milestones"] and grant.revoked_at is None
    entry = CircleMember.objects.get(member=maya, person=pat)
    assert (entry.gets_hard_days, entry.gets_sos, entry.answer) == (True, False, "accepted")
    assert client.get(f"/journey/members/{maya.pk}/milestones/").status_code == 200
    assert client.get(f"/family/members/{maya.pk}/check-ins/").status_code == 404  # not chosen
    home = text_of(client.get("/family/").content.decode())
    assert "Maya O. shares with you: Milestones" in home
    # Her hard day reaches him, quietly.
    hard_day = support.send_hard_day(member=maya, note="rough one")
    assert list(hard_day.recipients.all()) == [pat]
    notice = InAppNotification.objects.get(user=pat, kind="hard_day")
    assert not notice.is_urgent
    home = text_of(client.get("/family/").content.decode())
    assert "Maya O. is having a hard day" in home and "Ask what would help today" in home
    # Maya is told, and her allies page says what he sees.
    assert InAppNotification.objects.filter(user=maya, kind="ally_accepted").exists()
    mine = text_of(client_as("member").get("/family/allies/").content.decode())
    assert "Pat O. — Brother or sister" in mine and "Milestones" in mine
    assert "“Having a hard day”" in mine and "SOS" not in mine.split("Invitations")[0]


def test_the_check_in_summary_shows_day_and_mood_and_nothing_else(
    cast, client_as, maya_tracks
) -> None:
    maya = maya_tracks
    services.accept_invitation(
        invitation=invite(maya, scopes=[Scope.CHECK_IN_SUMMARY]), user=cast["ally"].user
    )
    client = client_as("ally")
    page = client.get(f"/family/members/{maya.pk}/check-ins/").content.decode()
    api = client.get(f"/api/v1/family/members/{maya.pk}/check-ins")
    assert "Low" in text_of(page) and api.json() == [{"on": str(maya.local_today()), "mood": 2}]
    for shown in (page, api.content.decode()):
        assert "a bad night" not in shown and "Ada" not in shown
        assert "craving" not in shown.lower() and "trigger" not in shown.split("never")[-1]
    # Each look is in Maya's access log, under the check-in summary.
    rows = AccessLogEntry.objects.filter(member=maya, action="read", actor=cast["ally"].user)
    assert [r.scope for r in rows] == ["check_in_summary", "check_in_summary"]


# ---------------------------------------------------------------- answers that cannot be given


def test_accepting_twice_says_it_is_already_accepted(cast, client_as) -> None:
    invitation = invite(cast["member"].user)
    client = client_as("ally")
    client.post(f"/family/invitations/{invitation.pk}/accept/")
    again = client.post(f"/family/invitations/{invitation.pk}/accept/", follow=True)
    assert "You have already accepted this invitation." in text_of(again.content.decode())
    assert ConsentGrant.objects.count() == 1 and Ally.objects.count() == 1
    api = client.post(f"/api/v1/family/invitations/{invitation.pk}/accept")
    assert api.status_code == 409
    assert api.json()["error"]["message"] == "You have already accepted this invitation."


def test_an_expired_invitation_cannot_be_accepted_and_says_when_it_ended(cast, client_as) -> None:
    invitation = invite(cast["member"].user)
    with time_machine.travel(invitation.expires_at + datetime.timedelta(minutes=1)):
        response = client_as("ally").post(
            f"/family/invitations/{invitation.pk}/accept/", follow=True
        )
        page = text_of(response.content.decode())
        listed = text_of(client_as("member").get("/family/allies/").content.decode())
    day = date_format(invitation.expires_at.astimezone(cast["ally"].user.zone), "DATE_FORMAT")
    assert f"This invitation expired on {day}." in page and "Ask Maya O. to send a new one" in page
    assert "Expired" in listed
    assert not ConsentGrant.objects.exists() and not Ally.objects.exists()


def test_a_withdrawn_invitation_cannot_be_accepted(cast, client_as) -> None:
    invitation = invite(cast["member"].user)
    response = client_as("member").post(f"/family/invitations/{invitation.pk}/withdraw/")
    assert response.status_code == 302
    accepted = client_as("ally").post(f"/family/invitations/{invitation.pk}/accept/", follow=True)
    assert "Maya O. withdrew this invitation." in text_of(accepted.content.decode())
    assert not ConsentGrant.objects.exists()
    # Withdrawing again changes nothing and says so.
    again = client_as("member").post(f"/family/invitations/{invitation.pk}/withdraw/", follow=True)
    assert "already answered; nothing changed" in text_of(again.content.decode())


def test_the_member_cannot_accept_their_own_invitation(cast, client_as) -> None:
    invitation = invite(cast["member"].user)
    response = client_as("member").post(f"/family/invitations/{invitation.pk}/accept/", follow=True)
    assert "You sent this invitation. The person you invited accepts or declines it." in text_of(
        response.content.decode()
    )
    with pytest.raises(services.InvitationClosed):
        services.accept_invitation(invitation=invitation, user=cast["member"].user)
    assert not ConsentGrant.objects.exists()


def test_someone_the_invitation_is_not_addressed_to_gets_404(cast, client_as) -> None:
    invitation = invite(cast["member"].user)
    for persona in ("mentor", "counselor", "member2"):
        client = client_as(persona)
        assert client.get(f"/family/invitations/{invitation.pk}/").status_code == 404
        assert client.post(f"/family/invitations/{invitation.pk}/accept/").status_code == 404
    assert not ConsentGrant.objects.exists()


def test_declining_shares_nothing_and_tells_the_member(cast, client_as) -> None:
    invitation = invite(cast["member"].user)
    response = client_as("ally").post(f"/family/invitations/{invitation.pk}/decline/", follow=True)
    assert "You declined. Nothing is shared with you" in text_of(response.content.decode())
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    notice = InAppNotification.objects.get(user=cast["member"].user, kind="ally_declined")
    assert "Pat O. declined your invitation" in notice.body
    later = client_as("ally").post(f"/family/invitations/{invitation.pk}/accept/", follow=True)
    assert "You declined this invitation." in text_of(later.content.decode())
    assert not ConsentGrant.objects.exists()


def test_an_invitation_to_an_address_without_an_account_waits_for_whoever_verifies_it(
    cast, client
) -> None:
    from allauth.account.models import EmailAddress

    from alongside.accounts.models import User

    invitation = invite(cast["member"].user, email="new.ally@example.org")
    newcomer = User.objects.create_user(email="new.ally@example.org", password="x" * 12)
    assert services.invitations_received(newcomer) == []  # not verified yet
    EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=True, primary=True)
    assert services.invitations_received(newcomer) == [invitation]
    services.accept_invitation(invitation=invitation, user=newcomer)
    assert policy.decide(newcomer, cast["member"].user, Scope.MILESTONES)


# ---------------------------------------------------------------- changing and revoking


@pytest.fixture
def pat_is_allied(cast, maya_tracks):
    invitation = invite(maya_tracks, scopes=[Scope.MILESTONES], gets_hard_days=True)
    return services.accept_invitation(invitation=invitation, user=cast["ally"].user)


def test_maya_changes_what_pat_sees_and_it_holds_from_his_next_request(
    cast, client_as, pat_is_allied
) -> None:
    maya = cast["member"].user
    pat = client_as("ally")
    assert pat.get(f"/journey/members/{maya.pk}/milestones/").status_code == 200

    response = client_as("member", reauthenticated=True).post(
        f"/family/allies/{pat_is_allied.pk}/", {"check_in_summary": "on", "sos": "on"}
    )

    assert response.status_code == 302
    assert pat.get(f"/journey/members/{maya.pk}/milestones/").status_code == 404
    assert pat.get(f"/family/members/{maya.pk}/check-ins/").status_code == 200
    entry = CircleMember.objects.get(member=maya, person=cast["ally"].user)
    assert (entry.gets_hard_days, entry.gets_sos) == (False, True)
    grants = ConsentGrant.objects.filter(member=maya, grantee_user=cast["ally"].user)
    assert [(g.scopes, g.revoked_at is None) for g in grants] == [
        (["check_in_summary"], True),
        (["milestones"], False),
    ]
    page = text_of(client_as("member").get(f"/family/allies/{pat_is_allied.pk}/").content.decode())
    assert "What Pat O. sees" in page and "Check-in summary (day and mood only)" in page


def test_revoking_everything_leaves_pat_nothing_on_his_next_request(
    cast, client_as, pat_is_allied
) -> None:
    maya = cast["member"].user
    pat = client_as("ally")
    assert "Maya O." in text_of(pat.get("/family/").content.decode())

    response = client_as("member", reauthenticated=True).post(
        f"/family/allies/{pat_is_allied.pk}/end/"
    )

    assert response.status_code == 302
    assert pat.get(f"/journey/members/{maya.pk}/milestones/").status_code == 404
    assert pat.get(f"/api/v1/members/{maya.pk}/milestones").status_code == 404
    assert "Maya O." not in text_of(pat.get("/family/").content.decode())
    assert not CircleMember.objects.filter(member=maya).exists()
    with pytest.raises(Exception, match="Nobody is chosen"):
        support.send_hard_day(member=maya)
    # Pat is not told; the link is history, no longer Maya's to change.
    assert not InAppNotification.objects.filter(user=cast["ally"].user, kind__startswith="ally_end")
    assert client_as("member").get(f"/family/allies/{pat_is_allied.pk}/").status_code == 404


def test_ending_an_ally_asks_the_member_to_confirm_first(client_as, pat_is_allied) -> None:
    response = client_as("member").post(f"/family/allies/{pat_is_allied.pk}/end/")
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    pat_is_allied.refresh_from_db()
    assert pat_is_allied.ended_at is None


def test_a_grant_revoked_on_the_privacy_page_shows_as_nothing_on_the_allies_page(
    cast, client_as, pat_is_allied
) -> None:
    services.change_sharing(
        ally=pat_is_allied,
        credential=Credential.for_setup(cast["member"].user),
        scopes=[Scope.MILESTONES],
        gets_hard_days=False,
        gets_sos=False,
    )
    client_as("member", reauthenticated=True).post(
        f"/privacy/grants/{pat_is_allied.grant.pk}/revoke/"
    )
    page = text_of(client_as("member").get("/family/allies/").content.decode())
    assert "Nothing: they see nothing of yours now." in page


def test_someone_elses_ally_is_not_found(cast, client_as, pat_is_allied) -> None:
    for persona in ("ally", "member2", "counselor"):
        client = client_as(persona, reauthenticated=True)
        assert client.get(f"/family/allies/{pat_is_allied.pk}/").status_code == 404
        assert client.post(f"/family/allies/{pat_is_allied.pk}/end/").status_code == 404
    pat_is_allied.refresh_from_db()
    assert pat_is_allied.ended_at is None

"""Direct messages: who may message whom (page and API alike), sending, unread counts, bad
input, rate limits, block and report, encryption at rest, export and erasure."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from alongside.accounts.sensitive import Credential
from alongside.messaging import services
from alongside.messaging.models import (
    MAX_MESSAGE_LENGTH,
    Block,
    Conversation,
    GroupOptIn,
    Message,
    Partnership,
    Report,
)
from alongside.notifications.models import InAppNotification
from alongside.privacy.models import AccessLogEntry, Scope
from alongside.privacy.services import grant_access, revoke_grant

pytestmark = pytest.mark.django_db


def share(member, grantee, *scopes: str):
    return grant_access(
        member=member,
        grantee_user=grantee,
        scopes=list(scopes),
        purpose="support",
        credential=Credential.for_setup(member),
    )


def partners(one, other) -> Partnership:
    return Partnership.objects.create(asked_by=one, partner=other, confirmed_at=timezone.now())


def a_group(slug: str = "riverbend-na"):
    from alongside.meetings.catalog import ensure_programs
    from alongside.meetings.models import Group, Program

    ensure_programs()
    return Group.objects.create(
        slug=slug, name="Riverbend NA", program=Program.objects.get(slug="na")
    )


def page(client, other) -> tuple[int, str]:
    response = client.get(f"/messages/with/{other.pk}/")
    return response.status_code, response.content.decode()


def api(client, other) -> int:
    return client.get(f"/api/v1/messages/with/{other.pk}").status_code


def send_page(client, other, body: str):
    return client.post(f"/messages/with/{other.pk}/", {"body": body})


def send_api(client, other, body: str):
    return client.post(
        f"/api/v1/messages/with/{other.pk}", {"body": body}, content_type="application/json"
    )


# ---------------------------------------------------------------- who may message whom


def test_a_mentor_and_the_member_who_shares_with_them_may_message_each_other(
    client_as, member, mentor
) -> None:
    sam, maya = client_as("mentor"), client_as("member")
    assert page(sam, member)[0] == 404 and api(sam, member) == 404
    assert page(maya, mentor)[0] == 404 and api(maya, mentor) == 404
    share(member, mentor, Scope.MILESTONES)
    status, text = page(sam, member)
    assert status == 200 and "Messages with Maya O." in text and "Mentor and mentee" in text
    assert api(sam, member) == 200
    assert page(maya, mentor)[0] == 200 and api(maya, mentor) == 200


def test_sharing_with_someone_who_is_not_a_mentor_opens_no_messages(
    client_as, member, ally
) -> None:
    share(member, ally, Scope.MILESTONES)
    assert page(client_as("ally"), member)[0] == 404
    assert api(client_as("member"), ally) == 404


def test_accountability_partners_may_message_once_the_one_asked_confirms(
    client_as, member, member2
) -> None:
    maya, jordan = client_as("member"), client_as("member2")
    response = maya.post("/messages/partners/", {"email": member2.email})
    assert response.status_code == 302
    asked = Partnership.objects.get(asked_by=member, partner=member2)
    assert asked.confirmed_at is None
    assert page(maya, member2)[0] == 404 and api(jordan, member) == 404
    assert (
        "Maya O. asked you to be their accountability partner"
        in jordan.get("/messages/partners/").content.decode()
    )
    assert maya.post(f"/messages/partners/{asked.pk}/confirm/").status_code == 404  # not hers
    assert jordan.post(f"/messages/partners/{asked.pk}/confirm/").status_code == 302
    assert page(maya, member2)[0] == 200 and api(jordan, member) == 200
    assert jordan.post(f"/messages/partners/{asked.pk}/end/").status_code == 302
    assert page(maya, member2)[0] == 404 and api(jordan, member) == 404


def test_asking_a_partner_says_the_same_whether_or_not_the_address_has_an_account(
    client_as,
) -> None:
    maya = client_as("member")
    known = maya.post("/messages/partners/", {"email": "jordan@example.org"}, follow=True)
    unknown = maya.post("/messages/partners/", {"email": "nobody@example.org"}, follow=True)
    said = "If that address belongs to someone here, they now see your request."
    assert said in known.content.decode() and said in unknown.content.decode()


def test_two_members_of_a_group_may_message_only_when_both_opted_in(
    client_as, member, member2
) -> None:
    from alongside.meetings.models import Meeting, SavedMeeting

    group = a_group()
    meeting = Meeting.objects.create(
        slug="na-tuesday",
        name="Tuesday NA",
        program=group.program,
        group=group,
        days=[1],
        start_time=datetime.time(19, 0),
        time_zone="America/Chicago",
    )
    for person in (member, member2):
        SavedMeeting.objects.create(member=person, meeting=meeting, meeting_name=meeting.name)
    maya, jordan = client_as("member"), client_as("member2")
    assert "Riverbend NA" in maya.get("/messages/groups/").content.decode()
    assert maya.post(f"/messages/groups/{group.pk}/", {"opted_in": "yes"}).status_code == 302
    assert page(maya, member2)[0] == 404 and api(jordan, member) == 404
    assert jordan.post(f"/messages/groups/{group.pk}/", {"opted_in": "yes"}).status_code == 302
    status, text = page(maya, member2)
    assert status == 200 and "In a group together" in text
    assert api(jordan, member) == 200
    assert jordan.post(f"/messages/groups/{group.pk}/", {"opted_in": "no"}).status_code == 302
    assert page(maya, member2)[0] == 404


def test_a_member_cannot_opt_into_a_group_they_are_not_part_of(client_as, member) -> None:
    group = a_group()
    assert (
        client_as("member").post(f"/messages/groups/{group.pk}/", {"opted_in": "yes"}).status_code
        == 404
    )
    assert not GroupOptIn.objects.exists()


def test_a_care_team_member_may_message_only_while_the_member_shares_messages(
    client_as, member, counselor
) -> None:
    grace = client_as("counselor")
    share(member, counselor, Scope.CHECK_INS)  # another scope opens nothing
    assert page(grace, member)[0] == 404 and api(grace, member) == 404
    grant = share(member, counselor, Scope.CARE_MESSAGES)
    assert page(grace, member)[0] == 200
    assert send_api(grace, member, "How was the group today?").status_code == 201
    assert page(client_as("member"), counselor)[0] == 200
    # Reading as care team is a read by consent: it is in the member's access log.
    assert AccessLogEntry.objects.filter(
        actor=counselor, member=member, scope=Scope.CARE_MESSAGES
    ).exists()
    revoke_grant(grant=grant, by=member, credential=Credential.for_setup(member))
    assert page(grace, member)[0] == 404 and api(grace, member) == 404
    assert send_api(grace, member, "Still there?").status_code == 404
    assert Message.objects.count() == 1


def test_a_role_grant_of_messages_reaches_each_person_in_that_role(
    client_as, member, peer_specialist
) -> None:
    from alongside.accounts.models import Organization, Role

    grant_access(
        member=member,
        grantee_organization=Organization.objects.get(slug="riverbend"),
        grantee_role=Role.PEER_SPECIALIST,
        scopes=[Scope.CARE_MESSAGES],
        purpose="peer support",
        credential=Credential.for_setup(member),
    )
    assert page(client_as("peer_specialist"), member)[0] == 200
    people = client_as("member").get("/api/v1/messages/people").json()
    assert [p["display_name"] for p in people] == ["Lena K."]
    assert people[0]["ties"] == ["care_team"]


def test_nobody_may_message_themselves_or_an_unknown_person(client_as, member) -> None:
    maya = client_as("member")
    assert page(maya, member)[0] == 404
    assert maya.get("/messages/with/999999/").status_code == 404
    assert send_api(maya, member, "hi").status_code == 404


def test_peers_see_display_names_only(client_as, member, member2) -> None:
    partners(member, member2)
    services.send_message(sender=member, recipient=member2, body="Morning!")
    text = page(client_as("member2"), member)[1]
    assert "Maya O." in text and "Okafor" not in text and member.email not in text
    body = client_as("member2").get(f"/api/v1/messages/with/{member.pk}").content.decode()
    assert "Okafor" not in body and member.email not in body


# ---------------------------------------------------------------- sending and reading


def test_a_sent_message_is_saved_shown_counted_as_unread_and_announced(
    client_as, member, member2
) -> None:
    partners(member, member2)
    maya, jordan = client_as("member"), client_as("member2")
    response = send_page(maya, member2, "Want to get coffee after the meeting?")
    assert response.status_code == 302 and response["Location"] == f"/messages/with/{member2.pk}/"
    stored = Message.objects.get()
    assert stored.sender == member and stored.body == "Want to get coffee after the meeting?"
    notice = InAppNotification.objects.get(user=member2, kind="message")
    assert notice.title == "New message" and notice.body == "From Maya O."
    assert notice.url == f"/messages/with/{member.pk}/"
    inbox = jordan.get("/messages/").content.decode()
    assert '1<span class="visually-hidden"> unread</span>' in inbox  # the navigation's count
    assert 'Maya O.</a> <span class="badge"' in inbox
    assert jordan.get("/api/v1/messages").json()["unread_total"] == 1
    text = page(jordan, member)[1]
    assert "Want to get coffee after the meeting?" in text
    stored.refresh_from_db()
    assert stored.read_at is not None
    assert jordan.get("/api/v1/messages").json()["unread_total"] == 0
    assert 'visually-hidden"> unread' not in jordan.get("/messages/").content.decode()


def test_a_burst_of_messages_notifies_once_until_read(member, member2) -> None:
    partners(member, member2)
    for text in ("one", "two", "three"):
        services.send_message(sender=member, recipient=member2, body=text)
    assert InAppNotification.objects.filter(user=member2, kind="message").count() == 1


def test_reading_the_conversation_reads_its_notice_and_nobody_in_it_is_notified_again(
    client_as, member, member2, time_machine
) -> None:
    partners(member, member2)
    services.send_message(sender=member, recipient=member2, body="one")
    client_as("member2").get(f"/messages/with/{member.pk}/")
    notice = InAppNotification.objects.get(user=member2, kind="message")
    assert notice.read_at is not None
    services.send_message(sender=member, recipient=member2, body="two")  # Jordan is in it
    assert InAppNotification.objects.filter(user=member2, kind="message").count() == 1
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=10))
    services.send_message(sender=member, recipient=member2, body="three")  # no longer
    assert InAppNotification.objects.filter(user=member2, kind="message").count() == 2


def test_the_api_sends_and_reads_a_conversation(client_as, member, member2) -> None:
    partners(member, member2)
    sent = send_api(client_as("member"), member2, "  Proud of you.  ")
    assert sent.status_code == 201
    assert sent.json()["body"] == "Proud of you." and sent.json()["mine"] is True
    detail = client_as("member2").get(f"/api/v1/messages/with/{member.pk}").json()
    assert detail["person"]["display_name"] == "Maya O."
    assert [(m["body"], m["mine"], m["sender"]) for m in detail["messages"]] == [
        ("Proud of you.", False, "Maya O.")
    ]


def test_message_text_is_encrypted_at_rest(member, member2) -> None:
    partners(member, member2)
    services.send_message(sender=member, recipient=member2, body="I slipped last night")
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM messaging_message")
        (raw,) = cursor.fetchone()
    assert "slipped" not in raw and raw.startswith("gAAAA")
    assert Message.objects.get().body == "I slipped last night"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("", "Write a message before sending."),
        ("   \n ", "Write a message before sending."),
        (
            "x" * (MAX_MESSAGE_LENGTH + 1),
            "A message can be up to 2,000 characters long; this one has 2,001.",
        ),
    ],
)
def test_an_empty_or_oversized_message_is_refused_beside_the_field_and_the_draft_kept(
    client_as, member, member2, body, said
) -> None:
    partners(member, member2)
    response = send_page(client_as("member"), member2, body)
    text = response.content.decode()
    assert response.status_code == 422 and said in text
    if body.strip():
        assert body in text  # the draft is still in the box
    answer = send_api(client_as("member"), member2, body)
    assert answer.status_code == 422
    (field,) = answer.json()["error"]["fields"]
    assert field["field"] == "body" and said in field["message"]
    assert not Message.objects.exists()


def test_a_message_of_exactly_the_limit_is_sent(member, member2) -> None:
    partners(member, member2)
    services.send_message(sender=member, recipient=member2, body="y" * MAX_MESSAGE_LENGTH)
    assert len(Message.objects.get().body) == MAX_MESSAGE_LENGTH


def test_the_api_refuses_unknown_fields_and_missing_bodies(client_as, member, member2) -> None:
    partners(member, member2)
    maya = client_as("member")
    for payload in ({}, {"body": "hi", "attachment": "x.png"}, {"body": None}):
        response = maya.post(
            f"/api/v1/messages/with/{member2.pk}", payload, content_type="application/json"
        )
        assert response.status_code == 422
    assert not Message.objects.exists()


def test_past_the_rate_limit_the_page_says_when_to_retry_and_the_api_answers_429(
    client_as, member, member2
) -> None:
    partners(member, member2)
    maya = client_as("member")
    for n in range(services.RATE_PER_MINUTE):
        services.send_message(sender=member, recipient=member2, body=f"message {n}")
    response = send_page(maya, member2, "one too many")
    text = response.content.decode()
    assert response.status_code == 429 and "You have sent a lot of messages" in text
    assert "one too many" in text and response["Retry-After"]
    answer = send_api(maya, member2, "one too many")
    assert answer.status_code == 429 and int(answer["Retry-After"]) >= 1
    assert answer.json()["error"]["code"] == "rate_limited"
    assert Message.objects.count() == services.RATE_PER_MINUTE
    # The other person may still answer: the allowance is the sender's own.
    assert send_api(client_as("member2"), member, "slow down :)").status_code == 201


# ---------------------------------------------------------------- block and report


def test_a_blocked_person_can_no_longer_message_and_sees_no_relationship(
    client_as, member, member2
) -> None:
    partners(member, member2)
    maya, jordan = client_as("member"), client_as("member2")
    services.send_message(sender=member2, recipient=member, body="hey")
    assert maya.post(f"/messages/with/{member2.pk}/block/").status_code == 302
    assert Block.objects.filter(blocker=member, blocked=member2).exists()
    assert page(jordan, member)[0] == 404 and api(jordan, member) == 404
    assert send_page(jordan, member, "hello?").status_code == 404
    assert send_api(jordan, member, "hello?").status_code == 404
    assert (
        "Maya" not in jordan.get("/messages/").content.decode().split("People you can message")[1]
    )
    status, text = page(maya, member2)
    assert status == 200 and "You blocked JustJordan" in text and "Unblock JustJordan" in text
    refused = send_api(maya, member2, "actually…")
    assert refused.status_code == 409 and "Unblock them" in refused.json()["error"]["message"]
    assert Message.objects.count() == 1
    assert maya.post(f"/messages/with/{member2.pk}/unblock/").status_code == 302
    assert send_api(jordan, member, "sorry").status_code == 201


def test_a_report_reaches_the_organizations_moderators_with_the_reason_and_messages(
    client_as, member, member2, org_admin
) -> None:
    partners(member, member2)
    services.send_message(sender=member2, recipient=member, body="You owe me money")
    response = client_as("member").post(
        f"/messages/with/{member2.pk}/report/",
        {"reason": "harassment", "details": "Keeps asking for money"},
    )
    assert response.status_code == 302
    found = Report.objects.get()
    assert (found.reporter, found.reported, found.reason) == (member, member2, "harassment")
    assert "You owe me money" in found.quoted
    assert InAppNotification.objects.filter(user=org_admin, kind="message_report").exists()
    text = client_as("org_admin").get("/messages/reports/").content.decode()
    assert "Maya O. reported JustJordan" in text and "Harassment or threats" in text
    assert "Keeps asking for money" in text and "You owe me money" in text
    assert client_as("member").get("/messages/reports/").status_code == 404
    assert client_as("outsider").get("/messages/reports/").status_code == 404


def test_a_report_without_a_reason_is_refused_and_nothing_stored(
    client_as, member, member2
) -> None:
    partners(member, member2)
    response = client_as("member").post(f"/messages/with/{member2.pk}/report/", {"details": "x"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    answer = client_as("member").post(
        f"/api/v1/messages/with/{member2.pk}/report",
        {"reason": "because"},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert not Report.objects.exists()


# ---------------------------------------------------------------- export and erasure


def test_conversations_are_in_the_export_of_each_person_in_them(member, member2) -> None:
    from alongside.privacy.services import collect_member_data

    partners(member, member2)
    services.send_message(sender=member, recipient=member2, body="See you Thursday")
    services.send_message(sender=member2, recipient=member, body="See you!")
    for person in (member, member2):
        exported = collect_member_data(person)["sections"]
        (conversation,) = exported["conversations"]
        assert conversation["between"] == ["JustJordan", "Maya O."]
        assert [(m["from"], m["text"]) for m in conversation["messages"]] == [
            ("Maya O.", "See you Thursday"),
            ("JustJordan", "See you!"),
        ]
        assert exported["accountability_partners"][0]["partner"] == "JustJordan"


def test_erasing_an_account_deletes_its_conversations_for_both_people(
    client_as, member, member2
) -> None:
    from alongside.privacy.services import erase_member

    partners(member, member2)
    services.send_message(sender=member, recipient=member2, body="See you Thursday")
    services.send_message(sender=member2, recipient=member, body="See you!")
    services.report(reporter=member2, reported=member, reason="spam")
    Block.objects.create(blocker=member2, blocked=member)
    erase_member(member=member, credential=Credential.for_setup(member))
    assert not Conversation.objects.exists() and not Message.objects.exists()
    assert not Partnership.objects.exists() and not Report.objects.exists()
    assert not Block.objects.exists()
    assert client_as("member2").get("/api/v1/messages").json()["conversations"] == []


def test_an_unread_count_ignores_a_message_once_read_a_day_later(member, member2) -> None:
    partners(member, member2)
    message = services.send_message(sender=member, recipient=member2, body="hi")
    assert services.unread_total(member2) == 1 and services.unread_total(member) == 0
    conversation = Conversation.objects.get()
    message.created_at -= datetime.timedelta(days=1)
    services.mark_read(reader=member2, conversation=conversation)
    assert services.unread_total(member2) == 0

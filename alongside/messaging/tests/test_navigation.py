"""The Messages link in the navigation (messaging/shell.py): for the people who have someone to
message, with their unread count, read from the cache on most pages."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.messaging import services
from alongside.messaging.models import Partnership

pytestmark = pytest.mark.django_db

PEOPLE_WHO_MESSAGE = [
    "member",
    "mentor",
    "peer_specialist",
    "counselor",
    "house_manager",
    "org_admin",
]


def messages_link(client) -> str | None:
    """The navigation's Messages link as markup, or None when there is none."""
    html = client.get("/home/").content.decode()
    nav = html[html.index('<nav aria-label="Main"') : html.index("</nav>")]
    found = re.search(r'<a href="/messages/"[^>]*>.*?</a>', nav)
    return found.group(0) if found else None


def words(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


@pytest.mark.parametrize("persona", PEOPLE_WHO_MESSAGE)
def test_people_who_can_message_have_the_messages_link(client_as, persona: str) -> None:
    link = messages_link(client_as(persona))
    assert link is not None
    assert words(link) == "Messages"


@pytest.mark.parametrize("persona", ["ally", "facilitator"])
def test_people_with_nobody_to_message_have_no_messages_link_until_they_are_in_recovery(
    client_as, persona: str, cast
) -> None:
    client = client_as(persona)
    assert messages_link(client) is None
    person = cast[persona].user
    person.in_recovery = True
    person.save(update_fields=["in_recovery"])
    assert messages_link(client) is not None


def test_the_link_counts_unread_messages_in_words_for_screen_readers(
    client_as, member, member2
) -> None:
    Partnership.objects.create(asked_by=member, partner=member2, confirmed_at=timezone.now())
    for text in ("Coffee after the meeting?", "Or tomorrow?", "Either is fine."):
        services.send_message(sender=member, recipient=member2, body=text)
    jordan = client_as("member2")
    link = messages_link(jordan)
    assert link is not None
    assert words(link) == "Messages 3 unread"
    assert '<span class="badge">3<span class="visually-hidden"> unread</span></span>' in link
    assert words(messages_link(client_as("member")) or "") == "Messages"

    jordan.get(f"/messages/with/{member.pk}/")
    assert words(messages_link(jordan) or "") == "Messages"


def test_the_count_is_read_from_the_cache_once_known(client_as, member, member2) -> None:
    Partnership.objects.create(asked_by=member, partner=member2, confirmed_at=timezone.now())
    services.send_message(sender=member, recipient=member2, body="Coffee?")
    jordan = client_as("member2")
    messages_link(jordan)
    with CaptureQueriesContext(connection) as queries:
        link = messages_link(jordan)
    assert words(link or "") == "Messages 1 unread"
    assert not [q for q in queries if "messaging_" in q["sql"]]

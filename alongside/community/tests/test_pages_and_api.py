"""The forum pages and the API answer alike: crisis support for the author alone, the
moderators on duty told and nobody else, safe rendering, field errors, 429s and 404s."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from alongside.community.models import CrisisAlert, Post, PostStatus
from alongside.community.services import posting
from alongside.notifications.models import InAppNotification

pytestmark = pytest.mark.django_db

CRISIS = "I have been saving up my pills and I won't be here tomorrow."


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def told(kind: str) -> set[str]:
    return set(InAppNotification.objects.filter(kind=kind).values_list("user__email", flat=True))


def test_crisis_words_show_the_author_crisis_lines_and_alert_only_the_moderator_on_duty(
    cast, forum, client_as
) -> None:
    client = client_as("member")
    response = client.post(f"/community/threads/{forum['forum_thread'].pk}/", {"body": CRISIS})
    page = response.content.decode()
    assert response.status_code == 200
    assert "988 Suicide &amp; Crisis Lifeline" in page
    assert "Reach my support circle" in page and "/support/sos/" in page
    post = Post.objects.get(body=CRISIS)
    assert post.status == PostStatus.PUBLISHED  # nothing is removed
    alert = CrisisAlert.objects.get(post=post)
    assert {m["construct"] for m in alert.matches} >= {"Method or plan (Alongside)"}
    # Lena is on duty; Dana (admin) is not told, nor anyone who reads the space.
    assert told("safety_forum_post") == {"lena@example.org"}
    # Others reading the thread see the post, and nothing of the alert.
    other = client_as("member2").get(f"/community/threads/{forum['forum_thread'].pk}/")
    assert "saving up my pills" in other.content.decode()
    assert "You are not alone" not in other.content.decode()
    assert "Reach my support circle" not in other.content.decode()


def test_the_api_gives_crisis_support_to_the_author_only_in_their_answer(
    cast, forum, client_as
) -> None:
    response = client_as("member").post(
        f"/api/v1/community/threads/{forum['forum_thread'].pk}/replies",
        {"body": CRISIS},
        content_type="application/json",
    )
    assert response.status_code == 201
    support = response.json()["crisis_support"]
    assert support["crisis_lines"][0]["name"] == "Emergency services"
    assert support["reach_circle"] == "/api/v1/support/sos"
    thread = client_as("member2").get(f"/api/v1/community/threads/{forum['forum_thread'].pk}")
    assert "crisis" not in thread.content.decode().lower()


def test_in_a_group_space_the_groups_facilitator_is_the_one_alerted(cast, forum, client_as):
    client = client_as("member")
    response = client.post(
        "/community/spaces/forum-smart/new/", {"title": "Tonight", "body": "I want to die"}
    )
    assert response.status_code == 200 and "You are not alone" in response.content.decode()
    assert told("safety_forum_post") == {"theo@example.org"}


@pytest.mark.parametrize(
    ("body", "kept", "gone"),
    [
        ("Hi <script>alert(1)</script> there", "Hi", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "x.png", "onerror"),
        ("![tracker](https://elsewhere.example/pixel.gif)", "<img", "elsewhere.example"),
        ("[click](javascript:alert(1))", "click", "javascript:"),
    ],
)
def test_posts_render_without_scripts_handlers_remote_images_or_script_links(
    cast, forum, client_as, body: str, kept: str, gone: str
) -> None:
    maya = cast["member"].user
    post = Post.objects.create(
        thread=forum["forum_thread"], author=maya, body=body, status=PostStatus.PUBLISHED
    )
    page = client_as("member2").get(f"/community/threads/{forum['forum_thread'].pk}/")
    html = page.content.decode()
    start = html.index(f'id="post-{post.pk}"')
    rendered = html[start : html.index("</article>", start)]
    assert kept in rendered and gone not in rendered


def test_links_in_posts_are_marked_as_user_content(cast, forum) -> None:
    post = Post(body="[guide](https://example.org/g)")
    assert 'rel="nofollow ugc noopener"' in post.html


def test_a_refused_post_keeps_the_words_and_says_why_beside_the_field(cast, forum, client_as):
    response = client_as("member2").post(
        f"/community/threads/{forum['forum_thread'].pk}/",
        {"body": "Look at https://example.org", "accepts_guidelines": "on"},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Links can be shared once" in page and "Look at https://example.org" in page


def test_flooding_is_a_field_error_on_the_page_and_a_429_on_the_api(cast, forum, client_as):
    client = client_as("member")
    url = f"/community/threads/{forum['forum_thread'].pk}/"
    for n in range(posting.RATE_PER_MINUTE):
        assert client.post(url, {"body": f"post {n}"}).status_code == 302
    page = client.post(url, {"body": "again"})
    assert page.status_code == 429 and "You have posted a lot" in page.content.decode()
    api = client.post(
        f"/api/v1/community/threads/{forum['forum_thread'].pk}/replies",
        {"body": "again"},
        content_type="application/json",
    )
    assert api.status_code == 429 and api.json()["error"]["code"] == "rate_limited"
    assert int(api["Retry-After"]) >= 1


def test_posting_where_one_cannot_see_is_a_404_on_the_page_and_the_api(cast, forum, client_as):
    client = client_as("member2")  # not in the SMART group
    page = client.post("/community/spaces/forum-smart/new/", {"title": "x", "body": "y"})
    assert page.status_code == 404
    api = client.post(
        "/api/v1/community/spaces/forum-smart/threads",
        {"title": "x", "body": "y", "accepts_guidelines": True},
        content_type="application/json",
    )
    assert api.status_code == 404
    assert not Post.objects.filter(body="y").exists()


def test_a_waiting_post_is_seen_by_its_author_and_moderators_only(cast, forum, client_as):
    url = f"/community/threads/{forum['forum_thread'].pk}/"
    assert "walk after dinner" in client_as("member2").get(url).content.decode()
    assert "walk after dinner" in client_as("peer_specialist").get(url).content.decode()
    assert "walk after dinner" not in client_as("member").get(url).content.decode()


def test_a_moderator_approves_from_the_page_with_a_reason(cast, forum, client_as):
    waiting = forum["forum_waiting"]
    client = client_as("org_admin", reauthenticated=True)
    refused = client.post(f"/community/moderation/posts/{waiting.pk}/", {"action": "approve"})
    assert refused.status_code == 422
    done = client.post(
        f"/community/moderation/posts/{waiting.pk}/",
        {"action": "approve", "reason": "Welcome to the forum"},
    )
    assert done.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == PostStatus.PUBLISHED


def test_a_message_with_crisis_words_offers_its_sender_alone_crisis_lines(cast, client_as):
    from django.utils import timezone

    from alongside.messaging.models import Partnership

    maya, jordan = cast["member"].user, cast["member2"].user
    Partnership.objects.create(asked_by=maya, partner=jordan, confirmed_at=timezone.now())
    sender = client_as("member")
    sent = sender.post(f"/messages/with/{jordan.pk}/", {"body": "I want to die"}, follow=True)
    assert "crisis lines answer at any hour" in sent.content.decode()
    received = client_as("member2").get(f"/messages/with/{maya.pk}/")
    assert "crisis lines answer at any hour" not in received.content.decode()
    assert not InAppNotification.objects.filter(kind="safety_forum_post").exists()

"""A long thread reads in pages: a page costs the same queries however long the thread grows,
the page and the API page alike, and a reply takes its author to the page that shows it."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.community.models import Post, PostStatus, Reaction, Thread
from alongside.community.services import POSTS_PER_PAGE
from alongside.testing.assertions import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def add_replies(thread, people, count: int) -> None:
    # What the thread holds already was written before these; anything posted now, after.
    start = timezone.now() - datetime.timedelta(days=2)
    Post.objects.filter(thread=thread).update(created_at=start - datetime.timedelta(days=1))
    posts = Post.objects.bulk_create(
        [
            Post(
                thread=thread,
                author=people[n % len(people)],
                body=f"Reply {n + 1}: *one day* at a time, [a link](/meetings/).",
                status=PostStatus.PUBLISHED,
                created_at=start + datetime.timedelta(minutes=n),
            )
            for n in range(count)
        ]
    )
    Reaction.objects.bulk_create(
        [Reaction(post=p, person=people[0], kind="with_you") for p in posts[::3]]
    )


def new_thread(space, author, title: str = "A long one") -> Thread:
    thread = Thread.objects.create(space=space, author=author, title=title)
    Post.objects.create(
        thread=thread, author=author, body="Opening", status=PostStatus.PUBLISHED, is_opening=True
    )
    return thread


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_a_page_of_a_thread_costs_the_same_queries_for_5_replies_and_for_500(
    cast, forum, client_as
) -> None:
    people = [cast["member"].user, cast["member2"].user]
    short = forum["forum_thread"]
    long = new_thread(short.space, people[0])
    add_replies(short, people, 5)
    add_replies(long, people, 500)
    client = client_as("member2")
    for path in ("/community/threads/{}/", "/api/v1/community/threads/{}"):
        queries(client, path.format(short.pk))  # the first read of a thread writes its marker
        queries(client, path.format(long.pk))
        assert queries(client, path.format(short.pk)) == queries(client, path.format(long.pk))
        assert queries(client, path.format(long.pk)) == queries(
            client, path.format(long.pk) + "?page=17"
        )


def test_the_page_and_the_api_give_the_same_pages(cast, forum, client_as) -> None:
    thread = new_thread(forum["forum_thread"].space, cast["member"].user)
    add_replies(thread, [cast["member"].user], 45)  # with the opening post: 46
    client = client_as("member2")
    first = text_of(client.get(f"/community/threads/{thread.pk}/").content.decode())
    assert "Page 1 of 3" in first and "Reply 19:" in first and "Reply 20:" not in first
    last = text_of(client.get(f"/community/threads/{thread.pk}/?page=last").content.decode())
    assert "Page 3 of 3" in last and "Reply 45:" in last and "Reply 39:" not in last
    beyond = text_of(client.get(f"/community/threads/{thread.pk}/?page=99").content.decode())
    assert "Page 3 of 3" in beyond
    api = client.get(f"/api/v1/community/threads/{thread.pk}?page=2").json()
    assert (api["page"], api["pages"], api["post_count"]) == (2, 3, 46)
    assert len(api["posts"]) == POSTS_PER_PAGE
    assert api["posts"][0]["body"].startswith("Reply 20:")
    assert client.get(f"/api/v1/community/threads/{thread.pk}?page=0").status_code == 422


def test_a_reply_takes_its_author_to_the_page_that_shows_it(cast, forum, client_as) -> None:
    thread = new_thread(forum["forum_thread"].space, cast["member"].user)
    add_replies(thread, [cast["member2"].user], 45)
    response = client_as("member").post(
        f"/community/threads/{thread.pk}/", {"body": "Thank you all, day 13 now."}
    )
    mine = Post.objects.get(body="Thank you all, day 13 now.")
    assert response.status_code == 302
    assert response["Location"] == f"/community/threads/{thread.pk}/?page=3#post-{mine.pk}"

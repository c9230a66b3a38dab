"""Writing and reading in the forums: who sees a space, review of first posts, links, watched
words, guidelines, rate limits, encouragement, unread marks, search and the digest."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.cache import cache

from alongside.community import services
from alongside.community.models import Post, PostStatus, Thread, WatchedAction, WatchedWord
from alongside.notifications.models import InAppNotification, KindPreference

pytestmark = pytest.mark.django_db
# 20:00 in Chicago, where Maya lives: past the digest hour.
EVENING_IN_CHICAGO = datetime.datetime(2027, 1, 15, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def notices(person, kind: str) -> list[InAppNotification]:
    return list(InAppNotification.objects.filter(user=person, kind=kind))


def test_a_group_space_is_for_the_groups_people_and_an_organizations_space_for_its_people(
    cast, forum
) -> None:
    group_space, topic = forum["forum_group_space"], forum["forum_topic"]
    assert services.can_see(cast["member"].user, group_space)
    assert services.can_see(cast["facilitator"].user, group_space)
    assert not services.can_see(cast["member2"].user, group_space)
    assert services.can_see(cast["member2"].user, topic)
    assert not services.can_see(cast["outsider"].user, topic)


def test_a_new_members_first_posts_wait_for_review_and_approval_lets_them_through(
    cast, forum
) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    posted = services.start_thread(
        author=jordan,
        space=forum["forum_topic"],
        title="Hello",
        body="Glad to be here.",
        accepts_guidelines=True,
    )
    assert posted.is_waiting and posted.post.held_because == "first posts"
    assert notices(lena, "community_review")
    services.moderate(moderator=lena, post=posted.post, action="approve", reason="Welcome!")
    services.moderate(moderator=lena, post=forum["forum_waiting"], action="approve", reason="Kind")
    assert services.trust_of(jordan, forum["forum_topic"]) == services.Trust.MEMBER
    told = notices(jordan, "community_moderation")
    assert sorted(n.body for n in told) == [
        "The moderator's reason: Kind",
        "The moderator's reason: Welcome!",
    ]
    third = services.reply(author=jordan, thread=forum["forum_thread"], body="Day 3 for me.")
    assert third.post.status == PostStatus.PUBLISHED


def test_links_wait_until_a_member_is_trusted(cast, forum) -> None:
    jordan = cast["member2"].user
    with pytest.raises(services.CommunityError) as refused:
        services.reply(
            author=jordan,
            thread=forum["forum_thread"],
            body="See https://example.org/help",
            accepts_guidelines=True,
        )
    assert refused.value.field == "body" and "Links" in refused.value.message
    maya_link = services.reply(
        author=cast["member"].user,
        thread=forum["forum_thread"],
        body="[A guide](https://example.org/guide)",
    )
    assert 'rel="nofollow ugc noopener"' in maya_link.post.html


def test_a_first_post_in_a_space_asks_for_its_guidelines(cast, forum) -> None:
    jordan = cast["member2"].user
    with pytest.raises(services.CommunityError) as refused:
        services.reply(author=jordan, thread=forum["forum_thread"], body="Hi")
    assert refused.value.field == "accepts_guidelines"
    assert not Post.objects.filter(author=jordan, body="Hi").exists()


def test_watched_words_block_hold_or_flag(cast, forum) -> None:
    topic, maya = forum["forum_topic"], cast["member"].user
    for phrase, action in [("casino", "block"), ("dealer", "hold"), ("lottery", "flag")]:
        WatchedWord.objects.create(space=topic, phrase=phrase, action=action)
    thread = forum["forum_thread"]
    with pytest.raises(services.CommunityError, match="casino"):
        services.reply(author=maya, thread=thread, body="Went past the Casino today")
    held = services.reply(author=maya, thread=thread, body="My old dealer texted me")
    assert held.post.status == PostStatus.PENDING and "dealer" in held.post.held_because
    flagged = services.reply(author=maya, thread=thread, body="Bought a lottery ticket")
    assert flagged.post.status == PostStatus.PUBLISHED
    assert flagged.post.flags.get().flagger is None
    assert WatchedAction.FLAG == "flag"


def test_posting_too_fast_is_refused_with_the_seconds_to_wait(cast, forum) -> None:
    maya = cast["member"].user
    for n in range(services.posting.RATE_PER_MINUTE):
        services.reply(author=maya, thread=forum["forum_thread"], body=f"Post {n}")
    with pytest.raises(services.RateLimited) as refused:
        services.reply(author=maya, thread=forum["forum_thread"], body="One more")
    assert 1 <= refused.value.retry_after <= 60


def test_encouragement_is_one_per_person_per_kind_and_not_for_ones_own_post(cast, forum) -> None:
    post, jordan = forum["forum_post"], cast["member2"].user
    assert services.react(person=jordan, post=post, kind="with_you") is True
    assert services.react(person=jordan, post=post, kind="keep_going") is True
    counts = {r["kind"]: r["count"] for r in services.reactions_for([post], jordan)[post.pk]}
    assert counts == {"with_you": 1, "thank_you": 0, "keep_going": 1}
    assert services.react(person=jordan, post=post, kind="with_you") is False
    with pytest.raises(services.CommunityError):
        services.react(person=cast["member"].user, post=post, kind="with_you")


def test_unread_replies_are_counted_per_person_and_reach_them_in_a_daily_digest(
    cast, forum
) -> None:
    maya, lena = cast["member"].user, cast["peer_specialist"].user
    thread = forum["forum_thread"]
    with time_machine.travel(EVENING_IN_CHICAGO, tick=False) as clock:
        services.mark_read(person=maya, thread=thread)
        clock.shift(datetime.timedelta(minutes=5))
        services.reply(
            author=lena,
            thread=thread,
            body="Evenings: I make tea and call someone.",
            accepts_guidelines=True,
        )
        row = services.threads_in(maya, forum["forum_topic"]).get(pk=thread.pk)
        assert row.unread == 1  # type: ignore[attr-defined]  # annotated by threads_in
        assert services.send_digests(now=EVENING_IN_CHICAGO - datetime.timedelta(hours=3)) == 0
        assert services.send_digests() == 1
        assert services.send_digests() == 0  # once a day
    digest = notices(maya, "community_digest")
    assert len(digest) == 1 and "Day 12" in digest[0].body


def test_a_person_who_turned_the_digest_off_gets_none(cast, forum) -> None:
    maya = cast["member"].user
    KindPreference.objects.create(user=maya, kind="forum_digest", email=False, push=False)
    with time_machine.travel(EVENING_IN_CHICAGO, tick=False) as clock:
        services.mark_read(person=maya, thread=forum["forum_thread"])
        clock.shift(datetime.timedelta(minutes=5))
        services.reply(
            author=cast["peer_specialist"].user,
            thread=forum["forum_thread"],
            body="Tea helps.",
            accepts_guidelines=True,
        )
        assert services.send_digests() == 0


def test_search_finds_threads_and_replies_the_person_may_see(cast, forum) -> None:
    topic, jordan, maya = forum["forum_topic"], cast["member2"].user, cast["member"].user
    assert [p.pk for p in services.search(maya, topic, "EVENINGS")] == [forum["forum_post"].pk]
    assert services.search(maya, topic, "walk after dinner") == []  # Jordan's, still waiting
    assert [p.pk for p in services.search(jordan, topic, "walk")] == [forum["forum_waiting"].pk]


def test_a_suspended_member_cannot_post_and_is_told_until_when_and_why(cast, forum) -> None:
    lena, maya = cast["peer_specialist"].user, cast["member"].user
    services.moderate(
        moderator=lena, post=forum["forum_post"], action="suspend", reason="Cool off", days=3
    )
    with pytest.raises(services.CommunityError, match="Cool off"):
        services.reply(author=maya, thread=forum["forum_thread"], body="Hello again")
    assert "suspended" in notices(maya, "community_moderation")[0].title


def test_every_moderation_action_needs_a_reason_and_is_logged(cast, forum) -> None:
    lena, post = cast["peer_specialist"].user, forum["forum_post"]
    with pytest.raises(services.CommunityError) as refused:
        services.moderate(moderator=lena, post=post, action="hide", reason="  ")
    assert refused.value.field == "reason"
    services.moderate(moderator=lena, post=post, action="edit", reason="Removed a name", body="Hi")
    services.moderate(moderator=lena, post=post, action="hide", reason="Off topic")
    post.refresh_from_db()
    assert (post.body, post.status) == ("Hi", PostStatus.HIDDEN)
    assert [a.kind for a in post.actions.all()] == ["hide", "edit"]


def test_flags_reach_the_queue_until_a_moderator_acts(cast, forum) -> None:
    lena, post = cast["peer_specialist"].user, forum["forum_post"]
    services.flag(flagger=cast["member2"].user, post=post, reason="unkind", details="rude")
    queued = {item.post.pk: item.open_flags for item in services.queue(lena)}
    assert queued == {forum["forum_waiting"].pk: 0, post.pk: 1}
    services.moderate(moderator=lena, post=post, action="dismiss", reason="It reads kindly")
    assert post.pk not in {item.post.pk for item in services.queue(lena)}
    assert services.queue(cast["counselor"].user) == []


def test_erasing_a_member_removes_their_replies_and_keeps_threads_for_others(cast, forum) -> None:
    from alongside.privacy.registry import REGISTRY

    maya = cast["member"].user
    reply = services.reply(
        author=cast["member2"].user, thread=forum["forum_thread"], body="x", accepts_guidelines=True
    )
    for key in ("community.post.author", "community.thread.author"):
        handler = REGISTRY[key]
        assert handler.anonymize is not None
        handler.anonymize(handler.rows(maya))
    thread = Thread.objects.get(pk=forum["forum_thread"].pk)
    opening = Post.objects.get(pk=forum["forum_post"].pk)
    assert thread.author is None and thread.title == "A conversation"
    assert opening.author is None and "Evenings" not in opening.body
    assert Post.objects.filter(pk=reply.post.pk).exists()

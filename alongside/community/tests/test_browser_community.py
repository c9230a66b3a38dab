"""Maya posts in her group's space; Jordan's first post waits until Lena, a moderator, approves
it; Maya's words of crisis show her crisis lines and alert Lena, on duty, and nobody else — in
real browsers (Jordan on a 360-px phone), every page checked with axe."""

from __future__ import annotations

import pytest

from alongside.community.models import CrisisAlert, Post, PostStatus
from alongside.community.tests.forum import build_forum
from alongside.notifications.models import InAppNotification
from alongside.testing.browser import PHONE, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_group_post_a_first_post_approved_and_crisis_words_routed_to_the_moderator_on_duty(
    browse, _playwright_browser, live_server, cast
) -> None:
    build_forum(cast)
    maya, jordan, lena = (cast[k].user for k in ("member", "member2", "peer_specialist"))

    # Maya posts in her SMART group's space, from the navigation.
    b = browse
    b.sign_in_as(maya)
    b.open_menu()
    b.page.get_by_role("link", name="Forums").first.click()
    b.audit()
    b.page.get_by_role("link", name="Forum SMART group").click()
    b.audit()
    b.page.get_by_role("link", name="Start a thread").click()
    b.audit()
    b.page.get_by_label("Title").fill("Thursday's tool")
    b.page.get_by_label("What would you like to say?").fill("I'll bring my **CBA** worksheet.")
    b.page.get_by_role("button", name="Post").click()
    b.audit()
    assert b.page.get_by_role("heading", name="Thursday's tool").is_visible()
    assert b.page.locator("strong", has_text="CBA").is_visible()

    # Jordan, new here, replies in Early days on his phone: he reads the guidelines first, and
    # his post waits for a moderator.
    p = next(_make_browser(_playwright_browser, live_server, **PHONE))
    p.sign_in_as(jordan)
    thread = Post.objects.get(is_opening=True, thread__space__slug="early-days").thread
    p.goto(f"/community/threads/{thread.pk}/")
    assert p.page.get_by_role("heading", name="Before your first post here").is_visible()
    p.page.get_by_label("Your reply").fill("Tea and a call to my sister help me.")
    p.page.get_by_label("I have read this space's guidelines").check()
    p.page.get_by_role("button", name="Post reply").click()
    p.audit()
    assert p.page.get_by_text("Your post waits for a moderator").is_visible()
    reply = Post.objects.get(body="Tea and a call to my sister help me.")
    assert reply.status == PostStatus.PENDING

    # Lena approves it from her review queue, with a reason Jordan is told.
    m = next(
        _make_browser(_playwright_browser, live_server, viewport={"width": 1280, "height": 900})
    )
    m.sign_in_as(lena)
    m.goto("/community/moderation/")
    m.page.locator(f"#queue-{reply.pk}").get_by_role("link", name="Review this post").click()
    m.audit()
    m.page.get_by_label("Action").select_option("approve")
    m.page.get_by_label("Reason (the author is told)").fill("Welcome, Jordan!")
    m.page.get_by_role("button", name="Do it").click()
    m.audit()
    reply.refresh_from_db()
    assert reply.status == PostStatus.PUBLISHED
    assert InAppNotification.objects.filter(user=jordan, kind="community_moderation").exists()

    # Maya writes words of crisis: she alone sees crisis lines and her circle; Lena is alerted.
    b.goto(f"/community/threads/{thread.pk}/")
    b.page.get_by_label("Your reply").fill("I'm going to take all my pills tonight.")
    b.page.get_by_role("button", name="Post reply").click()
    b.audit()
    assert b.page.get_by_role("heading", name="You are not alone").is_visible()
    assert b.page.get_by_text("988 Suicide & Crisis Lifeline").is_visible()
    assert b.page.get_by_role("button", name="Reach my support circle").is_visible()
    assert CrisisAlert.objects.count() == 1
    alerted = InAppNotification.objects.filter(kind="safety_forum_post")
    assert [n.user for n in alerted] == [lena]
    p.goto(f"/community/threads/{thread.pk}/")
    assert p.page.get_by_text("take all my pills").is_visible()
    assert p.page.get_by_text("You are not alone").count() == 0

"""A small forum for the cast, shared by the tests and the authorization matrix.

Riverbend has an "Early days" topic space (everyone at Riverbend) and a space for its SMART
group, which Theo facilitates and Maya is part of (she opted in to messages there). Lena is a
moderator of Riverbend's spaces, on duty; Dana moderates them as the organization's admin.
Maya is trusted (past her first posts, with a month of them) and has read both spaces'
guidelines; Jordan is new. Maya opened a thread in Early days; Jordan's first reply to it waits
for review. Casey, at Harbor, sees none of it.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from alongside.accounts.models import Organization
from alongside.community.models import (
    Moderator,
    Post,
    PostStatus,
    Reading,
    Space,
    SpaceKind,
    Standing,
    Thread,
)

GUIDELINES = (
    "## Keep each other safe\n\n"
    "- First names or handles only.\n"
    "- No details of methods, and no medication names.\n"
    "- Be kind: we are all learning."
)


def build_forum(cast: dict) -> dict:
    from alongside.meetings.catalog import ensure_programs
    from alongside.meetings.models import Facilitator, Group, Program
    from alongside.messaging.models import GroupOptIn

    maya, jordan = cast["member"].user, cast["member2"].user
    riverbend = Organization.objects.get(slug="riverbend")
    ensure_programs()
    group = Group.objects.create(
        slug="forum-smart",
        name="Forum SMART group",
        program=Program.objects.get(slug="smart"),
        organization=riverbend,
    )
    Facilitator.objects.create(group=group, user=cast["facilitator"].user)
    GroupOptIn.objects.create(member=maya, group=group)
    topic = Space.objects.create(
        slug="early-days",
        name="Early days",
        kind=SpaceKind.TOPIC,
        organization=riverbend,
        guidelines=GUIDELINES,
    )
    group_space = Space.objects.create(
        slug="forum-smart",
        name="Forum SMART group",
        kind=SpaceKind.GROUP,
        group=group,
        guidelines=GUIDELINES,
    )
    Moderator.objects.create(organization=riverbend, user=cast["peer_specialist"].user)
    Standing.objects.create(
        person=maya, approved_posts=6, first_post_at=timezone.now() - datetime.timedelta(days=30)
    )
    for space in (topic, group_space):
        Reading.objects.create(space=space, person=maya)
    thread = Thread.objects.create(space=topic, author=maya, title="Day 12 and the evenings")
    opening = Post.objects.create(
        thread=thread,
        author=maya,
        body="Evenings are the hardest. What helps you?",
        status=PostStatus.PUBLISHED,
        is_opening=True,
    )
    waiting = Post.objects.create(
        thread=thread,
        author=jordan,
        body="A walk after dinner helps me.",
        status=PostStatus.PENDING,
        held_because="first posts",
    )
    return {
        "forum_topic": topic,
        "forum_group_space": group_space,
        "forum_thread": thread,
        "forum_post": opening,
        "forum_waiting": waiting,
    }

"""Believable demo rows for the forums (run by `manage.py demo_data`; safe to run again).

Riverbend has three topic spaces (Early days, Family and friends, Moderation), a SMART Recovery
program space, and a space for its SMART group, which Theo facilitates and Maya belongs to (she
saved its evening meeting). Lena moderates Riverbend's spaces and is on duty. Maya is a trusted
member; Jordan is new, so his first post waits in Lena's review queue."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Organization
from alongside.community.models import (
    Moderator,
    Post,
    PostStatus,
    Reaction,
    Reading,
    Space,
    SpaceKind,
    Standing,
    Thread,
)

GUIDELINES = (
    "## How we look after each other here\n\n"
    "- Use your first name or handle; leave out anyone's details.\n"
    "- Share your own experience; no advice that could harm.\n"
    "- No details of self-harm or methods, and no medication names.\n"
    "- Every pathway is welcome here: abstinence and moderation alike.\n"
    "- If you are in danger, call a crisis line or press SOS: the forum is not watched all night."
)

TOPICS = [
    ("riverbend-early-days", "Early days", "The first weeks and months: questions welcome."),
    ("riverbend-family", "Family and friends", "For the people who love someone in recovery."),
    ("riverbend-moderation", "Moderation", "Cutting back, on your own terms."),
]


def _thread(space: Space, author, title: str, posts: list[tuple], days_ago: int) -> Thread:
    start = timezone.now() - datetime.timedelta(days=days_ago)
    thread = Thread.objects.create(
        space=space, author=author, title=title, created_at=start, last_post_at=start
    )
    for n, (who, body, status) in enumerate(posts):
        at = start + datetime.timedelta(hours=3 * n)
        Post.objects.create(
            thread=thread,
            author=who,
            body=body,
            status=status,
            is_opening=n == 0,
            created_at=at,
            held_because="first posts" if status == PostStatus.PENDING else "",
        )
        if status == PostStatus.PUBLISHED:
            thread.last_post_at = at
    thread.save(update_fields=["last_post_at"])
    return thread


@transaction.atomic
def populate(logins: dict) -> list[str]:
    from alongside.meetings.models import Group, Meeting, Program, SavedMeeting

    maya, jordan = logins["member"].user, logins["member2"].user
    sam, lena, theo = (
        logins["mentor"].user,
        logins["peer_specialist"].user,
        logins["facilitator"].user,
    )
    riverbend = Organization.objects.get(slug="riverbend")
    group = Group.objects.filter(slug="riverbend-smart").first()
    if group is None or Space.objects.filter(slug="riverbend-smart-group").exists():
        return []
    spaces = {
        slug: Space.objects.create(
            slug=slug,
            name=name,
            kind=SpaceKind.TOPIC,
            description=about,
            organization=riverbend,
            guidelines=GUIDELINES,
        )
        for slug, name, about in TOPICS
    }
    spaces["riverbend-smart"] = Space.objects.create(
        slug="riverbend-smart",
        name="SMART Recovery at Riverbend",
        kind=SpaceKind.PROGRAM,
        description="Tools, worksheets and how the week went.",
        organization=riverbend,
        program=Program.objects.filter(slug="smart").first(),
        guidelines=GUIDELINES,
    )
    group_space = Space.objects.create(
        slug="riverbend-smart-group",
        name=group.name,
        kind=SpaceKind.GROUP,
        description="For the people of the Riverbend SMART Recovery group.",
        group=group,
        guidelines=GUIDELINES,
    )
    meeting = Meeting.objects.filter(group=group).first()
    if meeting is not None:
        SavedMeeting.objects.get_or_create(
            member=maya, meeting=meeting, defaults={"meeting_name": meeting.name}
        )
    Moderator.objects.get_or_create(organization=riverbend, user=lena)
    Standing.objects.update_or_create(
        person=maya,
        defaults={
            "approved_posts": 8,
            "first_post_at": timezone.now() - datetime.timedelta(days=60),
        },
    )
    Standing.objects.update_or_create(
        person=sam,
        defaults={
            "approved_posts": 40,
            "first_post_at": timezone.now() - datetime.timedelta(days=400),
        },
    )
    for space in [*spaces.values(), group_space]:
        for person in (maya, sam, lena):
            Reading.objects.get_or_create(space=space, person=person)
    Reading.objects.get_or_create(space=spaces["riverbend-moderation"], person=jordan)
    published = PostStatus.PUBLISHED
    evenings = _thread(
        spaces["riverbend-early-days"],
        maya,
        "Evenings are the hardest part",
        [
            (maya, "Day 40. Mornings are fine, but 6 to 9 pm drags. What do you do?", published),
            (
                sam,
                "I booked the evening meeting three times a week at first. It helped.",
                published,
            ),
            (lena, "A walk and a phone call to someone on your list, every evening.", published),
        ],
        days_ago=3,
    )
    Reaction.objects.get_or_create(post=evenings.posts.first(), person=sam, kind="with_you")
    _thread(
        group_space,
        theo,
        "This week's tool: the cost-benefit analysis",
        [
            (
                theo,
                "Bring a **cost-benefit analysis** on Thursday; we'll go through one together.",
                published,
            ),
            (maya, "Done mine. The *long-term* column surprised me.", published),
        ],
        days_ago=2,
    )
    _thread(
        spaces["riverbend-moderation"],
        jordan,
        "Two drinks on Friday, and stopping there",
        [
            (
                jordan,
                "First week keeping to my plan. Anyone else tracking drink counts?",
                PostStatus.PENDING,
            )
        ],
        days_ago=1,
    )
    return [
        "Riverbend's forums: Early days, Family and friends, Moderation, SMART Recovery, and the "
        "SMART group's own space (Maya is in it)",
        "Lena moderates them and is on duty; Jordan's first post waits in her review queue",
    ]

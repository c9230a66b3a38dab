"""Seed a forum thread with many replies (for benchmarks and trying a long thread).

`manage.py seed_forum --replies 500` creates a recovery community organization with a topic
space, a member there who reads it, twenty people who write, and one thread of `--replies`
replies in Markdown with encouragements on some. Prints the thread's id. Safe to run again: the
thread is made once.
"""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Membership, Organization, OrganizationKind, Role, User
from alongside.community.models import (
    Encouragement,
    Post,
    PostStatus,
    Reaction,
    Reading,
    Space,
    SpaceKind,
    Standing,
    Thread,
)

WRITERS = 20
TITLE = "What got you through the first month?"


class Command(BaseCommand):
    help = "Give a topic space one thread with N replies, read by one member (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", default="bench.reader@example.org")
        parser.add_argument("--password", default="bench-walk-alongside")
        parser.add_argument("--replies", type=int, default=500)

    @transaction.atomic
    def handle(self, *args, email: str, password: str, replies: int, **options) -> None:
        organization, _ = Organization.objects.get_or_create(
            slug="bench-forum-rco",
            defaults={
                "name": "Bench Forum Community",
                "kind": OrganizationKind.RECOVERY_COMMUNITY,
            },
        )
        space, _ = Space.objects.get_or_create(
            slug="bench-first-month",
            defaults={
                "name": "The first month",
                "kind": SpaceKind.TOPIC,
                "organization": organization,
                "guidelines": "Be kind. First names or handles only.",
            },
        )
        reader = self._person(organization, email, "Bench", password)
        Reading.objects.get_or_create(space=space, person=reader)
        thread = Thread.objects.filter(space=space, title=TITLE).first()
        if thread is None:
            thread = self._thread(organization, space, replies)
        self.stdout.write(f"THREAD {thread.pk}\n")

    def _person(
        self, organization: Organization, email: str, name: str, password: str | None = None
    ) -> User:
        person = User.objects.filter(email=email).first()
        if person is None:
            person = User.objects.create_user(email=email, password=password, first_name=name)
            EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
        Membership.objects.get_or_create(user=person, organization=organization, role=Role.MEMBER)
        Standing.objects.get_or_create(
            person=person,
            defaults={
                "approved_posts": 50,
                "first_post_at": timezone.now() - datetime.timedelta(days=90),
            },
        )
        return person

    def _thread(self, organization: Organization, space: Space, replies: int) -> Thread:
        writers = [
            self._person(organization, f"bench.writer.{n}@example.org", f"Writer{n:02d}")
            for n in range(WRITERS)
        ]
        thread = Thread.objects.create(space=space, author=writers[0], title=TITLE)
        start = timezone.now() - datetime.timedelta(days=30)
        posts = Post.objects.bulk_create(
            [
                Post(
                    thread=thread,
                    author=writers[n % WRITERS],
                    body=(
                        "Day by day. **Meetings** every evening, and a call to my sponsor "
                        f"before bed ({n}).\n\n- a walk\n- tea, not coffee\n\n"
                        "[The meeting list](/meetings/) helped."
                    ),
                    status=PostStatus.PUBLISHED,
                    is_opening=n == 0,
                    created_at=start + datetime.timedelta(minutes=n),
                )
                for n in range(replies + 1)
            ]
        )
        thread.last_post_at = posts[-1].created_at
        thread.save(update_fields=["last_post_at"])
        kinds = list(Encouragement)
        Reaction.objects.bulk_create(
            [
                Reaction(post=post, person=writers[(i + k) % WRITERS], kind=kinds[k])
                for i, post in enumerate(posts)
                for k in range(i % 4)
                if k < len(kinds)
            ]
        )
        return thread

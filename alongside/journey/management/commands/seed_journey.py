"""Seed one member with a long journey (for benchmarks and trying the pages with a full year).

`manage.py seed_journey --email bench.member@example.org --password … --days 365` creates the
member when missing (email verified, so they can sign in), three tracks (two abstinence, one
moderation) and a check-in and a use total for every one of the last `--days` days. Safe to run
again: existing days are left as they are.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from alongside.accounts.models import User
from alongside.journey import services
from alongside.journey.models import CheckIn, Track, UseDay


class Command(BaseCommand):
    help = "Give one member three tracks and a check-in for each of the last N days (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", default="bench.member@example.org")
        parser.add_argument("--password", default="bench-walk-alongside")
        parser.add_argument("--days", type=int, default=365)

    @transaction.atomic
    def handle(self, *args, email: str, password: str, days: int, **options) -> None:
        member = User.objects.filter(email=email).first()
        if member is None:
            member = User.objects.create_user(
                email=email,
                password=password,
                first_name="Bench",
                time_zone="America/Chicago",
                pathways=["na", "mm"],
            )
        EmailAddress.objects.get_or_create(
            user=member, email=email, defaults={"verified": True, "primary": True}
        )
        today = member.local_today()
        if not Track.objects.for_member(member).exists():
            services.start_track(
                member=member,
                kind="substance",
                goal="abstinence",
                name="Opioids",
                sobriety_on=today - datetime.timedelta(days=days + 30),
            )
            services.start_track(
                member=member,
                kind="behaviour",
                goal="abstinence",
                name="Gambling",
                sobriety_on=today - datetime.timedelta(days=200),
            )
            services.start_track(
                member=member,
                kind="substance",
                goal="moderation",
                name="Alcohol",
                daily_limit=2,
                weekly_limit=8,
            )
        moderation = Track.objects.for_member(member).filter(goal="moderation").first()
        CheckIn.objects.bulk_create(
            [
                CheckIn(
                    member=member,
                    on=today - datetime.timedelta(days=n),
                    mood=1 + n % 5,
                    craving=n % 11,
                    sleep_hours=Decimal("7.5"),
                    attended_meeting=n % 2 == 0,
                    gratitude="a year of days",
                )
                for n in range(1, days + 1)
            ],
            ignore_conflicts=True,
        )
        if moderation is not None:
            UseDay.objects.bulk_create(
                [
                    UseDay(
                        track=moderation,
                        member=member,
                        on=today - datetime.timedelta(days=n),
                        amount=n % 3,
                    )
                    for n in range(1, days + 1)
                ],
                ignore_conflicts=True,
            )
        services.sync_celebrations(member=member)
        self.stdout.write(
            f"{email}: 3 tracks, {CheckIn.objects.for_member(member).count()} check-ins\n"
        )

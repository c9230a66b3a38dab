"""Seed one peer specialist with a full caseload (for benchmarks and trying the table at size).

`manage.py seed_caseload --people 200 --days 365` creates a recovery community organization, a
peer specialist there with two-step verification on (staff see no member data without it), and
`--people` participants who share their check-ins, assessments, meeting attendance and plans
with her. Each has a year of data: a check-in on most days, a meeting a week, an engagement a
week with a note, two follow-ups a month (the latest ones still open, one of them overdue), a
BARC-10 every 90 days, and a comprehensive-pathway record with an intake. Safe to run again:
people who are already there keep what they have.
"""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Membership, Organization, OrganizationKind, Role, User
from alongside.accounts.sensitive import Credential
from alongside.assessments.services import submit_administration
from alongside.caseload import services
from alongside.caseload.models import Engagement, FollowUp
from alongside.journey.models import CheckIn
from alongside.meetings.models import AttendanceRecord
from alongside.privacy.services import grant_access

SHARED = ["check_ins", "assessments", "attendance", "plans"]


class Command(BaseCommand):
    help = "Give one peer specialist N participants, each with a year of data (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", default="bench.specialist@example.org")
        parser.add_argument("--password", default="bench-walk-alongside")
        parser.add_argument("--people", type=int, default=200)
        parser.add_argument("--days", type=int, default=365)

    def handle(self, *args, email: str, password: str, people: int, days: int, **options) -> None:
        specialist = self._specialist(email, password)
        for n in range(people):
            self._participant(specialist, n, days)
        count = len(services.caseload(specialist))
        self.stdout.write(f"{email}: {count} people on the caseload\n")

    @transaction.atomic
    def _specialist(self, email: str, password: str) -> User:
        organization, _ = Organization.objects.get_or_create(
            slug="bench-rco",
            defaults={
                "name": "Bench Recovery Community",
                "kind": OrganizationKind.RECOVERY_COMMUNITY,
            },
        )
        specialist = User.objects.filter(email=email).first()
        if specialist is None:
            specialist = User.objects.create_user(
                email=email, password=password, first_name="Bench", last_name="Specialist"
            )
        EmailAddress.objects.get_or_create(
            user=specialist, email=email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.get_or_create(
            user=specialist, organization=organization, role=Role.PEER_SPECIALIST
        )
        if not Authenticator.objects.filter(user=specialist, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(specialist, generate_totp_secret())
        return specialist

    @transaction.atomic
    def _participant(self, specialist: User, n: int, days: int) -> None:
        email = f"bench.participant.{n}@example.org"
        if User.objects.filter(email=email).exists():
            return
        member = User.objects.create_user(
            email=email, first_name=f"Participant{n:03d}", time_zone="America/Chicago"
        )
        grant_access(
            member=member,
            grantee_user=specialist,
            scopes=SHARED,
            purpose="peer support",
            credential=Credential.for_setup(member),
        )
        today = member.local_today()
        now = timezone.now()
        # Some people have gone quiet: nothing from them in the last weeks.
        quiet = 10 + (n % 4) * 8 if n % 5 == 0 else 0
        back = range(quiet + 1, days + 1)
        CheckIn.objects.bulk_create(
            [
                CheckIn(
                    member=member, on=today - datetime.timedelta(days=d), mood=3, craving=d % 11
                )
                for d in back
                if d % 7 not in (2, 5)
            ]
        )
        AttendanceRecord.objects.bulk_create(
            [
                AttendanceRecord(
                    member=member,
                    meeting_name="Tuesday Night SMART",
                    occurred_at=now - datetime.timedelta(days=d),
                    method="qr",
                )
                for d in back
                if d % 7 == 3
            ]
        )
        record = services.record_for(staff=specialist, member=member)
        services.update_record(
            record=record, pathway="comprehensive", ok_to_text=n % 2 == 0, ok_to_call=True
        )
        services.save_intake(
            record=record,
            by=specialist,
            on=today - datetime.timedelta(days=days),
            referral="self",
            needs=["housing", "work"],
            help_wanted="Steady work and a place to live.",
        )
        engagements = Engagement.objects.bulk_create(
            [
                Engagement(
                    record=record,
                    kind="brief",
                    on=today - datetime.timedelta(days=d),
                    minutes=20,
                    note="Talked through the week; sleeping better.",
                    by=specialist,
                )
                for d in back
                if d % 7 == 1
            ]
        )
        FollowUp.objects.bulk_create(
            [
                FollowUp(
                    record=record,
                    engagement=engagement,
                    due_on=engagement.on + datetime.timedelta(days=10),
                    about="Call back about the week",
                    done_at=None if i < 4 else now,
                    by=specialist,
                )
                for i, engagement in enumerate(engagements)
                if i % 2 == 0
            ]
        )
        for d in range(days - n % 90, quiet, -90):
            submit_administration(
                member=member,
                instrument=services.BARC10,
                answers={str(k): 3 + (k + d) % 3 for k in range(1, 11)},
                taken_at=now - datetime.timedelta(days=d),
            )

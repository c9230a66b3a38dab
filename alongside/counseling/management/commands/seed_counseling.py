"""Seed one counselor with a full day (for benchmarks and trying the calendar at size).

`manage.py seed_counseling --clients 12 --group 20` creates a treatment organization, a
counselor there with two-step verification on (staff see no member data without it), and:

- `--clients` members who share counseling, medication and assessments with her, each with
  ninety days behind them (a weekly session, most attended; a check-in most days with the
  medication answer; an active treatment plan with three objectives, one met) and a session
  today, one an hour from 07:00 in the counselor's zone: the day view the counselor opens;
- a therapy group of `--group` members who share counseling with her, and `--sessions` group
  sessions of it (the first today at 19:00, then weekly back): what documenting a group is timed on.

Prints the group sessions' ids and the group members' ids for the benchmark. Safe to run again:
people and sessions already there are kept.
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
from alongside.counseling.models import (
    Appointment,
    AppointmentStatus,
    AttendanceStatus,
    Attendee,
    GroupMember,
    PlanStatus,
    PlanVersion,
    TherapyGroup,
    TreatmentPlan,
)
from alongside.journey.models import CheckIn
from alongside.privacy.services import grant_access

SHARED = ["counseling", "medication", "assessments"]
ZONE = "America/Chicago"
DAYS = 90


def _plan_content(today: datetime.date) -> dict:
    target = (today + datetime.timedelta(days=60)).isoformat()
    return {
        "asam": [{"dimension": "1", "rating": 1, "note": "no withdrawal"}],
        "problems": [
            {
                "id": "p1",
                "text": "Drinking after work",
                "dimension": "5",
                "goals": [
                    {
                        "id": "g1",
                        "text": "Evenings without alcohol",
                        "objectives": [
                            {
                                "id": f"o{i}",
                                "text": text,
                                "measure": "from check-ins",
                                "target_on": target,
                                "status": status,
                            }
                            for i, (text, status) in enumerate(
                                [
                                    ("Five evenings a week without a drink", "met"),
                                    ("Two meetings a week", "in_progress"),
                                    ("A craving plan used three times", "not_started"),
                                ],
                                start=1,
                            )
                        ],
                    }
                ],
                "interventions": [
                    {
                        "id": "i1",
                        "what": "CBT for cravings",
                        "who": "Counselor",
                        "how_often": "weekly",
                    }
                ],
            }
        ],
    }


class Command(BaseCommand):
    help = "Give one counselor a day of sessions with history, and a therapy group (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", default="bench.counselor@example.org")
        parser.add_argument("--password", default="bench-walk-alongside")
        parser.add_argument("--clients", type=int, default=12)
        parser.add_argument("--group", type=int, default=20)
        parser.add_argument("--sessions", type=int, default=10)

    def handle(
        self, *args, email: str, password: str, clients: int, group: int, sessions: int, **options
    ) -> None:
        organization, counselor = self._counselor(email, password)
        for n in range(clients):
            self._client(organization, counselor, n)
        therapy_group = self._group(organization, counselor, group)
        ids = self._group_sessions(organization, counselor, therapy_group, sessions)
        members = list(
            therapy_group.roster.order_by("member_id").values_list("member_id", flat=True)
        )
        self.stdout.write(f"GROUP_SESSIONS {' '.join(map(str, ids))}\n")
        self.stdout.write(f"GROUP_MEMBERS {' '.join(map(str, members))}\n")

    @transaction.atomic
    def _counselor(self, email: str, password: str) -> tuple[Organization, User]:
        organization, _ = Organization.objects.get_or_create(
            slug="bench-clinic",
            defaults={
                "name": "Bench Counseling Clinic",
                "kind": OrganizationKind.TREATMENT_PROVIDER,
            },
        )
        counselor = User.objects.filter(email=email).first()
        if counselor is None:
            counselor = User.objects.create_user(
                email=email,
                password=password,
                first_name="Bench",
                last_name="Counselor",
                time_zone=ZONE,
            )
        EmailAddress.objects.get_or_create(
            user=counselor, email=email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.get_or_create(
            user=counselor, organization=organization, role=Role.COUNSELOR
        )
        if not Authenticator.objects.filter(user=counselor, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(counselor, generate_totp_secret())
        return organization, counselor

    def _member(self, counselor: User, email: str, first_name: str) -> tuple[User, bool]:
        member = User.objects.filter(email=email).first()
        if member is not None:
            return member, False
        member = User.objects.create_user(email=email, first_name=first_name, time_zone=ZONE)
        grant_access(
            member=member,
            grantee_user=counselor,
            scopes=SHARED,
            purpose="counseling",
            credential=Credential.for_setup(member),
        )
        return member, True

    @staticmethod
    def _session(
        organization: Organization,
        counselor: User,
        starts_at: datetime.datetime,
        *,
        group: TherapyGroup | None = None,
    ) -> Appointment:
        return Appointment.objects.create(
            organization=organization,
            counselor=counselor,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(minutes=90 if group else 50),
            status=AppointmentStatus.SCHEDULED,
            group=group,
        )

    @transaction.atomic
    def _client(self, organization: Organization, counselor: User, n: int) -> None:
        member, made = self._member(counselor, f"bench.client.{n}@example.org", f"Client{n:02d}")
        if not made:
            return
        today = counselor.local_today()
        now = timezone.now()
        CheckIn.objects.bulk_create(
            [
                CheckIn(
                    member=member,
                    on=today - datetime.timedelta(days=d),
                    mood=3,
                    craving=d % 8,
                    took_medication=d % 9 != 0,
                )
                for d in range(1, DAYS + 1)
                if d % 7 != 4
            ]
        )
        for week in range(1, DAYS // 7 + 1):
            past = self._session(organization, counselor, now - datetime.timedelta(weeks=week))
            Attendee.objects.create(
                appointment=past,
                member=member,
                status=AttendanceStatus.NO_SHOW
                if (week + n) % 6 == 0
                else AttendanceStatus.ATTENDED,
            )
        local = datetime.datetime.combine(today, datetime.time(7 + n % 12), tzinfo=counselor.zone)
        Attendee.objects.create(
            appointment=self._session(organization, counselor, local), member=member
        )
        plan = TreatmentPlan.objects.create(
            member=member, counselor=counselor, organization=organization, status=PlanStatus.ACTIVE
        )
        PlanVersion.objects.create(
            plan=plan,
            number=1,
            content=_plan_content(today),
            written_by=counselor,
            written_at=now - datetime.timedelta(days=DAYS),
            counselor_signed_at=now - datetime.timedelta(days=DAYS),
        )

    @transaction.atomic
    def _group(self, organization: Organization, counselor: User, size: int) -> TherapyGroup:
        group, _ = TherapyGroup.objects.get_or_create(
            organization=organization,
            counselor=counselor,
            name="Relapse prevention (bench)",
        )
        for n in range(size):
            member, _made = self._member(
                counselor, f"bench.group.{n}@example.org", f"Groupmember{n:02d}"
            )
            GroupMember.objects.get_or_create(group=group, member=member, left_on=None)
        return group

    @transaction.atomic
    def _group_sessions(
        self, organization: Organization, counselor: User, group: TherapyGroup, count: int
    ) -> list[int]:
        existing = list(
            Appointment.objects.filter(group=group)
            .order_by("-starts_at")
            .values_list("pk", flat=True)
        )
        if len(existing) >= count:
            return existing[:count]
        today = counselor.local_today()
        first = datetime.datetime.combine(today, datetime.time(19), tzinfo=counselor.zone)
        members = list(group.roster.values_list("member_id", flat=True))
        made = []
        for week in range(len(existing), count):
            session = self._session(
                organization, counselor, first - datetime.timedelta(weeks=week), group=group
            )
            Attendee.objects.bulk_create(
                [Attendee(appointment=session, member_id=m) for m in members]
            )
            made.append(session.pk)
        return [*existing, *made]

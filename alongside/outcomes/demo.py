"""Believable demo rows for support outcomes (run by `manage.py demo_data`; safe to run again).

Fourteen people have been on Lena's caseload at Riverbend for three to six months. Ten of them
meet her every couple of weeks; four came twice at the start and then drifted away. Twelve share
their check-ins with her. So Lena (and Dana, who supervises her and runs Riverbend) sees her
staying-engaged figures and check-in regularity, while the BARC-10 change, which too few people
have, reads "fewer than 11 people"."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Membership, Organization, Role, User
from alongside.accounts.sensitive import Credential
from alongside.caseload import services as caseload
from alongside.caseload.models import CaseRecord, EngagementKind
from alongside.journey.models import CheckIn
from alongside.privacy.models import ConsentGrant, Scope
from alongside.privacy.services import grant_access

# first name, last name, days since the record was opened, stays engaged, shares check-ins
PEOPLE = [
    ("Aaliyah", "Brooks", 178, True, True),
    ("Marcus", "Hale", 171, True, True),
    ("Priya", "Nair", 163, True, True),
    ("Tomas", "Ortega", 152, False, True),
    ("Devon", "Carter", 147, True, True),
    ("Hannah", "Lindqvist", 139, True, True),
    ("Kwame", "Mensah", 131, False, False),
    ("Eli", "Novak", 124, True, True),
    ("Fatima", "Haddad", 118, True, True),
    ("Owen", "Murphy", 112, False, True),
    ("Sofia", "Rossi", 106, True, True),
    ("Nadia", "Petrova", 101, True, True),
    ("Luis", "Romero", 98, False, False),
    ("Chloe", "Bennett", 96, True, True),
]


@transaction.atomic
def populate(logins: dict) -> list[str]:
    lena = logins["peer_specialist"].user
    riverbend = Organization.objects.get(slug="riverbend")
    rng = random.Random(17)  # the same demo every time
    today = lena.local_today()
    for first, last, days_ago, stays, shares in PEOPLE:
        person = _participant(first, last, riverbend)
        # Opened months ago (the caseload's own record_for opens a record today).
        record, created = CaseRecord.objects.get_or_create(
            member=person,
            organization=riverbend,
            defaults={
                "peer_specialist": lena,
                "opened_at": timezone.now() - datetime.timedelta(days=days_ago),
            },
        )
        if created:
            days = range(3, days_ago, rng.randint(10, 16)) if stays else (2, 12)
            for day in days:
                caseload.record_engagement(
                    record=record,
                    by=lena,
                    kind=EngagementKind.BRIEF if day > 2 else EngagementKind.FOLLOW_UP,
                    on=today - datetime.timedelta(days=days_ago - day),
                    minutes=rng.choice((15, 20, 30, 45)),
                )
        if shares:
            _share_check_ins(person, lena, rng, regular=stays)
    return ["Fourteen people on Lena's caseload for months: her support figures show"]


def _participant(first: str, last: str, riverbend: Organization) -> User:
    email = f"{first.lower()}.{last.lower()}@example.org"
    person = User.objects.filter(email=email).first()
    if person is None:
        # Nobody signs in as them: no password is set.
        person = User.objects.create_user(
            email=email, first_name=first, last_name=last, time_zone="America/Chicago"
        )
    Membership.objects.get_or_create(user=person, organization=riverbend, role=Role.MEMBER)
    return person


def _share_check_ins(person: User, lena: User, rng: random.Random, *, regular: bool) -> None:
    if not ConsentGrant.objects.active().filter(member=person, grantee_user=lena).exists():
        grant_access(
            member=person,
            grantee_user=lena,
            scopes=[Scope.CHECK_INS],
            purpose="Peer support at Riverbend",
            credential=Credential.for_setup(person),
        )
    if CheckIn.objects.for_member(person).exists():
        return
    today = person.local_today()
    chance = rng.uniform(0.55, 0.95) if regular else rng.uniform(0.1, 0.3)
    CheckIn.objects.bulk_create(
        CheckIn(
            member=person,
            on=today - datetime.timedelta(days=back),
            mood=rng.randint(2, 5),
            craving=rng.randint(0, 6),
        )
        for back in range(40)
        if rng.random() < chance
    )

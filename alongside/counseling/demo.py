"""Believable demo rows for counseling (run by `manage.py demo_data`; safe to run again).

Session notes: Maya shares her counseling records with Riverbend's counselors and Jordan with
Dr. Chen. Dr. Chen saw Maya a week ago (a signed DAP note, with an addendum) and yesterday (a
SOAP draft still to sign, so her drafts list and the reminder have something to show); her
relapse-prevention group met two days ago with both of them and is waiting to be documented.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Organization, Role, User
from alongside.accounts.sensitive import Credential
from alongside.counseling.models import (
    Appointment,
    Attendee,
    GroupMember,
    NoteFormat,
    SessionNote,
    TherapyGroup,
)
from alongside.counseling.services import notes
from alongside.privacy import policy
from alongside.privacy.models import Scope
from alongside.privacy.services import grant_access


@transaction.atomic
def populate(logins: dict) -> list[str]:
    return demo_notes(logins)


def demo_notes(logins: dict) -> list[str]:
    maya, jordan = logins["member"].user, logins["member2"].user
    chen = logins["counselor"].user
    riverbend = Organization.objects.get(slug="riverbend")
    lines = _share(maya, jordan, chen, riverbend)
    if SessionNote.objects.filter(author=chen).exists():
        return lines
    week_ago = _session(chen, riverbend, [maya], days_ago=7)
    note = notes.start_note(
        author=chen,
        member=maya,
        format=NoteFormat.DAP,
        appointment=week_ago,
        sections={
            "data": (
                "Maya described a hard weekend: a family party with drinking, and a strong "
                "urge on Saturday night. She left early and called Sam."
            ),
            "assessment": (
                "She used her relapse-prevention plan as written; cravings are lower than last "
                "month (4 of 10, from 7). Motivation is good."
            ),
            "plan": "Practise urge surfing daily; plan for the next family event; meet weekly.",
        },
    )
    notes.sign_note(note=note, by=chen)
    notes.add_addendum(
        note=note,
        by=chen,
        text="Maya asked me to add that she also used the breathing exercise on Sunday.",
    )
    yesterday = _session(chen, riverbend, [maya], days_ago=1)
    notes.start_note(
        author=chen,
        member=maya,
        format=NoteFormat.SOAP,
        appointment=yesterday,
        sections={"subjective": "Started the new job; tired but proud."},
    )
    group, _created = TherapyGroup.objects.get_or_create(
        organization=riverbend, counselor=chen, name="Relapse prevention skills"
    )
    for member in (maya, jordan):
        GroupMember.objects.get_or_create(group=group, member=member, left_on=None)
    _session(chen, riverbend, [maya, jordan], days_ago=2, group=group)
    return lines + [
        "Dr. Chen's notes of Maya's sessions: one signed (with an addendum), one draft to sign; "
        "the relapse-prevention group's session of two days ago waits to be documented"
    ]


def _share(maya: User, jordan: User, chen: User, riverbend: Organization) -> list[str]:
    lines = []
    if not policy.decide(chen, maya, Scope.COUNSELING):
        grant_access(
            member=maya,
            grantee_organization=riverbend,
            grantee_role=Role.COUNSELOR,
            scopes=[Scope.COUNSELING],
            purpose="My counseling at Riverbend",
            credential=Credential.for_setup(maya),
        )
        lines.append("Maya shares her counseling records with Riverbend's counselors")
    if not policy.decide(chen, jordan, Scope.COUNSELING):
        grant_access(
            member=jordan,
            grantee_user=chen,
            scopes=[Scope.COUNSELING],
            purpose="Group therapy with Dr. Chen",
            credential=Credential.for_setup(jordan),
        )
        lines.append("Jordan shares his counseling records with Dr. Chen")
    return lines


def _session(
    chen: User,
    riverbend: Organization,
    members: list[User],
    *,
    days_ago: int,
    group: TherapyGroup | None = None,
) -> Appointment:
    today = timezone.localtime(timezone.now(), chen.zone).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    start = today - datetime.timedelta(days=days_ago)
    appointment = Appointment.objects.create(
        organization=riverbend,
        counselor=chen,
        group=group,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=90 if group else 50),
        location="Riverbend, room 2",
    )
    Attendee.objects.bulk_create([Attendee(appointment=appointment, member=m) for m in members])
    return appointment

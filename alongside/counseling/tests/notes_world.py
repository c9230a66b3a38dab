"""What the session-note tests share: Maya shares counseling records with Riverbend's
counselors (Dr. Chen among them), Jordan shares his with Dr. Chen; Casey, a counselor at
Harbor, has nobody's consent. Dr. Chen held an individual session with Maya an hour ago and
runs a relapse-prevention group whose session this morning had Maya and Jordan on its roster."""

from __future__ import annotations

import datetime
import typing
from dataclasses import dataclass

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
from alongside.privacy.models import Scope
from alongside.privacy.services import grant_access

DAP = {
    "data": "Maya talked about a hard weekend and the urge to drink at a party.",
    "assessment": "She used her coping plan; cravings lower than last month.",
    "plan": "Practise urge surfing; next session in one week.",
}


@dataclass
class World:
    maya: User
    jordan: User
    chen: User
    casey: User
    riverbend: Organization
    session: Appointment  # Dr. Chen with Maya, an hour ago
    group: TherapyGroup
    group_session: Appointment  # this morning: Maya and Jordan


def share_counseling(member: User, *, with_user: User | None = None, org=None) -> None:
    grant_access(
        member=member,
        grantee_user=with_user,
        grantee_organization=org if with_user is None else None,
        grantee_role=Role.COUNSELOR if with_user is None else "",
        scopes=[Scope.COUNSELING],
        purpose="counseling",
        credential=Credential.for_setup(member),
    )


def session_of(
    chen: User, members: list[User], *, hours_ago: float = 1, group: TherapyGroup | None = None
) -> Appointment:
    start = timezone.now() - datetime.timedelta(hours=hours_ago)
    appointment = Appointment.objects.create(
        organization=Organization.objects.get(slug="riverbend"),
        counselor=chen,
        group=group,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=50),
    )
    Attendee.objects.bulk_create([Attendee(appointment=appointment, member=m) for m in members])
    return appointment


def world(cast: dict) -> World:
    maya, jordan = cast["member"].user, cast["member2"].user
    chen, casey = cast["counselor"].user, cast["outsider"].user
    riverbend = Organization.objects.get(slug="riverbend")
    share_counseling(maya, org=riverbend)
    share_counseling(jordan, with_user=chen)
    group = TherapyGroup.objects.create(
        organization=riverbend, counselor=chen, name="Relapse prevention skills"
    )
    for member in (maya, jordan):
        GroupMember.objects.create(group=group, member=member)
    return World(
        maya=maya,
        jordan=jordan,
        chen=chen,
        casey=casey,
        riverbend=riverbend,
        session=session_of(chen, [maya]),
        group=group,
        group_session=session_of(chen, [maya, jordan], hours_ago=3, group=group),
    )


def draft(w: World, **sections: str) -> SessionNote:
    return notes.start_note(
        author=w.chen,
        member=w.maya,
        format=NoteFormat.DAP,
        sections=sections or DAP,
        appointment=w.session,
    )


def signed(w: World) -> SessionNote:
    return notes.sign_note(note=draft(w), by=w.chen)


def second_counselor(w: World) -> User:
    """Dr. Ade Bello, another counselor at Riverbend with two-step verification on: Maya's
    grant to Riverbend's counselors reaches him too."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from alongside.accounts.models import Membership

    ade = User.objects.create_user(
        email="ade@example.org",
        password="a-long-test-password",
        first_name="Ade",
        last_name="Bello",
        time_zone="America/Chicago",
    )
    Membership.objects.create(user=ade, organization=w.riverbend, role=Role.COUNSELOR)
    TOTP.activate(ade, generate_totp_secret())
    return ade


def a_member() -> User:
    """Someone else in recovery, with nothing shared yet."""
    from alongside.testing.factories import UserFactory

    return typing.cast(User, UserFactory())

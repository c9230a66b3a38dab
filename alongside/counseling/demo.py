"""Believable demo rows for counseling (run by `manage.py demo_data`; safe to run again).

Appointments (`demo_appointments`): Maya shares her counseling records with Riverbend's
counselors, and Jordan with Dr. Chen. Dr. Chen sees Maya every Tuesday at 18:00 New York time
by video (eight weeks booked; last week's session she attended), and runs "Relapse prevention
skills" on Thursday evenings with Maya and Jordan on its roster, neither of whom sees the
other. Maya has asked for an extra time next Friday morning, which waits for Dr. Chen's answer.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Organization, Role, User
from alongside.accounts.sensitive import Credential
from alongside.counseling.access import shares_counseling
from alongside.counseling.models import (
    Appointment,
    AppointmentStatus,
    AttendanceStatus,
    Attendee,
    Modality,
    TherapyGroup,
)
from alongside.counseling.services import appointment_requests, appointments, therapy_groups
from alongside.counseling.services.appointments import Booking
from alongside.privacy.models import Scope
from alongside.privacy.services import grant_access

VIDEO = "https://meet.example.org/dr-chen"
GROUP = "Relapse prevention skills"


@transaction.atomic
def populate(logins: dict) -> list[str]:
    return demo_appointments(logins)


def _share(member: User, counselor: User, **grantee: object) -> None:
    if shares_counseling(counselor, member):
        return
    grant_access(
        member=member,
        scopes=[Scope.COUNSELING],
        purpose="Counseling at Riverbend",
        credential=Credential.for_setup(member),
        **grantee,  # type: ignore[arg-type]  # a person, or a role within an organization
    )


def _next(counselor: User, weekday: int, hour: int) -> datetime.datetime:
    """The next `weekday` (0 Monday) after today, at `hour` in the counselor's zone."""
    today = counselor.local_today()
    days = (weekday - today.weekday()) % 7 or 7
    day = today + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=counselor.zone)


def demo_appointments(logins: dict) -> list[str]:
    maya, jordan = logins["member"].user, logins["member2"].user
    chen = logins["counselor"].user
    riverbend = Organization.objects.get(slug="riverbend")
    _share(maya, chen, grantee_organization=riverbend, grantee_role=Role.COUNSELOR)
    _share(jordan, chen, grantee_user=chen)
    if Appointment.objects.filter(counselor=chen).exists():
        return []
    first = _next(chen, 1, 18)  # Tuesday
    appointments.book_appointment(
        counselor=chen,
        member=maya,
        booking=Booking(
            starts_at=first,
            ends_at=first + datetime.timedelta(minutes=50),
            modality=Modality.VIDEO,
            video_url=VIDEO,
            count=8,
        ),
    )
    # Last week's session has happened: written as it stands, since nobody books the past.
    last = first - datetime.timedelta(weeks=1)
    held = Appointment.objects.create(
        organization=riverbend,
        counselor=chen,
        starts_at=last,
        ends_at=last + datetime.timedelta(minutes=50),
        modality=Modality.VIDEO,
        video_url=VIDEO,
        status=AppointmentStatus.COMPLETED,
    )
    Attendee.objects.create(
        appointment=held,
        member=maya,
        status=AttendanceStatus.ATTENDED,
        recorded_at=last + datetime.timedelta(minutes=50),
    )
    group = TherapyGroup.objects.filter(counselor=chen, name=GROUP).first()
    if group is None:
        group = therapy_groups.create_group(
            counselor=chen,
            name=GROUP,
            description="CBT skills for high-risk moments; eight weeks, closed group.",
        )
        therapy_groups.add_to_group(group=group, member=maya)
        therapy_groups.add_to_group(group=group, member=jordan)
    thursday = _next(chen, 3, 18)
    therapy_groups.book_group_session(
        group=group,
        booking=Booking(
            starts_at=thursday,
            ends_at=thursday + datetime.timedelta(minutes=90),
            location="Riverbend community room",
            count=6,
        ),
    )
    friday = _next(maya, 4, 10)
    if friday - timezone.now() < datetime.timedelta(days=2):
        friday += datetime.timedelta(weeks=1)
    appointment_requests.request_appointment(
        member=maya,
        counselor=chen,
        starts_at=friday,
        ends_at=friday + datetime.timedelta(minutes=50),
        note="Could we talk before my new job starts?",
    )
    return [
        "Dr. Chen sees Maya weekly by video and runs a relapse-prevention group with Maya and "
        "Jordan; Maya has asked for an extra time"
    ]

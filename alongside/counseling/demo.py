"""Believable demo rows for counseling (run by `manage.py demo_data`; safe to run again).

Appointments (`demo_appointments`): Maya shares her counseling records with Riverbend's
counselors, and Jordan with Dr. Chen. Dr. Chen sees Maya every Tuesday at 18:00 New York time
by video (eight weeks booked; last week's session she attended), and runs "Relapse prevention
skills" on Thursday evenings with Maya and Jordan on its roster, neither of whom sees the
other. Maya has asked for an extra time next Friday morning, which waits for Dr. Chen's answer.

Treatment plans (`demo_plans`): see its docstring.

Session notes (`demo_notes`): Dr. Chen saw Maya a week ago (a signed DAP note, with an
addendum) and yesterday (a SOAP draft still to sign); her relapse-prevention group met two days
ago with Maya and Jordan and is waiting to be documented.
"""

from __future__ import annotations

import copy
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
    GroupMember,
    Modality,
    NoteFormat,
    SessionNote,
    TherapyGroup,
    TreatmentPlan,
)
from alongside.counseling.services import (
    appointment_requests,
    appointments,
    notes,
    plans,
    therapy_groups,
)
from alongside.counseling.services.appointments import Booking
from alongside.privacy import policy
from alongside.privacy.models import ConsentGrant, Scope
from alongside.privacy.services import grant_access

VIDEO = "https://meet.example.org/dr-chen"
GROUP = "Relapse prevention skills"


@transaction.atomic
def populate(logins: dict) -> list[str]:
    return demo_appointments(logins) + demo_plans(logins) + demo_notes(logins)


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


@transaction.atomic
def demo_plans(logins: dict) -> list[str]:
    """Maya shares her counseling records with Riverbend's counselors. Dr. Chen wrote her
    treatment plan with her (4th edition ASAM summary, two problems with goals, objectives and
    interventions); both signed version 2, which is in effect. Dr. Chen then marked an objective
    met and signed version 3, which waits for Maya's co-signature (she has a notice)."""
    maya, chen = logins["member"].user, logins["counselor"].user
    riverbend = Organization.objects.get(slug="riverbend")
    grants = ConsentGrant.objects.active().filter(
        member=maya, grantee_organization=riverbend, grantee_role=Role.COUNSELOR
    )
    if not any(Scope.COUNSELING in g.scopes for g in grants):
        grant_access(
            member=maya,
            grantee_organization=riverbend,
            grantee_role=Role.COUNSELOR,
            scopes=[Scope.COUNSELING],
            purpose="Counseling at Riverbend",
            credential=Credential.for_setup(maya),
        )
    if TreatmentPlan.objects.filter(member=maya, organization=riverbend).exists():
        return ["Maya's treatment plan with Dr. Chen is there already"]
    today = chen.local_today()
    plan = plans.start_plan(member=maya, counselor=chen)
    content = _content(today.replace(day=1).isoformat()[:8])
    version, _created = plans.save_version(plan=plan, by=chen, content=content)
    plans.sign_version(plan=plan, by=chen, number=version.number)
    plans.cosign_version(plan=plan, member=maya, number=version.number)
    progressed = copy.deepcopy(version.content)
    progressed["problems"][1]["goals"][0]["objectives"][0]["status"] = "met"
    progressed["problems"][0]["goals"][0]["objectives"][0]["status"] = "in_progress"
    latest, _created = plans.save_version(plan=plan, by=chen, content=progressed)
    plans.sign_version(plan=plan, by=chen, number=latest.number)
    return [
        "Maya's treatment plan with Dr. Chen: version 2 in effect, version 3 (an objective "
        "met) signed by Dr. Chen and waiting for Maya's co-signature"
    ]


def _content(month: str) -> dict:
    """The plan's words; target dates in the months ahead (`month` is "YYYY-MM-")."""
    year, number = int(month[:4]), int(month[5:7])

    def ahead(months: int) -> str:
        total = number - 1 + months
        return f"{year + total // 12:04d}-{total % 12 + 1:02d}-28"

    return {
        "asam": [
            {"dimension": 1, "rating": 1, "note": "Last drink three weeks ago; no withdrawal."},
            {"dimension": 2, "rating": 1, "note": "Poor sleep; sees her GP next month."},
            {"dimension": 3, "rating": 2, "note": "Anxious evenings; PHQ-9 mild."},
            {"dimension": 4, "rating": 3, "note": "Evenings after work are the risk."},
            {"dimension": 5, "rating": 2, "note": "Flatmate drinks at home."},
            {"dimension": 6, "rating": 1, "note": "Wants to keep her job; likes NA and SMART."},
        ],
        "problems": [
            {
                "text": "Drinking most evenings after work",
                "dimension": 4,
                "goals": [
                    {
                        "text": "Evenings without alcohol",
                        "objectives": [
                            {
                                "text": "Five alcohol-free evenings a week",
                                "measure": "Daily check-ins, reviewed together each week",
                                "target_on": ahead(2),
                                "status": "not_started",
                            },
                            {
                                "text": "A plan for the first hour home written and tried",
                                "measure": "The plan, brought to a session",
                                "target_on": ahead(1),
                                "status": "in_progress",
                            },
                        ],
                    }
                ],
                "interventions": [
                    {
                        "what": "Relapse prevention skills group",
                        "who": "Dr. Chen",
                        "how_often": "Weekly",
                    },
                    {"what": "Motivational interviewing", "who": "Dr. Chen", "how_often": "Weekly"},
                ],
            },
            {
                "text": "Alcohol kept at home",
                "dimension": 5,
                "goals": [
                    {
                        "text": "A home without alcohol within reach",
                        "objectives": [
                            {
                                "text": "Agree a shelf for her flatmate's drinks",
                                "measure": "Maya says it is agreed",
                                "target_on": ahead(1),
                                "status": "in_progress",
                            }
                        ],
                    }
                ],
                "interventions": [
                    {"what": "Talk it through with Sam", "who": "Maya", "how_often": "Once"}
                ],
            },
        ],
    }


def demo_notes(logins: dict) -> list[str]:
    maya, jordan = logins["member"].user, logins["member2"].user
    chen = logins["counselor"].user
    riverbend = Organization.objects.get(slug="riverbend")
    lines = _share_for_notes(maya, jordan, chen, riverbend)
    if SessionNote.objects.filter(author=chen).exists():
        return lines
    week_ago = _past_session(chen, riverbend, [maya], days_ago=7)
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
    yesterday = _past_session(chen, riverbend, [maya], days_ago=1)
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
    _past_session(chen, riverbend, [maya, jordan], days_ago=2, group=group)
    return lines + [
        "Dr. Chen's notes of Maya's sessions: one signed (with an addendum), one draft to sign; "
        "the relapse-prevention group's session of two days ago waits to be documented"
    ]


def _share_for_notes(maya: User, jordan: User, chen: User, riverbend: Organization) -> list[str]:
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


def _past_session(
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

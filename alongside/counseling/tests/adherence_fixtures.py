"""Counseling rows for the adherence, alert and FHIR tests, written straight to the tables: the
services that book sessions, write plans and sign notes are tested with them, not here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from alongside.accounts.models import Organization, User
from alongside.accounts.sensitive import Credential
from alongside.counseling.models import (
    Addendum,
    Appointment,
    AppointmentStatus,
    AttendanceStatus,
    Attendee,
    Modality,
    NoteFormat,
    PlanStatus,
    PlanVersion,
    SessionNote,
    TherapyGroup,
    TreatmentPlan,
)
from alongside.privacy.models import ConsentGrant
from alongside.privacy.services import grant_access


def riverbend() -> Organization:
    return Organization.objects.get(slug="riverbend")


def share(member: User, grantee: User, scopes: Iterable[str]) -> ConsentGrant:
    return grant_access(
        member=member,
        grantee_user=grantee,
        scopes=list(scopes),
        purpose="counseling",
        credential=Credential.for_setup(member),
    )


def session(
    member: User,
    counselor: User,
    starts_at: datetime.datetime,
    attendance: str = AttendanceStatus.ATTENDED,
    *,
    status: str = AppointmentStatus.SCHEDULED,
    group: TherapyGroup | None = None,
    modality: str = Modality.IN_PERSON,
) -> Appointment:
    appointment = Appointment.objects.create(
        organization=riverbend(),
        counselor=counselor,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=50),
        status=status,
        group=group,
        modality=modality,
    )
    Attendee.objects.create(appointment=appointment, member=member, status=attendance)
    return appointment


def plan_content(statuses: Iterable[str]) -> dict:
    """One problem, one goal, an objective per status ("met" or anything else)."""
    return {
        "asam": [{"dimension": "1", "rating": 2, "note": "withdrawal managed"}],
        "problems": [
            {
                "id": "p1",
                "text": "Drinking after work",
                "dimension": "4",
                "goals": [
                    {
                        "id": "g1",
                        "text": "Evenings without alcohol",
                        "objectives": [
                            {
                                "id": f"o{i}",
                                "text": f"Objective {i}",
                                "measure": "days without a drink, from check-ins",
                                "target_on": "2027-03-01",
                                "status": status,
                            }
                            for i, status in enumerate(statuses, start=1)
                        ],
                    }
                ],
                "interventions": [
                    {
                        "id": "i1",
                        "what": "CBT for cravings",
                        "who": "Dr. Chen",
                        "how_often": "weekly",
                    }
                ],
            }
        ],
    }


def plan(
    member: User,
    counselor: User,
    statuses: Iterable[str],
    *,
    written_at: datetime.datetime | None = None,
    status: str = PlanStatus.ACTIVE,
    existing: TreatmentPlan | None = None,
) -> PlanVersion:
    """A new plan, or the next version of `existing`, whose objectives have these statuses."""
    treatment = existing or TreatmentPlan.objects.create(
        member=member, counselor=counselor, organization=riverbend(), status=status
    )
    return PlanVersion.objects.create(
        plan=treatment,
        number=treatment.versions.count() + 1,
        content=plan_content(statuses),
        written_by=counselor,
        written_at=written_at or timezone.now(),
        counselor_signed_at=written_at or timezone.now(),
    )


def note(
    member: User,
    counselor: User,
    appointment: Appointment | None = None,
    *,
    signed: bool = True,
    addendum: str = "",
) -> SessionNote:
    written = SessionNote.objects.create(
        member=member,
        author=counselor,
        organization=riverbend(),
        appointment=appointment,
        format=NoteFormat.DAP,
        sections={
            "data": "Talked about the weekend and the pull to drink on Friday.",
            "assessment": "Motivated; cravings lower than last month.",
            "plan": "Keep the Friday plan; review next week.",
        },
        signed_at=timezone.now() if signed else None,
    )
    if addendum:
        Addendum.objects.create(note=written, author=counselor, text=addendum)
    return written

"""Counseling's routes in the authorization matrix.

Maya shares every scope, counseling included, with Riverbend's counselors: Dr. Chen is her
counselor. Her individual appointment, her place in Dr. Chen's therapy group and its session,
her treatment plan and a draft session note are Dr. Chen's to reach and hers to read; the
other counselor (Casey, at Harbor) has no consent and gets 404 like everyone else.
"""

from __future__ import annotations

ROUTES: list = []


def subjects(cast: dict) -> dict:
    import datetime

    from django.utils import timezone

    from alongside.accounts.models import Organization
    from alongside.counseling.models import (
        Appointment,
        Attendee,
        GroupMember,
        NoteFormat,
        PlanVersion,
        SessionNote,
        TherapyGroup,
        TreatmentPlan,
    )

    maya, chen = cast["member"].user, cast["counselor"].user
    riverbend = Organization.objects.get(slug="riverbend")
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=2)
    appointment = Appointment.objects.create(
        organization=riverbend,
        counselor=chen,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=50),
    )
    Attendee.objects.create(appointment=appointment, member=maya)
    group = TherapyGroup.objects.create(
        organization=riverbend, counselor=chen, name="Relapse prevention skills"
    )
    GroupMember.objects.create(group=group, member=maya)
    group_session = Appointment.objects.create(
        organization=riverbend,
        counselor=chen,
        group=group,
        starts_at=start + datetime.timedelta(days=1),
        ends_at=start + datetime.timedelta(days=1, minutes=90),
    )
    Attendee.objects.create(appointment=group_session, member=maya)
    plan = TreatmentPlan.objects.create(member=maya, counselor=chen, organization=riverbend)
    PlanVersion.objects.create(
        plan=plan, number=1, content={"asam": [], "problems": []}, written_by=chen
    )
    note = SessionNote.objects.create(
        member=maya,
        author=chen,
        organization=riverbend,
        appointment=appointment,
        format=NoteFormat.DAP,
        sections={"data": "Talked about the weekend.", "assessment": "", "plan": ""},
    )
    return {
        "counseling_client": maya,
        "counseling_counselor": chen,
        "counseling_appointment": appointment,
        "counseling_group": group,
        "counseling_group_session": group_session,
        "counseling_plan": plan,
        "counseling_note": note,
    }

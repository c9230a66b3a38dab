"""Counseling's routes in the authorization matrix.

Maya shares counseling with Riverbend's counselors (and her assessments with Dr. Chen,
assessments/tests/authz.py): Dr. Chen is her counselor. Her individual appointment, her place in
Dr. Chen's therapy group and its session, her treatment plan and a draft session note are Dr.
Chen's to reach and hers to read; her client page is both of theirs; her safety alerts are Dr.
Chen's to work. The other counselor (Casey, at Harbor) has no consent and gets 404 like everyone
else.
"""

from __future__ import annotations

from alongside.privacy.models import Scope
from alongside.testing.authz import (
    ANON,
    NOT_FOUND,
    OK,
    UNAUTHENTICATED,
    Route,
    everyone_but_anon,
)

MAYA = lambda s: s["counseling_client"].pk  # noqa: E731
ALERT = lambda s: s["counseling_alert"].pk  # noqa: E731
ACKNOWLEDGED = lambda s: s["counseling_acknowledged_alert"].pk  # noqa: E731
# Maya's own, and her counselor's; anyone else's 404 (Casey counsels elsewhere, no consent).
MAYA_AND_HER_COUNSELOR: dict[str, object] = {ANON: UNAUTHENTICATED, "member": OK, "counselor": OK}

ROUTES: list = [
    # Clients and safety alerts: every signed-in person may open the lists (only counselors
    # have anyone on them); a client's page is Maya's own and Dr. Chen's.
    Route("counseling:clients", "/counseling/clients/", everyone_but_anon()),
    Route(
        "counseling:client",
        lambda s: f"/counseling/clients/{MAYA(s)}/",
        everyone_but_anon(member=OK, counselor=OK),
        default=NOT_FOUND,
    ),
    Route("counseling:alerts", "/counseling/alerts/", everyone_but_anon()),
    Route("GET /api/v1/counseling/clients", "/api/v1/counseling/clients", {ANON: UNAUTHENTICATED}),
    Route(
        "GET /api/v1/members/{member_id}/counseling",
        lambda s: f"/api/v1/members/{MAYA(s)}/counseling",
        MAYA_AND_HER_COUNSELOR,
        default=NOT_FOUND,
    ),
    Route(
        "GET /api/v1/members/{member_id}/counseling/adherence",
        lambda s: f"/api/v1/members/{MAYA(s)}/counseling/adherence",
        MAYA_AND_HER_COUNSELOR,
        default=NOT_FOUND,
    ),
    Route("GET /api/v1/counseling/alerts", "/api/v1/counseling/alerts", {ANON: UNAUTHENTICATED}),
    # A safety alert is worked by the counselor Maya shares her assessments with, not by Maya.
    Route(
        "POST /api/v1/counseling/alerts/{alert_id}/acknowledge",
        lambda s: f"/api/v1/counseling/alerts/{ALERT(s)}/acknowledge",
        {ANON: UNAUTHENTICATED, "counselor": OK},
        default=NOT_FOUND,
        method="post",
        data={"note": "Calling her now."},
    ),
    Route(
        "POST /api/v1/counseling/alerts/{alert_id}/close",
        lambda s: f"/api/v1/counseling/alerts/{ACKNOWLEDGED(s)}/close",
        {ANON: UNAUTHENTICATED, "counselor": OK},
        default=NOT_FOUND,
        method="post",
        data={"note": "She is safe; we went over her safety plan together."},
    ),
]

# Reads of a member's records by id, each writing one access-log row under "counseling" (the
# medication and assessments the page also shows are logged under their own scopes, when shared).
SENSITIVE_READS = {
    "counseling:client": ("/counseling/clients/{member}/", Scope.COUNSELING, "page"),
    "GET /api/v1/members/{member_id}/counseling": (
        "/api/v1/members/{member}/counseling",
        Scope.COUNSELING,
        "api",
    ),
    "GET /api/v1/members/{member_id}/counseling/adherence": (
        "/api/v1/members/{member}/counseling/adherence",
        Scope.COUNSELING,
        "api",
    ),
}


def subjects(cast: dict) -> dict:
    import datetime

    from django.utils import timezone

    from alongside.accounts.models import Organization, Role
    from alongside.accounts.sensitive import Credential
    from alongside.assessments import services as assessments
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
    from alongside.privacy.services import grant_access

    maya, chen = cast["member"].user, cast["counselor"].user
    riverbend = Organization.objects.get(slug="riverbend")
    grant_access(
        member=maya,
        grantee_organization=riverbend,
        grantee_role=Role.COUNSELOR,
        scopes=[Scope.COUNSELING],
        purpose="counseling at Riverbend",
        credential=Credential.for_setup(maya),
    )
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
    # Two PHQ-9s with item 9 above "not at all" (Maya shares her assessments with Dr. Chen,
    # assessments/tests/authz.py): one alert waiting, one acknowledged and waiting to be closed.
    flagged = {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 2}
    waiting, acknowledged = (
        assessments.submit_administration(member=maya, instrument="phq9", answers=flagged)
        for _i in range(2)
    )
    assessments.acknowledge_safety_alert(
        alert=acknowledged.safety_alert, staff=chen, note="Called her; she is with her sister."
    )
    return {
        "counseling_alert": waiting.safety_alert,
        "counseling_acknowledged_alert": acknowledged.safety_alert,
        "counseling_client": maya,
        "counseling_counselor": chen,
        "counseling_appointment": appointment,
        "counseling_group": group,
        "counseling_group_session": group_session,
        "counseling_plan": plan,
        "counseling_note": note,
    }

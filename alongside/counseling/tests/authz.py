"""Counseling's routes in the authorization matrix.

Maya shares every scope, counseling included, with Riverbend's counselors: Dr. Chen is her
counselor (the counseling grant is made below if no other app's subjects made it). Her
individual appointment, her place in Dr. Chen's therapy group and its session, her treatment
plan, a draft session note and a signed one are Dr. Chen's to reach and hers to read; only Dr.
Chen changes the notes (Maya: 403, she may read but not change them). The other counselor
(Casey, at Harbor) has no consent and gets 404 like everyone else.
"""

from __future__ import annotations

from alongside.privacy.models import Scope
from alongside.testing.authz import (
    ANON,
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHENTICATED,
    Route,
    everyone_but_anon,
)

FORBIDDEN = 403  # may see it, may not change it: Maya on her own note

NOTE = lambda s: s["counseling_note"].pk  # noqa: E731  (a draft)
SIGNED = lambda s: s["counseling_signed_note"].pk  # noqa: E731
MAYA = lambda s: s["counseling_client"].pk  # noqa: E731
GROUP_SESSION = lambda s: s["counseling_group_session"].pk  # noqa: E731
DAP = {"data": "Talked about the weekend.", "assessment": "Steady.", "plan": "Same time."}


def chen_and_maya(key, path, *, method="get", data=None, chen=OK, maya=OK, anon=None) -> Route:
    """Dr. Chen's and Maya's; everyone else (Casey included) gets 404."""
    api = key.split(" ", 1)[0] in {"GET", "POST", "PUT", "PATCH", "DELETE"}
    return Route(
        key,
        path,
        {ANON: anon or (UNAUTHENTICATED if api else LOGIN), "counselor": chen, "member": maya},
        default=NOT_FOUND,
        method=method,
        data=data or {},
    )


ROUTES = [
    # Session notes: pages
    Route("counseling:notes", "/counseling/notes/", everyone_but_anon()),
    Route(
        "counseling:note-new",
        "/counseling/notes/new/",
        everyone_but_anon(counselor=OK, outsider=OK),
        default=NOT_FOUND,
    ),
    chen_and_maya("counseling:note", lambda s: f"/counseling/notes/{NOTE(s)}/"),
    chen_and_maya(
        "counseling:note-sign",
        lambda s: f"/counseling/notes/{NOTE(s)}/sign/",
        method="post",
        data=DAP,
        chen=REDIRECT,
        maya=FORBIDDEN,
    ),
    chen_and_maya(
        "counseling:note-addendum",
        lambda s: f"/counseling/notes/{SIGNED(s)}/addenda/",
        method="post",
        data={"text": "She asked me to add: the new job starts Monday."},
        chen=REDIRECT,
        maya=FORBIDDEN,
    ),
    chen_and_maya(
        "counseling:group-notes",
        lambda s: f"/counseling/notes/group/{GROUP_SESSION(s)}/",
        maya=NOT_FOUND,
    ),
    chen_and_maya("counseling:client-notes", lambda s: f"/counseling/clients/{MAYA(s)}/notes/"),
    # Session notes: API
    Route("GET /api/v1/counseling/notes", "/api/v1/counseling/notes", {ANON: UNAUTHENTICATED}),
    Route(
        "GET /api/v1/counseling/notes/templates",
        "/api/v1/counseling/notes/templates",
        {ANON: UNAUTHENTICATED},
    ),
    Route(
        "POST /api/v1/counseling/notes",
        "/api/v1/counseling/notes",
        {ANON: UNAUTHENTICATED, "counselor": 201},
        default=NOT_FOUND,
        method="post",
        data=lambda s: {"member_id": MAYA(s), "format": "dap", "sections": DAP},
    ),
    chen_and_maya(
        "GET /api/v1/counseling/notes/{note_id}",
        lambda s: f"/api/v1/counseling/notes/{NOTE(s)}",
    ),
    chen_and_maya(
        "PATCH /api/v1/counseling/notes/{note_id}",
        lambda s: f"/api/v1/counseling/notes/{NOTE(s)}",
        method="patch",
        data={"sections": DAP},
        maya=FORBIDDEN,
    ),
    chen_and_maya(
        "POST /api/v1/counseling/notes/{note_id}/sign",
        lambda s: f"/api/v1/counseling/notes/{NOTE(s)}/sign",
        method="post",
        maya=FORBIDDEN,
    ),
    chen_and_maya(
        "POST /api/v1/counseling/notes/{note_id}/addenda",
        lambda s: f"/api/v1/counseling/notes/{SIGNED(s)}/addenda",
        method="post",
        data={"text": "Corrected: the session ran 50 minutes."},
        chen=201,
        maya=FORBIDDEN,
    ),
    chen_and_maya(
        "GET /api/v1/counseling/clients/{member_id}/notes",
        lambda s: f"/api/v1/counseling/clients/{MAYA(s)}/notes",
    ),
    chen_and_maya(
        "GET /api/v1/counseling/notes/group/{appointment_id}",
        lambda s: f"/api/v1/counseling/notes/group/{GROUP_SESSION(s)}",
        maya=NOT_FOUND,
    ),
    # The subjects' group session is still to come: Dr. Chen reaches it, and is told to wait.
    chen_and_maya(
        "POST /api/v1/counseling/notes/group/{appointment_id}",
        lambda s: f"/api/v1/counseling/notes/group/{GROUP_SESSION(s)}",
        method="post",
        data=lambda s: {
            "format": "dap",
            "group_part": "Practised urge surfing.",
            "attendees": [{"member_id": MAYA(s), "attended": True}],
        },
        chen=409,
        maya=NOT_FOUND,
    ),
]

# A client's notes list: Dr. Chen's look is one row in Maya's log under "counseling"; her own
# look, none (privacy/tests/test_access_log.py walks these).
SENSITIVE_READS = {
    "counseling:client-notes": ("/counseling/clients/{member}/notes/", Scope.COUNSELING, "page"),
    "GET /api/v1/counseling/clients/{member_id}/notes": (
        "/api/v1/counseling/clients/{member}/notes",
        Scope.COUNSELING,
        "api",
    ),
}


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
    _maya_shares_counseling_with_riverbend(maya, riverbend)
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
    signed = _signed_note(maya, chen, riverbend)
    return {
        "counseling_signed_note": signed,
        "counseling_client": maya,
        "counseling_counselor": chen,
        "counseling_appointment": appointment,
        "counseling_group": group,
        "counseling_group_session": group_session,
        "counseling_plan": plan,
        "counseling_note": note,
    }


def _maya_shares_counseling_with_riverbend(maya, riverbend) -> None:
    from alongside.accounts.models import Role
    from alongside.accounts.sensitive import Credential
    from alongside.privacy.models import ConsentGrant
    from alongside.privacy.services import grant_access

    shared = ConsentGrant.objects.active().filter(
        member=maya, grantee_organization=riverbend, grantee_role=Role.COUNSELOR
    )
    if not any(Scope.COUNSELING in g.scopes for g in shared):
        grant_access(
            member=maya,
            grantee_organization=riverbend,
            grantee_role=Role.COUNSELOR,
            scopes=[Scope.COUNSELING],
            purpose="My counseling at Riverbend",
            credential=Credential.for_setup(maya),
        )


def _signed_note(maya, chen, riverbend):
    """A DAP note of an earlier session, signed by Dr. Chen (its link in the hash chain)."""
    from alongside.counseling.models import NoteFormat
    from alongside.counseling.services import notes

    note = notes.start_note(
        author=chen,
        member=maya,
        format=NoteFormat.DAP,
        sections={"data": "Planned the holidays.", "assessment": "Hopeful.", "plan": "Weekly."},
    )
    return notes.sign_note(note=note, by=chen)

"""Counseling's routes in the authorization matrix.

Maya shares counseling with Riverbend's counselors (the grant is made here unless another
app's subjects made one; her assessments with Dr. Chen, assessments/tests/authz.py): Dr.
Chen is her counselor. Her individual appointment, her place in Dr. Chen's therapy group and
its session, her treatment plan, a draft session note and a signed one are Dr. Chen's to reach and hers to
read; her client page is both of theirs; her safety alerts are Dr. Chen's to work. The other
counselor (Casey, at Harbor) has no consent and gets 404 like everyone else. Also a past
session of hers (attendance, completing it), a time she asked Dr. Chen for, and the secret
address of her appointments feed. The calendar, booking and group pages are counselors'
(Casey sees an empty calendar); an attendee may read her appointment but not change it (403).
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

# May reach it, not do this to it: an attendee changing her appointment; the member writing her
# plan, or a counselor co-signing it; the member changing her session note.
FORBIDDEN = 403
CONFLICT = 409
# Appointment pages are for counselors (Dr. Chen, and Casey at Harbor with an empty calendar).
COUNSELORS = {"counselor": OK, "outsider": OK}

A = lambda s: s["counseling_appointment"].pk  # noqa: E731
PAST = lambda s: s["counseling_past_appointment"].pk  # noqa: E731
ASKED = lambda s: s["counseling_request"].pk  # noqa: E731
GROUP = lambda s: s["counseling_group"].pk  # noqa: E731
MAYA = lambda s: s["counseling_client"].pk  # noqa: E731


def _at(days: int, hour: int) -> str:
    import datetime

    from django.utils import timezone

    day = timezone.now().date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC).isoformat()


def _session(days: int) -> dict:
    return {"starts_at": _at(days, 15), "ends_at": _at(days, 16), "modality": "phone"}


def api(key, path, ok=OK, method="get", data=None, **others) -> Route:
    """Dr. Chen's (and for some, Maya's); everyone else 404, anonymous callers 401."""
    return Route(
        key,
        path,
        {ANON: UNAUTHENTICATED, "counselor": ok, **others},
        default=NOT_FOUND,
        method=method,
        data=data or {},
    )


ROUTES = [
    Route(
        "counseling:calendar", "/counseling/calendar/", everyone_but_anon(**COUNSELORS), NOT_FOUND
    ),
    Route(
        "counseling:book",
        "/counseling/appointments/new/",
        everyone_but_anon(**COUNSELORS),
        NOT_FOUND,
    ),
    Route("counseling:groups", "/counseling/groups/", everyone_but_anon(**COUNSELORS), NOT_FOUND),
    Route(
        "counseling:group",
        lambda s: f"/counseling/groups/{GROUP(s)}/",
        everyone_but_anon(counselor=OK),
        default=NOT_FOUND,
    ),
    Route("counseling:appointments", "/counseling/appointments/", everyone_but_anon()),
    Route(
        "counseling:appointment",
        lambda s: f"/counseling/appointments/{A(s)}/",
        everyone_but_anon(counselor=OK, member=OK),
        default=NOT_FOUND,
    ),
    # A secret address: whoever holds it reads the person's feed (calendar apps cannot sign in).
    Route("counseling:feed", lambda s: f"/counseling/calendar/{s['counseling_feed']}.ics", {}),
    Route(
        "counseling:feed-new-address",
        "/counseling/calendar/new-address/",
        everyone_but_anon(),
        default=REDIRECT,
        method="post",
    ),
    # API
    Route(
        "GET /api/v1/counseling/appointments",
        "/api/v1/counseling/appointments",
        {ANON: UNAUTHENTICATED},
    ),
    api(
        "POST /api/v1/counseling/appointments",
        "/api/v1/counseling/appointments",
        ok=201,
        method="post",
        data=lambda s: {"member_id": MAYA(s), **_session(10)},
    ),
    api(
        "GET /api/v1/counseling/appointments/{appointment_id}",
        lambda s: f"/api/v1/counseling/appointments/{A(s)}",
        member=OK,
    ),
    api(
        "PATCH /api/v1/counseling/appointments/{appointment_id}",
        lambda s: f"/api/v1/counseling/appointments/{A(s)}",
        method="patch",
        data={"location": "Room 2"},
        member=FORBIDDEN,
    ),
    api(
        "POST /api/v1/counseling/appointments/{appointment_id}/cancel",
        lambda s: f"/api/v1/counseling/appointments/{A(s)}/cancel",
        method="post",
        data={"reason": "Unwell"},
        member=OK,
    ),
    api(
        "POST /api/v1/counseling/appointments/{appointment_id}/attendance",
        lambda s: f"/api/v1/counseling/appointments/{PAST(s)}/attendance",
        method="post",
        data=lambda s: {"member_id": MAYA(s), "status": "attended"},
        member=FORBIDDEN,
    ),
    api(
        "POST /api/v1/counseling/appointments/{appointment_id}/complete",
        lambda s: f"/api/v1/counseling/appointments/{PAST(s)}/complete",
        method="post",
        member=FORBIDDEN,
    ),
    api(
        "POST /api/v1/counseling/appointments/{appointment_id}/accept",
        lambda s: f"/api/v1/counseling/appointments/{ASKED(s)}/accept",
        method="post",
        data={"modality": "phone"},
        member=FORBIDDEN,
    ),
    api(
        "POST /api/v1/counseling/appointments/{appointment_id}/decline",
        lambda s: f"/api/v1/counseling/appointments/{ASKED(s)}/decline",
        method="post",
        member=FORBIDDEN,
    ),
    Route(
        "GET /api/v1/counseling/counselors",
        "/api/v1/counseling/counselors",
        {ANON: UNAUTHENTICATED},
    ),
    Route(
        "POST /api/v1/counseling/requests",
        "/api/v1/counseling/requests",
        {ANON: UNAUTHENTICATED, "member": 201},
        default=NOT_FOUND,
        method="post",
        data=lambda s: {"counselor_id": s["counseling_counselor"].pk, **_session(12)},
    ),
    Route("GET /api/v1/counseling/groups", "/api/v1/counseling/groups", {ANON: UNAUTHENTICATED}),
    Route(
        "POST /api/v1/counseling/groups",
        "/api/v1/counseling/groups",
        {ANON: UNAUTHENTICATED, "counselor": 201, "outsider": 201},
        default=NOT_FOUND,
        method="post",
        data={"name": "Mindfulness skills"},
    ),
    api(
        "GET /api/v1/counseling/groups/{group_id}",
        lambda s: f"/api/v1/counseling/groups/{GROUP(s)}",
    ),
    api(
        "POST /api/v1/counseling/groups/{group_id}/members",
        lambda s: f"/api/v1/counseling/groups/{GROUP(s)}/members",
        ok=CONFLICT,  # Maya is on the roster already
        method="post",
        data=lambda s: {"member_id": MAYA(s)},
    ),
    api(
        "DELETE /api/v1/counseling/groups/{group_id}/members/{member_id}",
        lambda s: f"/api/v1/counseling/groups/{GROUP(s)}/members/{MAYA(s)}",
        method="delete",
    ),
    api(
        "POST /api/v1/counseling/groups/{group_id}/sessions",
        lambda s: f"/api/v1/counseling/groups/{GROUP(s)}/sessions",
        ok=201,
        method="post",
        data=lambda s: _session(14),
    ),
]

# Taking someone off a roster reads nothing of theirs (and works after they stop sharing).
MEMBER_ROUTES_THAT_READ_NOTHING = {
    "DELETE /api/v1/counseling/groups/{group_id}/members/{member_id}": (
        "takes a member off the counselor's own group roster; reads none of their records"
    ),
}

ALERT = lambda s: s["counseling_alert"].pk  # noqa: E731
ACKNOWLEDGED = lambda s: s["counseling_acknowledged_alert"].pk  # noqa: E731
# Maya's own, and her counselor's; anyone else's 404 (Casey counsels elsewhere, no consent).
MAYA_AND_HER_COUNSELOR: dict[str, object] = {ANON: UNAUTHENTICATED, "member": OK, "counselor": OK}

ROUTES += [
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


# Treatment plans.
UNPROCESSABLE = 422

PLAN = lambda s: s["counseling_plan"].pk  # noqa: E731


def plan_page(key, path, *, counselor=OK, member=OK, method="get", data=None) -> Route:
    """A page of Maya's plan: hers and Dr. Chen's to reach; 404 for everyone else."""
    return Route(
        key,
        lambda s: f"/counseling/plans/{PLAN(s)}/{path}",
        everyone_but_anon(counselor=counselor, member=member),
        default=NOT_FOUND,
        method=method,
        data=data or {},
    )


def plan_api(key, path, *, counselor=OK, member=OK, method="get", data=None) -> Route:
    """An API route of Maya's plan: hers and Dr. Chen's to reach; 401 anonymous, else 404."""
    return Route(
        key,
        lambda s: f"/api/v1/counseling/plans/{PLAN(s)}{path}",
        {ANON: UNAUTHENTICATED, "counselor": counselor, "member": member},
        default=NOT_FOUND,
        method=method,
        data=data or {},
    )


ONE_PROBLEM = {
    "problems": [
        {
            "text": "Drinks most evenings after work",
            "dimension": 4,
            "goals": [
                {
                    "text": "Evenings without alcohol",
                    "objectives": [
                        {
                            "text": "Five alcohol-free evenings a week",
                            "measure": "Daily check-ins",
                            "target_on": "2031-03-31",
                        }
                    ],
                }
            ],
            "interventions": [
                {"what": "Relapse prevention group", "who": "Dr. Chen", "how_often": "Weekly"}
            ],
        }
    ]
}

ROUTES += [
    # Treatment plans: everyone signed in has a plans page (their own plans; a counselor's
    # clients' too). Maya's plan is hers and Dr. Chen's; Casey, a counselor without her
    # consent, gets 404 like everyone else.
    Route("counseling:plans", "/counseling/plans/", everyone_but_anon()),
    Route(
        "counseling:plan-new",
        "/counseling/plans/new/",
        everyone_but_anon(counselor=OK, outsider=OK),
        default=NOT_FOUND,
    ),
    Route(
        "counseling:client-plans",
        lambda s: f"/counseling/plans/clients/{MAYA(s)}/",
        everyone_but_anon(counselor=OK, member=OK),
        default=NOT_FOUND,
    ),
    plan_page("counseling:plan", ""),
    plan_page("counseling:plan-edit", "edit/", member=FORBIDDEN),
    plan_page("counseling:plan-version", "versions/1/"),
    plan_page(
        "counseling:plan-sign",
        "sign/",
        counselor=REDIRECT,  # back to the plan, which says an empty plan is not signed
        member=FORBIDDEN,
        method="post",
        data={"version": "1"},
    ),
    plan_page(
        "counseling:plan-cosign",
        "co-sign/",
        counselor=FORBIDDEN,
        member=REDIRECT,  # back to the plan, which says Dr. Chen signs first
        method="post",
        data={"version": "1"},
    ),
    plan_page("counseling:plan-review", "review/", member=FORBIDDEN),
    plan_page(
        "counseling:plan-close", "close/", counselor=REDIRECT, member=FORBIDDEN, method="post"
    ),
    # API
    Route("GET /api/v1/counseling/plans", "/api/v1/counseling/plans", {ANON: UNAUTHENTICATED}),
    Route(
        "GET /api/v1/counseling/plan-reviews/due",
        "/api/v1/counseling/plan-reviews/due",
        {ANON: UNAUTHENTICATED},
    ),
    Route(
        "GET /api/v1/counseling/clients/{member_id}/plans",
        lambda s: f"/api/v1/counseling/clients/{MAYA(s)}/plans",
        {ANON: UNAUTHENTICATED, "counselor": OK, "member": OK},
        default=NOT_FOUND,
    ),
    Route(
        "POST /api/v1/counseling/clients/{member_id}/plans",
        lambda s: f"/api/v1/counseling/clients/{MAYA(s)}/plans",
        # Dr. Chen reaches her, and is told she has an open plan at Riverbend already.
        {ANON: UNAUTHENTICATED, "counselor": UNPROCESSABLE},
        default=NOT_FOUND,
        method="post",
        data={"edition": "4"},
    ),
    plan_api("GET /api/v1/counseling/plans/{plan_id}", ""),
    plan_api(
        "PATCH /api/v1/counseling/plans/{plan_id}",
        "",
        member=FORBIDDEN,
        method="patch",
        data={"review_every_days": 30},
    ),
    plan_api("GET /api/v1/counseling/plans/{plan_id}/versions/{number}", "/versions/1"),
    plan_api(
        "POST /api/v1/counseling/plans/{plan_id}/versions",
        "/versions",
        counselor=201,
        member=FORBIDDEN,
        method="post",
        data=ONE_PROBLEM,
    ),
    plan_api(
        "POST /api/v1/counseling/plans/{plan_id}/sign",
        "/sign",
        counselor=UNPROCESSABLE,  # an empty plan is not signed
        member=FORBIDDEN,
        method="post",
        data={"version": 1},
    ),
    plan_api(
        "POST /api/v1/counseling/plans/{plan_id}/co-sign",
        "/co-sign",
        counselor=FORBIDDEN,
        member=CONFLICT,  # Dr. Chen signs first
        method="post",
        data={"version": 1},
    ),
    plan_api(
        "POST /api/v1/counseling/plans/{plan_id}/reviews",
        "/reviews",
        counselor=CONFLICT,  # a draft is not reviewed
        member=FORBIDDEN,
        method="post",
        data={"summary": "Going well"},
    ),
    plan_api(
        "POST /api/v1/counseling/plans/{plan_id}/close", "/close", member=FORBIDDEN, method="post"
    ),
]

# Reading a client's plans by their id is a logged look under "counseling" (the member's own
# is not).
SENSITIVE_READS |= {
    "counseling:client-plans": ("/counseling/plans/clients/{member}/", Scope.COUNSELING, "page"),
    "GET /api/v1/counseling/clients/{member_id}/plans": (
        "/api/v1/counseling/clients/{member}/plans",
        Scope.COUNSELING,
        "api",
    ),
}
MEMBER_ROUTES_THAT_READ_NOTHING |= {
    "POST /api/v1/counseling/clients/{member_id}/plans": (
        "starting a plan with a client: a change, logged as a write under counseling"
    ),
}


# Session notes.

NOTE = lambda s: s["counseling_note"].pk  # noqa: E731  (a draft)
SIGNED = lambda s: s["counseling_signed_note"].pk  # noqa: E731
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


ROUTES += [
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
SENSITIVE_READS |= {
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

    from alongside.accounts.models import Organization, Role
    from alongside.accounts.sensitive import Credential
    from alongside.assessments import services as assessments
    from alongside.counseling.access import shares_counseling
    from alongside.counseling.models import (
        Appointment,
        AppointmentStatus,
        Attendee,
        GroupMember,
        NoteFormat,
        PlanVersion,
        SessionNote,
        TherapyGroup,
        TreatmentPlan,
    )
    from alongside.counseling.services.appointment_calendars import feed_token
    from alongside.privacy.models import Scope
    from alongside.privacy.services import grant_access

    maya, chen = cast["member"].user, cast["counselor"].user
    riverbend = Organization.objects.get(slug="riverbend")
    if not shares_counseling(chen, maya):
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
    # Appointments: one that has happened (attendance, completing it), and a time Maya asked for.
    past = Appointment.objects.create(
        organization=riverbend,
        counselor=chen,
        starts_at=start - datetime.timedelta(days=4),
        ends_at=start - datetime.timedelta(days=4) + datetime.timedelta(minutes=50),
    )
    Attendee.objects.create(appointment=past, member=maya)
    asked = Appointment.objects.create(
        organization=riverbend,
        counselor=chen,
        starts_at=start + datetime.timedelta(days=5),
        ends_at=start + datetime.timedelta(days=5, minutes=50),
        status=AppointmentStatus.REQUESTED,
        requested_by=maya,
        request_note="Could we meet before my new job starts?",
    )
    Attendee.objects.create(appointment=asked, member=maya)
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
    signed = _signed_note(maya, chen, riverbend)
    return {
        "counseling_signed_note": signed,
        "counseling_alert": waiting.safety_alert,
        "counseling_acknowledged_alert": acknowledged.safety_alert,
        "counseling_client": maya,
        "counseling_counselor": chen,
        "counseling_appointment": appointment,
        "counseling_group": group,
        "counseling_group_session": group_session,
        "counseling_past_appointment": past,
        "counseling_request": asked,
        "counseling_feed": feed_token(maya),
        "counseling_plan": plan,
        "counseling_note": note,
    }


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

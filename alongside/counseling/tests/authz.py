"""Counseling's routes in the authorization matrix.

Maya shares every scope, counseling included, with Riverbend's counselors: Dr. Chen is her
counselor. Her individual appointment, her place in Dr. Chen's therapy group and its session,
her treatment plan and a draft session note are Dr. Chen's to reach and hers to read; the
other counselor (Casey, at Harbor) has no consent and gets 404 like everyone else.
"""

from __future__ import annotations

from alongside.privacy.models import Scope
from alongside.testing.authz import (
    ANON,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHENTICATED,
    Route,
    everyone_but_anon,
)

FORBIDDEN = 403  # may read the plan, not do this to it (the member writing, a counselor co-signing)
UNPROCESSABLE = 422
CONFLICT = 409

MAYA = lambda s: s["counseling_client"].pk  # noqa: E731
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

ROUTES = [
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
SENSITIVE_READS = {
    "counseling:client-plans": ("/counseling/plans/clients/{member}/", Scope.COUNSELING, "page"),
    "GET /api/v1/counseling/clients/{member_id}/plans": (
        "/api/v1/counseling/clients/{member}/plans",
        Scope.COUNSELING,
        "api",
    ),
}
MEMBER_ROUTES_THAT_READ_NOTHING = {
    "POST /api/v1/counseling/clients/{member_id}/plans": (
        "starting a plan with a client: a change, logged as a write under counseling"
    ),
}


def subjects(cast: dict) -> dict:
    import datetime

    from django.utils import timezone

    from alongside.accounts.models import Organization, Role
    from alongside.accounts.sensitive import Credential
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
    # Maya shares her counseling records with Riverbend's counselors: Dr. Chen is one.
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
    return {
        "counseling_client": maya,
        "counseling_counselor": chen,
        "counseling_appointment": appointment,
        "counseling_group": group,
        "counseling_group_session": group_session,
        "counseling_plan": plan,
        "counseling_note": note,
    }

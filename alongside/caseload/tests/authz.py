"""The caseload's routes in the authorization matrix.

Jordan shares his check-ins, plans, assessments and attendance with Lena, a peer specialist at
Riverbend: Jordan is on Lena's caseload (comprehensive pathway), and his record (with a
follow-up due) and his goal (with a step) are Lena's alone to read and work. (Not Maya: her
sharing is what the rest of the matrix is about.) Everyone signed in may open the caseload page;
only peer specialists have anyone on it. Dana, Riverbend's admin, supervises Lena: only she opens
Lena's caseload read-only; everyone signed in has a team page (empty unless they supervise).
"""

from __future__ import annotations

from alongside.testing.authz import (
    ANON,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHENTICATED,
    Route,
    everyone_but_anon,
)

M = lambda s: s["caseload_member"].pk  # noqa: E731
F = lambda s: s["caseload_follow_up"].pk  # noqa: E731
G = lambda s: s["caseload_goal"].pk  # noqa: E731
STEP = lambda s: s["caseload_step"].pk  # noqa: E731
LENA = lambda s: s["caseload_specialist"].pk  # noqa: E731


def api(key, path, method="get", data=None, ok=OK) -> Route:
    """Lena's alone; everyone else (a stranger or not) gets 404, anonymous callers 401."""
    return Route(
        key,
        path,
        {ANON: UNAUTHENTICATED, "peer_specialist": ok},
        default=NOT_FOUND,
        method=method,
        data=data or {},
    )


ROUTES = [
    Route("caseload:table", "/caseload/", everyone_but_anon()),
    Route(
        "caseload:record",
        lambda s: f"/caseload/people/{s['caseload_member'].pk}/",
        everyone_but_anon(peer_specialist=OK),
        default=NOT_FOUND,
    ),
    Route(
        "caseload:goal",
        lambda s: f"/caseload/people/{M(s)}/goals/{G(s)}/",
        everyone_but_anon(peer_specialist=OK),
        default=NOT_FOUND,
    ),
    Route(
        "caseload:goal-step",
        lambda s: f"/caseload/people/{M(s)}/goals/{G(s)}/steps/{STEP(s)}/",
        everyone_but_anon(peer_specialist=REDIRECT),
        default=NOT_FOUND,
        method="post",
        data={"done": "1"},
    ),
    Route("caseload:team", "/caseload/team/", everyone_but_anon()),
    Route(
        "caseload:team-caseload",
        lambda s: f"/caseload/team/{LENA(s)}/",
        everyone_but_anon(org_admin=OK),
        default=NOT_FOUND,
    ),
    Route(
        "caseload:follow-up-done",
        lambda s: f"/caseload/follow-ups/{s['caseload_follow_up'].pk}/done/",
        everyone_but_anon(peer_specialist=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    # API
    Route("GET /api/v1/caseload", "/api/v1/caseload", {ANON: UNAUTHENTICATED}),
    Route("GET /api/v1/caseload/settings", "/api/v1/caseload/settings", {ANON: UNAUTHENTICATED}),
    Route(
        "PUT /api/v1/caseload/settings",
        "/api/v1/caseload/settings",
        {ANON: UNAUTHENTICATED},
        method="put",
        data={"quiet_after_days": 21},
    ),
    Route("GET /api/v1/caseload/team", "/api/v1/caseload/team", {ANON: UNAUTHENTICATED}),
    Route(
        "GET /api/v1/caseload/team/{supervisee_id}",
        lambda s: f"/api/v1/caseload/team/{LENA(s)}",
        {ANON: UNAUTHENTICATED, "org_admin": OK},
        default=NOT_FOUND,
    ),
    api("GET /api/v1/caseload/{member_id}", lambda s: f"/api/v1/caseload/{M(s)}"),
    api(
        "PUT /api/v1/caseload/{member_id}",
        lambda s: f"/api/v1/caseload/{M(s)}",
        method="put",
        data={"pathway": "comprehensive", "ok_to_text": True, "ok_to_call": False},
    ),
    api(
        "PUT /api/v1/caseload/{member_id}/intake",
        lambda s: f"/api/v1/caseload/{M(s)}/intake",
        method="put",
        data={"on": "2024-01-02", "referral": "self", "needs": ["housing"]},
    ),
    api("GET /api/v1/caseload/{member_id}/barc10", lambda s: f"/api/v1/caseload/{M(s)}/barc10"),
    api(
        "POST /api/v1/caseload/{member_id}/barc10/request",
        lambda s: f"/api/v1/caseload/{M(s)}/barc10/request",
        method="post",
        ok=201,
    ),
    api("GET /api/v1/caseload/{member_id}/goals", lambda s: f"/api/v1/caseload/{M(s)}/goals"),
    api(
        "POST /api/v1/caseload/{member_id}/goals",
        lambda s: f"/api/v1/caseload/{M(s)}/goals",
        method="post",
        data={"domain": "housing", "title": "A place of my own"},
        ok=201,
    ),
    api(
        "PATCH /api/v1/caseload/{member_id}/goals/{goal_id}",
        lambda s: f"/api/v1/caseload/{M(s)}/goals/{G(s)}",
        method="patch",
        data={"status": "in_progress"},
    ),
    api(
        "POST /api/v1/caseload/{member_id}/goals/{goal_id}/steps",
        lambda s: f"/api/v1/caseload/{M(s)}/goals/{G(s)}/steps",
        method="post",
        data={"text": "Call the housing office"},
        ok=201,
    ),
    api(
        "PATCH /api/v1/caseload/{member_id}/goals/{goal_id}/steps/{step_id}",
        lambda s: f"/api/v1/caseload/{M(s)}/goals/{G(s)}/steps/{STEP(s)}",
        method="patch",
        data={"done": True},
    ),
    api(
        "POST /api/v1/caseload/{member_id}/engagements",
        lambda s: f"/api/v1/caseload/{M(s)}/engagements",
        method="post",
        data={"kind": "brief", "on": "2024-01-02", "minutes": 10, "note": "called"},
        ok=201,
    ),
    api(
        "POST /api/v1/caseload/{member_id}/follow-ups",
        lambda s: f"/api/v1/caseload/{M(s)}/follow-ups",
        method="post",
        data={"due_on": "2031-01-02", "about": "call back"},
        ok=201,
    ),
    api(
        "POST /api/v1/caseload/follow-ups/{follow_up_id}/done",
        lambda s: f"/api/v1/caseload/follow-ups/{F(s)}/done",
        method="post",
    ),
]

# The record is a peer specialist's own: its reads are logged under "caseload", not under a
# grant's scope, and a member never opens it (caseload/tests/test_caseload.py tests the log).
# The goal and BARC-10 routes read under "plans" and "assessments", but only a peer specialist
# reaches them, never the counselor the access-log test grants to (test_caseload.py and
# test_caseload_care.py test their log rows).
MEMBER_ROUTES_THAT_READ_NOTHING = {
    "caseload:goal": "a member's goal, for a peer specialist only; logged under plans",
    "caseload:goal-step": "a step marked on that goal, logged as a change under plans",
    "PUT /api/v1/caseload/{member_id}/intake": "the intake written into the case record",
    "GET /api/v1/caseload/{member_id}/barc10": "a peer specialist's view; logged as assessments",
    "POST /api/v1/caseload/{member_id}/barc10/request": "a notice to the member, nothing read",
    "GET /api/v1/caseload/{member_id}/goals": "a peer specialist's view; logged under plans",
    "POST /api/v1/caseload/{member_id}/goals": "a goal added, logged as a change under plans",
    "PATCH /api/v1/caseload/{member_id}/goals/{goal_id}": "a goal changed, logged under plans",
    "POST /api/v1/caseload/{member_id}/goals/{goal_id}/steps": "a step added, logged under plans",
    "PATCH /api/v1/caseload/{member_id}/goals/{goal_id}/steps/{step_id}": (
        "a step marked, logged under plans"
    ),
    "caseload:record": "the peer specialist's case record; each read logged as caseload",
    "GET /api/v1/caseload/{member_id}": "the same record through the API, logged as caseload",
    "PUT /api/v1/caseload/{member_id}": "a change to that record",
    "POST /api/v1/caseload/{member_id}/engagements": "an engagement added to that record",
    "POST /api/v1/caseload/{member_id}/follow-ups": "a follow-up added to that record",
}


def subjects(cast: dict) -> dict:
    import datetime

    from alongside.accounts.models import Organization
    from alongside.accounts.sensitive import Credential
    from alongside.caseload import services
    from alongside.journey import services as journey
    from alongside.privacy.services import grant_access
    from alongside.training import services as training

    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    grant_access(
        member=jordan,
        grantee_user=lena,
        scopes=["check_ins", "plans", "assessments", "attendance"],
        purpose="peer support",
        credential=Credential.for_setup(jordan),
    )
    record = services.record_for(staff=lena, member=jordan)
    services.update_record(
        record=record, pathway="comprehensive", ok_to_text=True, ok_to_call=False
    )
    follow_up = services.add_follow_up(
        record=record,
        by=lena,
        due_on=datetime.date.today() + datetime.timedelta(days=3),
        about="Ask how the new job is going",
    )
    goal = journey.add_goal(member=jordan, domain="work_education", title="Keep the new job")
    step = journey.add_step(goal=goal, text="Set two alarms")
    riverbend = Organization.objects.get(slug="riverbend")
    if not training.supervises(cast["org_admin"].user, lena):
        training.set_supervisor(
            organization=riverbend, supervisee_id=lena.pk, supervisor_id=cast["org_admin"].user.pk
        )
    return {
        "caseload_follow_up": follow_up,
        "caseload_member": jordan,
        "caseload_goal": goal,
        "caseload_step": step,
        "caseload_specialist": lena,
    }

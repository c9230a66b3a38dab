"""Assignments' routes in the authorization matrix.

Ari, a member of Riverbend, waits for a peer specialist (his record has none); Dana, Riverbend's
admin, started a caseload run that proposes Lena for him. Only Dana reads, approves or discards
it (nobody in the cast supervises anyone at Riverbend but her, as its admin); everyone else
finds nothing. Maya joined Riverbend's mentoring program: her place is hers alone to leave.
Lena's caseload capacity is set by Lena and by Dana. Everyone signed in has the assignments
page, the start page (which starts nothing for those who may not) and their mentoring programs.
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

RUN = lambda s: s["matching_run"].pk  # noqa: E731
ORG = lambda s: s["matching_org"].pk  # noqa: E731
PLACE = lambda s: s["matching_enrolment"].pk  # noqa: E731
ROLE = lambda s: s["matching_membership"].pk  # noqa: E731


def api(key, path, method="get", default=NOT_FOUND, data=None, **who) -> Route:
    return Route(
        key, path, {ANON: UNAUTHENTICATED, **who}, default=default, method=method, data=data or {}
    )


ROUTES = [
    Route("matching:home", "/matching/", everyone_but_anon()),
    Route("matching:start", "/matching/runs/new/", everyone_but_anon()),
    Route(
        "matching:run",
        lambda s: f"/matching/runs/{RUN(s)}/",
        everyone_but_anon(org_admin=OK),
        default=NOT_FOUND,
    ),
    Route(
        "matching:approve",
        lambda s: f"/matching/runs/{RUN(s)}/approve/",
        everyone_but_anon(org_admin=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "matching:discard",
        lambda s: f"/matching/runs/{RUN(s)}/discard/",
        everyone_but_anon(org_admin=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    Route("matching:program", "/matching/program/", everyone_but_anon()),
    Route(
        "matching:join",
        lambda s: f"/matching/program/{ORG(s)}/join/",
        everyone_but_anon(member=OK, member2=OK),
        default=NOT_FOUND,
    ),
    Route(
        "matching:leave",
        lambda s: f"/matching/program/places/{PLACE(s)}/leave/",
        everyone_but_anon(member=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "matching:capacity",
        lambda s: f"/matching/capacity/{ROLE(s)}/",
        everyone_but_anon(peer_specialist=OK, org_admin=OK),
        default=NOT_FOUND,
    ),
    # API
    api("GET /api/v1/matching/runs", "/api/v1/matching/runs", default=OK),
    api(
        "POST /api/v1/matching/runs",
        "/api/v1/matching/runs",
        method="post",
        data=lambda s: {"organization_id": ORG(s), "kind": "mentoring"},
        org_admin=201,
    ),
    api(
        "GET /api/v1/matching/runs/{run_id}",
        lambda s: f"/api/v1/matching/runs/{RUN(s)}",
        org_admin=OK,
    ),
    api(
        "POST /api/v1/matching/runs/{run_id}/approve",
        lambda s: f"/api/v1/matching/runs/{RUN(s)}/approve",
        method="post",
        org_admin=OK,
    ),
    api(
        "POST /api/v1/matching/runs/{run_id}/discard",
        lambda s: f"/api/v1/matching/runs/{RUN(s)}/discard",
        method="post",
        org_admin=OK,
    ),
    api("GET /api/v1/matching/program-places", "/api/v1/matching/program-places", default=OK),
    api(
        "POST /api/v1/matching/program-places",
        "/api/v1/matching/program-places",
        method="post",
        data=lambda s: {"organization_id": ORG(s), "languages": ["en"]},
        member=422,  # already in the program
        member2=201,
    ),
    api(
        "POST /api/v1/matching/program-places/{enrolment_id}/leave",
        lambda s: f"/api/v1/matching/program-places/{PLACE(s)}/leave",
        method="post",
        member=OK,
    ),
    api(
        "GET /api/v1/matching/caseload-capacity",
        "/api/v1/matching/caseload-capacity",
        default=OK,
    ),
    api(
        "PUT /api/v1/matching/caseload-capacity/{membership_id}",
        lambda s: f"/api/v1/matching/caseload-capacity/{ROLE(s)}",
        method="put",
        data={"capacity": 12, "languages": ["en", "es"]},
        peer_specialist=OK,
        org_admin=OK,
    ),
]


def subjects(cast: dict) -> dict:
    from alongside.accounts.models import Membership, Organization, Role, User
    from alongside.caseload.models import CaseRecord
    from alongside.matching import services

    riverbend = Organization.objects.get(slug="riverbend")
    ari = User.objects.create_user(email="ari@example.org", first_name="Ari", last_name="Moss")
    Membership.objects.create(user=ari, organization=riverbend, role=Role.MEMBER)
    CaseRecord.objects.create(member=ari, organization=riverbend, needs_reassignment=True)
    run = services.start_run(organization=riverbend, kind="caseload", by=cast["org_admin"].user)
    enrolment = services.join_program(
        member=cast["member"].user, organization=riverbend, languages=["en"], pathways=["na"]
    )
    lena = Membership.objects.get(
        user=cast["peer_specialist"].user, organization=riverbend, role=Role.PEER_SPECIALIST
    )
    return {
        "matching_org": riverbend,
        "matching_run": run,
        "matching_enrolment": enrolment,
        "matching_membership": lena,
    }

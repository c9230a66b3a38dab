"""Assessments' routes in the authorization matrix. A member's results are theirs and their
"assessments" grantees' (the subjects give the counselor that grant); everyone else gets 404.
Organization wording is for that organization's admins."""

from __future__ import annotations

from collections.abc import Callable

from alongside.accounts.sensitive import Credential
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

FORBIDDEN = 403
BARC = {"1": 4, "2": 4, "3": 4, "4": 4, "5": 4, "6": 4, "7": 4, "8": 4, "9": 4, "10": 4}
SHARED = {"member": OK, "counselor": OK}


def _members(path: str) -> Callable[[dict], str]:
    return lambda s: path.format(member=s["member"].pk)


ROUTES = [
    Route("assessments:index", "/assessments/", everyone_but_anon()),
    Route("assessments:take", "/assessments/take/barc10/", everyone_but_anon()),
    Route("assessments:instrument", "/assessments/instruments/dast10/", everyone_but_anon()),
    Route("assessments:trend", "/assessments/trends/barc10/", everyone_but_anon()),
    Route(
        "assessments:result",
        lambda s: f"/assessments/results/{s['administration'].pk}/",
        everyone_but_anon(**SHARED),
        default=NOT_FOUND,
    ),
    Route(
        "assessments:correct",
        lambda s: f"/assessments/results/{s['administration'].pk}/correct/",
        everyone_but_anon(**SHARED),
        default=NOT_FOUND,
    ),
    Route(
        "assessments:acknowledge-alert",
        lambda s: f"/assessments/results/{s['flagged_administration'].pk}/acknowledge/",
        everyone_but_anon(member=FORBIDDEN, counselor=REDIRECT),
        default=NOT_FOUND,
        method="post",
        data={"note": "Called her the same hour; she is safe and has her plan."},
    ),
    Route(
        "assessments:schedule-end",
        lambda s: f"/assessments/schedules/{s['schedule'].pk}/end/",
        everyone_but_anon(member=REDIRECT, counselor=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "assessments:member",
        _members("/assessments/members/{member}/"),
        everyone_but_anon(**SHARED),
        default=NOT_FOUND,
    ),
    Route(
        "assessments:member-trend",
        _members("/assessments/members/{member}/trends/bam/"),
        everyone_but_anon(**SHARED),
        default=NOT_FOUND,
    ),
    Route(
        "assessments:member-administer",
        _members("/assessments/members/{member}/administer/phq9/"),
        everyone_but_anon(**SHARED),
        default=NOT_FOUND,
    ),
    Route(
        "assessments:member-schedules",
        _members("/assessments/members/{member}/schedules/"),
        everyone_but_anon(**SHARED),
        default=NOT_FOUND,
    ),
    Route(
        "assessments:wording",
        "/assessments/organizations/riverbend/wording/",
        everyone_but_anon(org_admin=OK),
        default=NOT_FOUND,
    ),
    Route(
        "assessments:wording-edit",
        "/assessments/organizations/riverbend/wording/dast10/",
        everyone_but_anon(org_admin=OK),
        default=NOT_FOUND,
    ),
    # API
    Route(
        "GET /api/v1/assessments/instruments",
        "/api/v1/assessments/instruments",
        {ANON: UNAUTHENTICATED},
    ),
    Route(
        "GET /api/v1/assessments/instruments/{key}",
        "/api/v1/assessments/instruments/bam",
        {ANON: UNAUTHENTICATED},
    ),
    Route(
        "POST /api/v1/assessments/instruments/{key}/score",
        "/api/v1/assessments/instruments/barc10/score",
        {ANON: UNAUTHENTICATED},
        method="post",
        data={"answers": BARC},
    ),
    Route("GET /api/v1/assessments", "/api/v1/assessments", {ANON: UNAUTHENTICATED}),
    Route(
        "POST /api/v1/assessments",
        "/api/v1/assessments",
        {ANON: UNAUTHENTICATED},
        default=201,
        method="post",
        data={"instrument": "barc10", "answers": BARC},
    ),
    Route("GET /api/v1/assessments/due", "/api/v1/assessments/due", {ANON: UNAUTHENTICATED}),
    Route(
        "GET /api/v1/assessments/results/{administration_id}",
        lambda s: f"/api/v1/assessments/results/{s['administration'].pk}",
        {ANON: UNAUTHENTICATED, **SHARED},
        default=NOT_FOUND,
    ),
    Route(
        "POST /api/v1/assessments/results/{administration_id}/acknowledge",
        lambda s: f"/api/v1/assessments/results/{s['flagged_administration'].pk}/acknowledge",
        {ANON: UNAUTHENTICATED, "member": FORBIDDEN, "counselor": OK},
        default=NOT_FOUND,
        method="post",
        data={"note": "Called her the same hour; she is safe and has her plan."},
    ),
    Route(
        "GET /api/v1/assessments/trends/{instrument}",
        "/api/v1/assessments/trends/barc10",
        {ANON: UNAUTHENTICATED},
    ),
    Route(
        "GET /api/v1/assessment-schedules", "/api/v1/assessment-schedules", {ANON: UNAUTHENTICATED}
    ),
    Route(
        "POST /api/v1/assessment-schedules",
        "/api/v1/assessment-schedules",
        {ANON: UNAUTHENTICATED},
        default=201,
        method="post",
        data=lambda s: {
            "instrument": "bam",
            "frequency": "weekly",
            "starts_on": s["today"].isoformat(),
        },
    ),
    Route(
        "POST /api/v1/assessment-schedules/{schedule_id}/end",
        lambda s: f"/api/v1/assessment-schedules/{s['schedule'].pk}/end",
        {ANON: UNAUTHENTICATED, **SHARED},
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "GET /api/v1/members/{member_id}/assessments",
        _members("/api/v1/members/{member}/assessments"),
        {ANON: UNAUTHENTICATED, **SHARED},
        default=NOT_FOUND,
    ),
    Route(
        "POST /api/v1/members/{member_id}/assessments",
        _members("/api/v1/members/{member}/assessments"),
        {ANON: UNAUTHENTICATED, "member": 201, "counselor": 201},
        default=NOT_FOUND,
        method="post",
        data={"instrument": "barc10", "answers": BARC},
    ),
    Route(
        "GET /api/v1/members/{member_id}/assessments/trends/{instrument}",
        _members("/api/v1/members/{member}/assessments/trends/bam"),
        {ANON: UNAUTHENTICATED, **SHARED},
        default=NOT_FOUND,
    ),
    Route(
        "GET /api/v1/members/{member_id}/assessment-schedules",
        _members("/api/v1/members/{member}/assessment-schedules"),
        {ANON: UNAUTHENTICATED, **SHARED},
        default=NOT_FOUND,
    ),
    Route(
        "POST /api/v1/members/{member_id}/assessment-schedules",
        _members("/api/v1/members/{member}/assessment-schedules"),
        {ANON: UNAUTHENTICATED, "member": 201, "counselor": 201},
        default=NOT_FOUND,
        method="post",
        data=lambda s: {
            "instrument": "barc10",
            "frequency": "every_90_days",
            "starts_on": s["today"].isoformat(),
        },
    ),
]

# Reads of another member's data by member id, each of which must write one access-log row.
# (POST routes share their GET's path; the check reads it.)
SENSITIVE_READS = {
    "assessments:member": ("/assessments/members/{member}/", Scope.ASSESSMENTS, "page"),
    "assessments:member-trend": (
        "/assessments/members/{member}/trends/barc10/",
        Scope.ASSESSMENTS,
        "page",
    ),
    "assessments:member-administer": (
        "/assessments/members/{member}/administer/barc10/",
        Scope.ASSESSMENTS,
        "page",
    ),
    "assessments:member-schedules": (
        "/assessments/members/{member}/schedules/",
        Scope.ASSESSMENTS,
        "page",
    ),
    "GET /api/v1/members/{member_id}/assessments": (
        "/api/v1/members/{member}/assessments",
        Scope.ASSESSMENTS,
        "api",
    ),
    "POST /api/v1/members/{member_id}/assessments": (
        "/api/v1/members/{member}/assessments",
        Scope.ASSESSMENTS,
        "api",
    ),
    "GET /api/v1/members/{member_id}/assessments/trends/{instrument}": (
        "/api/v1/members/{member}/assessments/trends/barc10",
        Scope.ASSESSMENTS,
        "api",
    ),
    "GET /api/v1/members/{member_id}/assessment-schedules": (
        "/api/v1/members/{member}/assessment-schedules",
        Scope.ASSESSMENTS,
        "api",
    ),
    "POST /api/v1/members/{member_id}/assessment-schedules": (
        "/api/v1/members/{member}/assessment-schedules",
        Scope.ASSESSMENTS,
        "api",
    ),
}


def subjects(cast: dict) -> dict:
    """The member shares assessments with the counselor, has a BARC-10 and a BAM schedule."""
    from alongside.assessments import services
    from alongside.privacy.services import grant_access

    member = cast["member"].user
    grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=[Scope.ASSESSMENTS],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    administration = services.submit_administration(
        member=member, instrument="barc10", answers=BARC
    )
    # A PHQ-9 with item 9 above "not at all": its alert goes to the counselor.
    flagged = services.submit_administration(
        member=member,
        instrument="phq9",
        answers={"1": 0, "2": 1, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 1},
    )
    schedule = services.set_schedule(
        member=member,
        instrument="bam",
        frequency="weekly",
        starts_on=member.local_today(),
        set_by=member,
    )
    return {
        "member": member,
        "administration": administration,
        "flagged_administration": flagged,
        "schedule": schedule,
        "today": member.local_today(),
    }

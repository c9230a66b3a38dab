"""Journey's routes in the authorization matrix. The member's check-ins are theirs and their
grantees' (privacy's subjects give the counselor a check-ins grant)."""

from __future__ import annotations

from alongside.privacy.models import Scope
from alongside.testing.authz import ANON, NOT_FOUND, OK, UNAUTHENTICATED, Route, everyone_but_anon

ROUTES = [
    Route("journey:check-in", "/journey/check-in/", everyone_but_anon()),
    Route("journey:member-check-ins", lambda s: f"/journey/members/{s['member'].pk}/check-ins/", everyone_but_anon(member=OK, counselor=OK), default=NOT_FOUND),
    Route("GET /api/v1/check-ins", "/api/v1/check-ins", {ANON: UNAUTHENTICATED}),
    Route("POST /api/v1/check-ins", "/api/v1/check-ins", {ANON: UNAUTHENTICATED, "member": OK}, default=201, method="post", data={"mood": 4, "craving": 2}),
    Route("GET /api/v1/members/{member_id}/check-ins", lambda s: f"/api/v1/members/{s['member'].pk}/check-ins", {ANON: UNAUTHENTICATED, "member": OK, "counselor": OK}, default=NOT_FOUND),
]

# Reads of another member's data by id, each of which must write one access-log row.
SENSITIVE_READS = {
    "journey:member-check-ins": ("/journey/members/{member}/check-ins/", Scope.CHECK_INS, "page"),
    "GET /api/v1/members/{member_id}/check-ins": ("/api/v1/members/{member}/check-ins", Scope.CHECK_INS, "api"),
}


def subjects(cast: dict) -> dict:
    from alongside.journey.services import record_check_in

    record_check_in(member=cast["member"].user, mood=4, craving=1)
    return {}

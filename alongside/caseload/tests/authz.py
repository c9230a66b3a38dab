"""The caseload's routes in the authorization matrix.

Jordan shares his check-ins with Lena, a peer specialist at Riverbend: Jordan is on Lena's
caseload, and his record (with a follow-up due) is Lena's alone to read and work. (Not Maya:
her sharing is what the rest of the matrix is about.) Everyone signed in may
open the caseload page; only peer specialists have anyone on it.
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
        "caseload:follow-up-done",
        lambda s: f"/caseload/follow-ups/{s['caseload_follow_up'].pk}/done/",
        everyone_but_anon(peer_specialist=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    # API
    Route("GET /api/v1/caseload", "/api/v1/caseload", {ANON: UNAUTHENTICATED}),
    api("GET /api/v1/caseload/{member_id}", lambda s: f"/api/v1/caseload/{M(s)}"),
    api(
        "PUT /api/v1/caseload/{member_id}",
        lambda s: f"/api/v1/caseload/{M(s)}",
        method="put",
        data={"pathway": "comprehensive", "ok_to_text": True, "ok_to_call": False},
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
MEMBER_ROUTES_THAT_READ_NOTHING = {
    "caseload:record": "the peer specialist's case record; each read logged as caseload",
    "GET /api/v1/caseload/{member_id}": "the same record through the API, logged as caseload",
    "PUT /api/v1/caseload/{member_id}": "a change to that record",
    "POST /api/v1/caseload/{member_id}/engagements": "an engagement added to that record",
    "POST /api/v1/caseload/{member_id}/follow-ups": "a follow-up added to that record",
}


def subjects(cast: dict) -> dict:
    import datetime

    from alongside.accounts.sensitive import Credential
    from alongside.caseload import services
    from alongside.privacy.services import grant_access

    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    grant_access(
        member=jordan,
        grantee_user=lena,
        scopes=["check_ins"],
        purpose="peer support",
        credential=Credential.for_setup(jordan),
    )
    record = services.record_for(staff=lena, member=jordan)
    follow_up = services.add_follow_up(
        record=record,
        by=lena,
        due_on=datetime.date.today() + datetime.timedelta(days=3),
        about="Ask how the new job is going",
    )
    return {"caseload_follow_up": follow_up, "caseload_member": jordan}

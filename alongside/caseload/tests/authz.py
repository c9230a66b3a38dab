"""The caseload's routes in the authorization matrix.

Jordan shares his check-ins with Lena, a peer specialist at Riverbend: Jordan is on Lena's
caseload, and his record (with a follow-up due) is Lena's alone to read and work. (Not Maya:
her sharing is what the rest of the matrix is about.) Everyone signed in may
open the caseload page; only peer specialists have anyone on it.
"""

from __future__ import annotations

from alongside.testing.authz import NOT_FOUND, OK, REDIRECT, Route, everyone_but_anon

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
]

# The record is a peer specialist's own: its reads are logged under "caseload", not under a
# grant's scope, and a member never opens it (caseload/tests/test_caseload.py tests the log).
MEMBER_ROUTES_THAT_READ_NOTHING = {
    "caseload:record": "the peer specialist's case record; each read logged as caseload",
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

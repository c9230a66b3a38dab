"""Family's routes in the authorization matrix.

Jordan invited Pat, who accepted: Pat sees Jordan's check-in summary (and only that: a check-in
of Jordan's, or a place in his circle, would change what other apps' routes answer him), and
Jordan alone changes that or ends it (his changes ask him to confirm it is him). Maya
has an invitation to Pat waiting, which shares nothing: only Pat answers it, only Maya withdraws
it, and both may read it. (Not Maya's sharing with Pat: what Maya shares is what the rest of the
matrix is about.) Pat's CRAFT worksheet and well-being check-in are Pat's alone — 404 to Jordan,
to Maya and to every member of staff. Everyone signed in has a family space of their own.
"""

from __future__ import annotations

from alongside.privacy.models import Scope
from alongside.testing.authz import (
    ANON,
    CONFIRM,
    NOT_FOUND,
    OK,
    REAUTH,
    REDIRECT,
    UNAUTHENTICATED,
    Route,
    everyone_but_anon,
)

INV = lambda s: s["family_invitation"].pk  # noqa: E731
ALLY = lambda s: s["family_ally"].pk  # noqa: E731
SHEET = lambda s: s["family_worksheet"].pk  # noqa: E731
WELL = lambda s: s["family_wellbeing"].pk  # noqa: E731
JORDAN = lambda s: s["family_supported"].pk  # noqa: E731

ANSWERS = {
    "situation": "Friday night",
    "triggers": "payday",
    "behaviour": "drinks",
    "short_term": "relief",
    "long_term": "a lost weekend",
}


def own(key: str, path, *, method: str = "get", ok: object = OK, data=None) -> Route:
    """Everyone signed in, each about their own."""
    return Route(key, path, everyone_but_anon(), default=ok, method=method, data=data or {})


def one(key: str, path, who: dict, *, method: str = "get", data=None) -> Route:
    """Only the people named; everyone else 404, anonymous visitors to sign-in."""
    return Route(
        key, path, everyone_but_anon(**who), default=NOT_FOUND, method=method, data=data or {}
    )


def api(key: str, path, who: dict, *, method: str = "get", data=None) -> Route:
    return Route(
        key,
        path,
        {ANON: UNAUTHENTICATED, **who},
        default=NOT_FOUND,
        method=method,
        data=data or {},
    )


def api_own(key: str, path, *, method: str = "get", ok: object = OK, data=None) -> Route:
    return Route(key, path, {ANON: UNAUTHENTICATED}, default=ok, method=method, data=data or {})


ROUTES = [
    # An ally's own space: everyone's own.
    own("family:home", "/family/"),
    own("family:craft", "/family/craft/"),
    own("family:craft-step", "/family/craft/functional_analysis/"),
    own("family:wellbeing", "/family/wellbeing/"),
    one("family:craft-worksheet", lambda s: f"/family/craft/worksheets/{SHEET(s)}/", {"ally": OK}),
    one(
        "family:craft-worksheet-delete",
        lambda s: f"/family/craft/worksheets/{SHEET(s)}/delete/",
        {"ally": REDIRECT},
        method="post",
    ),
    one(
        "family:wellbeing-delete",
        lambda s: f"/family/wellbeing/{WELL(s)}/delete/",
        {"ally": REDIRECT},
        method="post",
    ),
    one(
        "family:member-check-ins",
        lambda s: f"/family/members/{JORDAN(s)}/check-ins/",
        {"member2": OK, "ally": OK},
    ),
    # The member's allies and invitations.
    own("family:allies", "/family/allies/"),
    own("family:invite", "/family/allies/invite/"),
    one("family:ally", lambda s: f"/family/allies/{ALLY(s)}/", {"member2": OK}),
    one(
        "family:ally-end",
        lambda s: f"/family/allies/{ALLY(s)}/end/",
        {"member2": REAUTH},
        method="post",
    ),
    one(
        "family:invitation",
        lambda s: f"/family/invitations/{INV(s)}/",
        {"member": OK, "ally": OK},
    ),
    one(
        "family:invitation-accept",
        lambda s: f"/family/invitations/{INV(s)}/accept/",
        {"member": REDIRECT, "ally": REDIRECT},
        method="post",
    ),
    one(
        "family:invitation-decline",
        lambda s: f"/family/invitations/{INV(s)}/decline/",
        {"member": REDIRECT, "ally": REDIRECT},
        method="post",
    ),
    one(
        "family:invitation-withdraw",
        lambda s: f"/family/invitations/{INV(s)}/withdraw/",
        {"member": REDIRECT},
        method="post",
    ),
    # API
    api_own("GET /api/v1/family/allies", "/api/v1/family/allies"),
    api(
        "PUT /api/v1/family/allies/{ally_id}",
        lambda s: f"/api/v1/family/allies/{ALLY(s)}",
        {"member2": CONFIRM},
        method="put",
        data={"scopes": ["milestones"], "gets_hard_days": True},
    ),
    api(
        "POST /api/v1/family/allies/{ally_id}/end",
        lambda s: f"/api/v1/family/allies/{ALLY(s)}/end",
        {"member2": CONFIRM},
        method="post",
    ),
    api_own("GET /api/v1/family/invitations", "/api/v1/family/invitations"),
    api_own(
        "POST /api/v1/family/invitations",
        "/api/v1/family/invitations",
        method="post",
        ok=CONFIRM,
        data={"email": "aunt.bea@example.org", "relationship": "other", "gets_sos": True},
    ),
    api(
        "POST /api/v1/family/invitations/{invitation_id}/withdraw",
        lambda s: f"/api/v1/family/invitations/{INV(s)}/withdraw",
        {"member": OK},
        method="post",
    ),
    api_own("GET /api/v1/family/invitations/received", "/api/v1/family/invitations/received"),
    api(
        "POST /api/v1/family/invitations/{invitation_id}/accept",
        lambda s: f"/api/v1/family/invitations/{INV(s)}/accept",
        {"ally": OK, "member": 409},
        method="post",
    ),
    api(
        "POST /api/v1/family/invitations/{invitation_id}/decline",
        lambda s: f"/api/v1/family/invitations/{INV(s)}/decline",
        {"ally": OK, "member": 409},
        method="post",
    ),
    api_own("GET /api/v1/family/supporting", "/api/v1/family/supporting"),
    api_own("GET /api/v1/family/craft", "/api/v1/family/craft"),
    api_own("GET /api/v1/family/craft/worksheets", "/api/v1/family/craft/worksheets"),
    api_own(
        "POST /api/v1/family/craft/worksheets",
        "/api/v1/family/craft/worksheets",
        method="post",
        ok=201,
        data={"tool": "functional_analysis", "answers": ANSWERS},
    ),
    api(
        "GET /api/v1/family/craft/worksheets/{worksheet_id}",
        lambda s: f"/api/v1/family/craft/worksheets/{SHEET(s)}",
        {"ally": OK},
    ),
    api(
        "PUT /api/v1/family/craft/worksheets/{worksheet_id}",
        lambda s: f"/api/v1/family/craft/worksheets/{SHEET(s)}",
        {"ally": OK},
        method="put",
        data={"answers": ANSWERS},
    ),
    api(
        "DELETE /api/v1/family/craft/worksheets/{worksheet_id}",
        lambda s: f"/api/v1/family/craft/worksheets/{SHEET(s)}",
        {"ally": 204},
        method="delete",
    ),
    api_own("GET /api/v1/family/wellbeing", "/api/v1/family/wellbeing"),
    api_own(
        "POST /api/v1/family/wellbeing",
        "/api/v1/family/wellbeing",
        method="post",
        ok=201,
        data={"stress": 4, "took_time_for_self": True},
    ),
    api(
        "DELETE /api/v1/family/wellbeing/{check_in_id}",
        lambda s: f"/api/v1/family/wellbeing/{WELL(s)}",
        {"ally": 204},
        method="delete",
    ),
    api(
        "GET /api/v1/family/members/{member_id}/check-ins",
        lambda s: f"/api/v1/family/members/{JORDAN(s)}/check-ins",
        {"member2": OK, "ally": OK},
    ),
]

# Reads of another member's data by id, each of which must write one access-log row.
SENSITIVE_READS = {
    "family:member-check-ins": (
        "/family/members/{member}/check-ins/",
        Scope.CHECK_IN_SUMMARY,
        "page",
    ),
    "GET /api/v1/family/members/{member_id}/check-ins": (
        "/api/v1/family/members/{member}/check-ins",
        Scope.CHECK_IN_SUMMARY,
        "api",
    ),
}


def subjects(cast: dict) -> dict:
    from alongside.accounts.sensitive import Credential
    from alongside.family import services

    jordan, maya, pat = cast["member2"].user, cast["member"].user, cast["ally"].user
    sent = services.invite_ally(
        credential=Credential.for_setup(jordan),
        email=pat.email,
        relationship="friend",
        scopes=[Scope.CHECK_IN_SUMMARY],
    )
    ally = services.accept_invitation(invitation=sent, user=pat)
    waiting = services.invite_ally(
        credential=Credential.for_setup(maya),
        email=pat.email,
        relationship="sibling",
        scopes=[Scope.MILESTONES],
    )
    sheet = services.save_craft_worksheet(person=pat, tool="functional_analysis", answers=ANSWERS)
    check_in = services.record_wellbeing(person=pat, stress=5, note="tired")
    return {
        "family_invitation": waiting,
        "family_ally": ally,
        "family_worksheet": sheet,
        "family_wellbeing": check_in,
        "family_supported": jordan,
    }

"""Peer support's routes in the authorization matrix.

Sam offers to sponsor and mentor (a listed profile, so anyone signed in may open his page to
ask him). Maya asked Sam and waits for his answer: the request is Sam's to answer and Maya's to
withdraw. Sam mentors Jordan: that relationship is theirs alone. Everyone signed in has their
own peer-support pages and profile.
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

SAM = lambda s: s["peers_sam"].pk  # noqa: E731
Q = lambda s: s["peers_request"].pk  # noqa: E731
R = lambda s: s["peers_relationship"].pk  # noqa: E731


def api(key, path, method="get", default=NOT_FOUND, data=None, **who) -> Route:
    return Route(
        key, path, {ANON: UNAUTHENTICATED, **who}, default=default, method=method, data=data or {}
    )


ROUTES = [
    Route("peers:home", "/peers/", everyone_but_anon()),
    Route("peers:find", "/peers/find/", everyone_but_anon()),
    Route("peers:profile", "/peers/profile/", everyone_but_anon()),
    Route("peers:requests", "/peers/requests/", everyone_but_anon()),
    Route("peers:ask", lambda s: f"/peers/supporters/{SAM(s)}/ask/", everyone_but_anon()),
    Route(
        "peers:request-answer",
        lambda s: f"/peers/requests/{Q(s)}/answer/",
        everyone_but_anon(mentor=REDIRECT),
        default=NOT_FOUND,
        method="post",
        data={"answer": "decline"},
    ),
    Route(
        "peers:request-withdraw",
        lambda s: f"/peers/requests/{Q(s)}/withdraw/",
        everyone_but_anon(member=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "peers:relationship",
        lambda s: f"/peers/relationships/{R(s)}/",
        everyone_but_anon(member2=OK, mentor=OK),
        default=NOT_FOUND,
    ),
    Route(
        "peers:relationship-end",
        lambda s: f"/peers/relationships/{R(s)}/end/",
        everyone_but_anon(member2=OK, mentor=OK),
        default=NOT_FOUND,
    ),
    Route(
        "peers:relationship-keep",
        lambda s: f"/peers/relationships/{R(s)}/keep/",
        everyone_but_anon(member2=REDIRECT, mentor=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    # API
    api("GET /api/v1/peers/profile", "/api/v1/peers/profile", default=204, mentor=OK),
    api(
        "PUT /api/v1/peers/profile",
        "/api/v1/peers/profile",
        method="put",
        default=OK,
        data={"languages": ["en"], "pathways": ["aa"], "offers_mentoring": True},
    ),
    api("GET /api/v1/peers/shortlist", "/api/v1/peers/shortlist", default=OK),
    # Maya already waits for Sam, Jordan has him as a mentor, and Sam cannot ask himself.
    api(
        "POST /api/v1/peers/requests",
        "/api/v1/peers/requests",
        method="post",
        default=201,
        data=lambda s: {"supporter_id": SAM(s), "kind": "mentor"},
        member=422,
        member2=422,
        mentor=422,
    ),
    api("GET /api/v1/peers/requests", "/api/v1/peers/requests", default=OK),
    api(
        "POST /api/v1/peers/requests/{request_id}/answer",
        lambda s: f"/api/v1/peers/requests/{Q(s)}/answer",
        method="post",
        data={"accept": False},
        mentor=OK,
    ),
    api(
        "POST /api/v1/peers/requests/{request_id}/withdraw",
        lambda s: f"/api/v1/peers/requests/{Q(s)}/withdraw",
        method="post",
        member=OK,
    ),
    api("GET /api/v1/peers/relationships", "/api/v1/peers/relationships", default=OK),
    api(
        "GET /api/v1/peers/relationships/{relationship_id}",
        lambda s: f"/api/v1/peers/relationships/{R(s)}",
        member2=OK,
        mentor=OK,
    ),
    api(
        "POST /api/v1/peers/relationships/{relationship_id}/end",
        lambda s: f"/api/v1/peers/relationships/{R(s)}/end",
        method="post",
        member2=OK,
        mentor=OK,
    ),
    # The review comes after 90 days: before it, keeping is a conflict for both of them.
    api(
        "POST /api/v1/peers/relationships/{relationship_id}/keep",
        lambda s: f"/api/v1/peers/relationships/{R(s)}/keep",
        method="post",
        member2=409,
        mentor=409,
    ),
]


def subjects(cast: dict) -> dict:
    from alongside.peers import services
    from alongside.peers.models import SupportKind

    maya, jordan, sam = cast["member"].user, cast["member2"].user, cast["mentor"].user
    services.save_profile(
        user=sam,
        offers_sponsorship=True,
        offers_mentoring=True,
        pathways=["na", "mm"],
        languages=["en"],
        capacity=3,
    )
    asked = services.ask(member=jordan, supporter=sam, kind=SupportKind.MENTOR)
    services.answer(request=asked, accept=True)
    request = services.ask(member=maya, supporter=sam, kind=SupportKind.SPONSOR)
    return {
        "peers_sam": sam,
        "peers_request": request,
        "peers_relationship": asked.relationship,
    }

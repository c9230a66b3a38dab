"""Peer support's routes in the authorization matrix.

Sam offers to sponsor and mentor (a listed profile, so anyone signed in may open his page to
ask him). Maya asked Sam and waits for his answer: the request is Sam's to answer and Maya's to
withdraw. Sam mentors Jordan: that relationship is theirs alone. Everyone signed in has their
own peer-support pages and profile. Maya and Jordan are accountability partners (messaging's
subjects) and Maya proposed a weekly rhythm that Jordan has not agreed yet: only the two of them
reach it, only Jordan can agree, and nobody can mark a check-in done before he does.
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
P = lambda s: s["partnership"].pk  # noqa: E731  # messaging's subjects: Maya and Jordan


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
    Route(
        "peers:partner",
        lambda s: f"/peers/partners/{P(s)}/",
        everyone_but_anon(member=OK, member2=OK),
        default=NOT_FOUND,
    ),
    Route(
        "peers:partner-action",
        lambda s: f"/peers/partners/{P(s)}/do/",
        everyone_but_anon(member=REDIRECT, member2=REDIRECT),
        default=NOT_FOUND,
        method="post",
        data={"action": "agree"},
    ),
    # API
    api(
        "GET /api/v1/peers/partners/{partnership_id}/rhythm",
        lambda s: f"/api/v1/peers/partners/{P(s)}/rhythm",
        member=OK,
        member2=OK,
    ),
    api(
        "PUT /api/v1/peers/partners/{partnership_id}/rhythm",
        lambda s: f"/api/v1/peers/partners/{P(s)}/rhythm",
        method="put",
        data={"frequency": "daily", "window_start": "08:00", "window_end": "09:00"},
        member=OK,
        member2=OK,
    ),
    api(
        "PATCH /api/v1/peers/partners/{partnership_id}/rhythm",
        lambda s: f"/api/v1/peers/partners/{P(s)}/rhythm",
        method="patch",
        data={"paused": True},
        member=OK,
        member2=OK,
    ),
    api(
        "POST /api/v1/peers/partners/{partnership_id}/rhythm/agree",
        lambda s: f"/api/v1/peers/partners/{P(s)}/rhythm/agree",
        method="post",
        member=409,
        member2=OK,
    ),
    api(
        "POST /api/v1/peers/partners/{partnership_id}/check-ins",
        lambda s: f"/api/v1/peers/partners/{P(s)}/check-ins",
        method="post",
        member=409,
        member2=409,
    ),
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
    import datetime

    from alongside.messaging.models import Partnership
    from alongside.peers import partners, services
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
    # Made by messaging's subjects, which come first (testing.authz.APPS).
    partnership = Partnership.objects.get(asked_by=maya, partner=jordan)
    partners.propose_rhythm(
        partnership=partnership,
        by=maya,
        frequency="weekly",
        weekday=1,
        window_start=datetime.time(19, 0),
        window_end=datetime.time(20, 0),
    )
    return {
        "peers_sam": sam,
        "peers_request": request,
        "peers_relationship": asked.relationship,
    }

"""The forums' routes in the authorization matrix (the forum of tests/forum.py).

Early days is Riverbend's: everyone there reads it, Casey (Harbor) gets 404. The SMART group's
space is Maya's and Theo's (its facilitator) alone. Jordan's waiting reply is for him and the
moderators of Early days: Lena (a moderator) and Dana (Riverbend's admin). Watched words and the
moderation of a post are theirs too; the review queue is everyone's own (empty for most).
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

RIVERBEND = [
    "member",
    "member2",
    "mentor",
    "peer_specialist",
    "counselor",
    "facilitator",
    "house_manager",
    "ally",
    "org_admin",
]
MODERATORS = ["peer_specialist", "org_admin"]
# Who Lena is a moderator for: Riverbend's admin alone manages that.
GROUP = ["member", "facilitator"]

THREAD = lambda s: s["forum_thread"].pk  # noqa: E731
POST = lambda s: s["forum_post"].pk  # noqa: E731
WAITING = lambda s: s["forum_waiting"].pk  # noqa: E731
WORD = lambda s: s["forum_word"].pk  # noqa: E731


def page(key: str, path, who: list[str], *, method: str = "get", ok: object = OK, data=None):
    return Route(
        key,
        path,
        everyone_but_anon(**dict.fromkeys(who, ok)),
        default=NOT_FOUND,
        method=method,
        data=data or {},
    )


def api(key: str, path, who: list[str], *, method: str = "get", ok: object = OK, data=None):
    return Route(
        key,
        path,
        {ANON: UNAUTHENTICATED, **dict.fromkeys(who, ok)},
        default=NOT_FOUND,
        method=method,
        data=data or {},
    )


ROUTES = [
    Route("community:spaces", "/community/", everyone_but_anon()),
    Route("community:share", "/community/celebrate/", everyone_but_anon()),
    Route("community:queue", "/community/moderation/", everyone_but_anon()),
    page("community:space", "/community/spaces/early-days/", RIVERBEND),
    page("community:new-thread", "/community/spaces/forum-smart/new/", GROUP),
    page("community:thread", lambda s: f"/community/threads/{THREAD(s)}/", RIVERBEND),
    page(
        "community:react",
        lambda s: f"/community/posts/{POST(s)}/react/",
        RIVERBEND,
        method="post",
        ok=REDIRECT,
        data={"kind": "with_you"},
    ),
    page("community:flag", lambda s: f"/community/posts/{POST(s)}/flag/", RIVERBEND),
    page(
        "community:congratulate",
        lambda s: f"/community/threads/{THREAD(s)}/congratulate/",
        RIVERBEND,
        method="post",
        ok=REDIRECT,
    ),
    page(
        "community:moderate",
        lambda s: f"/community/moderation/posts/{WAITING(s)}/",
        MODERATORS,
    ),
    page("community:watched-words", "/community/moderation/early-days/watched-words/", MODERATORS),
    page(
        "community:watched-word-delete",
        lambda s: f"/community/moderation/watched-words/{WORD(s)}/delete/",
        MODERATORS,
        method="post",
        ok=REDIRECT,
    ),
    page("community:moderators", "/community/moderators/riverbend/", ["org_admin"]),
    page(
        "community:moderator-remove",
        lambda s: f"/community/moderators/remove/{s['forum_moderator'].pk}/",
        ["org_admin"],
        method="post",
        ok=REDIRECT,
    ),
    Route(
        "community:duty",
        "/community/moderation/duty/",
        everyone_but_anon(),
        default=REDIRECT,
        method="post",
        data={"on_duty": "1"},
    ),
    # API
    Route("GET /api/v1/community/spaces", "/api/v1/community/spaces", {ANON: UNAUTHENTICATED}),
    api(
        "GET /api/v1/community/spaces/{slug}/threads",
        "/api/v1/community/spaces/forum-smart/threads",
        GROUP,
    ),
    api(
        "POST /api/v1/community/spaces/{slug}/threads",
        "/api/v1/community/spaces/early-days/threads",
        RIVERBEND,
        method="post",
        ok=201,
        data={"title": "Hello", "body": "Glad to be here.", "accepts_guidelines": True},
    ),
    api(
        "GET /api/v1/community/spaces/{slug}/search",
        "/api/v1/community/spaces/early-days/search?q=evenings",
        RIVERBEND,
    ),
    api(
        "GET /api/v1/community/threads/{thread_id}",
        lambda s: f"/api/v1/community/threads/{THREAD(s)}",
        RIVERBEND,
    ),
    api(
        "POST /api/v1/community/threads/{thread_id}/replies",
        lambda s: f"/api/v1/community/threads/{THREAD(s)}/replies",
        RIVERBEND,
        method="post",
        ok=201,
        data={"body": "With you.", "accepts_guidelines": True},
    ),
    Route(
        "POST /api/v1/community/posts/{post_id}/reactions",
        lambda s: f"/api/v1/community/posts/{POST(s)}/reactions",
        {ANON: UNAUTHENTICATED, **dict.fromkeys(RIVERBEND, OK), "member": 422},
        default=NOT_FOUND,
        method="post",
        data={"kind": "keep_going"},
    ),
    Route(
        "POST /api/v1/community/posts/{post_id}/flags",
        lambda s: f"/api/v1/community/posts/{POST(s)}/flags",
        {ANON: UNAUTHENTICATED, **dict.fromkeys(RIVERBEND, 201), "member": 422},
        default=NOT_FOUND,
        method="post",
        data={"reason": "unkind"},
    ),
    api(
        "POST /api/v1/community/threads/{thread_id}/congratulations",
        lambda s: f"/api/v1/community/threads/{THREAD(s)}/congratulations",
        RIVERBEND,
        method="post",
        ok=422,
    ),
    api(
        "POST /api/v1/community/celebrations",
        "/api/v1/community/celebrations",
        [],
        method="post",
        data={"celebration_id": 2**62, "space": "forum-smart"},
    ),
    Route(
        "GET /api/v1/community/moderation/queue",
        "/api/v1/community/moderation/queue",
        {ANON: UNAUTHENTICATED},
    ),
    api(
        "POST /api/v1/community/moderation/posts/{post_id}",
        lambda s: f"/api/v1/community/moderation/posts/{WAITING(s)}",
        MODERATORS,
        method="post",
        data={"action": "approve", "reason": "Kind and on topic."},
    ),
    api(
        "GET /api/v1/community/spaces/{slug}/watched-words",
        "/api/v1/community/spaces/early-days/watched-words",
        MODERATORS,
    ),
    api(
        "POST /api/v1/community/spaces/{slug}/watched-words",
        "/api/v1/community/spaces/early-days/watched-words",
        MODERATORS,
        method="post",
        ok=201,
        data={"phrase": "casino", "action": "hold"},
    ),
    api(
        "DELETE /api/v1/community/watched-words/{word_id}",
        lambda s: f"/api/v1/community/watched-words/{WORD(s)}",
        MODERATORS,
        method="delete",
        ok=204,
    ),
]


ROUTES += [
    api(
        "GET /api/v1/community/organizations/{slug}/moderators",
        "/api/v1/community/organizations/riverbend/moderators",
        ["org_admin"],
    ),
    api(
        "POST /api/v1/community/organizations/{slug}/moderators",
        "/api/v1/community/organizations/riverbend/moderators",
        ["org_admin"],
        method="post",
        ok=201,
        data=lambda s: {"user_id": s["forum_candidate"].pk},
    ),
    api(
        "DELETE /api/v1/community/moderators/{moderator_id}",
        lambda s: f"/api/v1/community/moderators/{s['forum_moderator'].pk}",
        ["org_admin"],
        method="delete",
        ok=204,
    ),
    Route(
        "PUT /api/v1/community/moderation/duty",
        "/api/v1/community/moderation/duty",
        {ANON: UNAUTHENTICATED},
        method="put",
        data={"on_duty": False},
    ),
]


def subjects(cast: dict) -> dict:
    from alongside.community.models import WatchedAction, WatchedWord
    from alongside.community.tests.forum import build_forum

    forum = build_forum(cast)
    word = WatchedWord.objects.create(
        space=forum["forum_topic"], phrase="lottery", action=WatchedAction.FLAG
    )
    from alongside.community.models import Moderator

    moderator = Moderator.objects.get(user=cast["peer_specialist"].user)
    return {
        **forum,
        "forum_word": word,
        "forum_moderator": moderator,
        "forum_candidate": cast["mentor"].user,
    }

"""The community API under /api/v1/community/: the same services and access as the pages.

Errors: 422 naming the field (the guidelines not yet read, a link from a new member, a watched
word), 429 with Retry-After past the posting allowance, 404 for whatever the person cannot see."""

from __future__ import annotations

from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import ValidationError
from pydantic import Field

from alongside.accounts.http import AuthenticatedHttpRequest
from alongside.api_errors import ApiError
from alongside.community import access, services
from alongside.community.models import Post, Thread
from alongside.community.schemas import (
    ForumCongratulationIn,
    ForumCongratulationOut,
    ForumDutyIn,
    ForumDutyOut,
    ForumFlagIn,
    ForumFlagOut,
    ForumModerateIn,
    ForumModerationOut,
    ForumModeratorIn,
    ForumModeratorOut,
    ForumPostedOut,
    ForumPostOut,
    ForumQueueItemOut,
    ForumReactionIn,
    ForumReactionOut,
    ForumReplyIn,
    ForumShareIn,
    ForumSpaceOut,
    ForumThreadIn,
    ForumThreadOut,
    ForumThreadSummaryOut,
    ForumWatchedWordIn,
    ForumWatchedWordOut,
)
from alongside.resources.crisis_lines import lines_for
from alongside.schemas import Id, Text, person_out

router = Router(tags=["community"])
Slug = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")]


def refused(error: services.CommunityError) -> Exception:
    if isinstance(error, services.RateLimited):
        return ApiError(
            429, "rate_limited", error.message, headers={"Retry-After": str(error.retry_after)}
        )
    return ValidationError([{"loc": ("body", "payload", error.field), "msg": error.message}])


def _post(post: Post, encouragement: list[dict] | None = None) -> dict[str, Any]:
    return {
        "id": post.pk,
        "thread_id": post.thread_id,
        "author": person_out(post.author),
        "body": post.body,
        "html": post.html,
        "status": post.status,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "encouragement": encouragement or [],
    }


def _posted(request: AuthenticatedHttpRequest, posted: services.Posted) -> dict[str, Any]:
    support = None
    if posted.crisis:
        support = {
            "message": _(
                "What you wrote sounds like a lot to carry. You are not alone: these lines answer "
                "at any hour, and your support circle is one press away. Only you see this."
            ),
            "crisis_lines": [
                {
                    "name": str(line.name),
                    "contact": str(line.contact),
                    "how": str(line.how),
                    "tel": line.tel,
                    "sms": line.sms,
                }
                for line in lines_for(request.user.country)
            ],
            "reach_circle": "/api/v1/support/sos",
        }
    return {
        "thread_id": posted.post.thread_id,
        "post": _post(posted.post),
        "waiting_for_review": posted.is_waiting,
        "crisis_support": support,
    }


def _label(thread: Thread) -> str | None:
    return thread.celebration.label if thread.celebration is not None else None


@router.get("/community/spaces", response=list[ForumSpaceOut], summary="The spaces you may read")
def list_spaces(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    person = request.user
    read = set(person.forum_readings.values_list("space_id", flat=True))
    return [
        {
            "slug": s.slug,
            "name": s.name,
            "kind": s.kind,
            "description": s.description,
            "guidelines": s.guidelines,
            "has_read_guidelines": s.pk in read,
        }
        for s in services.visible_spaces(person).order_by("kind", "name")
    ]


@router.get(
    "/community/spaces/{slug}/threads",
    response={200: list[ForumThreadSummaryOut], 404: dict},
    summary="A space's threads, latest activity first, with your unread counts",
)
def list_threads(request: AuthenticatedHttpRequest, slug: Slug):
    space = access.access_space(request.user, slug)
    return [
        {
            "id": t.pk,
            "title": t.title,
            "author": person_out(t.author),
            "created_at": t.created_at,
            "last_post_at": t.last_post_at,
            "posts": t.post_count,  # type: ignore[attr-defined]  # annotated by threads_in
            "unread": t.unread,  # type: ignore[attr-defined]
            "celebration": _label(t),
        }
        for t in services.threads_in(request.user, space).select_related("celebration")[:100]
    ]


@router.post(
    "/community/spaces/{slug}/threads",
    response={201: ForumPostedOut, 404: dict, 429: dict},
    summary="Start a thread (a new member's first posts wait for review)",
)
def create_thread(request: AuthenticatedHttpRequest, slug: Slug, payload: ForumThreadIn):
    space = access.access_space(request.user, slug)
    try:
        posted = services.start_thread(author=request.user, space=space, **payload.dict())
    except services.CommunityError as error:
        raise refused(error) from error
    return Status(201, _posted(request, posted))


@router.get(
    "/community/spaces/{slug}/search",
    response={200: list[ForumPostOut], 404: dict},
    summary="Posts in a space holding the words, newest first (up to 50)",
)
def search(
    request: AuthenticatedHttpRequest,
    slug: Slug,
    q: Query[Text] = "",
):
    space = access.access_space(request.user, slug)
    return [_post(p) for p in services.search(request.user, space, q[:200])]


@router.get(
    "/community/threads/{thread_id}",
    response={200: ForumThreadOut, 404: dict},
    summary=(
        "A thread with the posts you may see, a page at a time, oldest first (marks it read). "
        "A page past the last gives the last"
    ),
)
def get_thread(
    request: AuthenticatedHttpRequest,
    thread_id: Id,
    page: int = Query(1, ge=1, le=1_000_000),  # noqa: B008
):
    thread = access.access_thread(request.user, thread_id)
    found = services.thread_page(request.user, thread, page)
    posts = list(found.object_list)
    reactions = services.reactions_for(posts, request.user)
    services.mark_read(person=request.user, thread=thread)
    return {
        "id": thread.pk,
        "space": thread.space.slug,
        "title": thread.title,
        "celebration": _label(thread),
        "page": found.number,
        "pages": found.paginator.num_pages,
        "post_count": found.paginator.count,
        "posts": [_post(p, reactions[p.pk]) for p in posts],
    }


@router.post(
    "/community/threads/{thread_id}/replies",
    response={201: ForumPostedOut, 404: dict, 429: dict},
    summary="Reply to a thread",
)
def create_reply(request: AuthenticatedHttpRequest, thread_id: Id, payload: ForumReplyIn):
    thread = access.access_thread(request.user, thread_id)
    try:
        posted = services.reply(author=request.user, thread=thread, **payload.dict())
    except services.CommunityError as error:
        raise refused(error) from error
    return Status(201, _posted(request, posted))


@router.post(
    "/community/posts/{post_id}/reactions",
    response={200: ForumReactionOut, 404: dict},
    summary="Give or take back one kind of encouragement",
)
def react(request: AuthenticatedHttpRequest, post_id: Id, payload: ForumReactionIn):
    post = access.access_post(request.user, post_id)
    try:
        given = services.react(person=request.user, post=post, kind=payload.kind.value)
    except services.CommunityError as error:
        raise refused(error) from error
    return {"kind": payload.kind, "given": given}


@router.post(
    "/community/posts/{post_id}/flags",
    response={201: ForumFlagOut, 404: dict},
    summary="Ask the space's moderators to look at a post",
)
def create_flag(request: AuthenticatedHttpRequest, post_id: Id, payload: ForumFlagIn):
    post = access.access_post(request.user, post_id)
    try:
        found = services.flag(
            flagger=request.user, post=post, reason=payload.reason.value, details=payload.details
        )
    except services.CommunityError as error:
        raise refused(error) from error
    return Status(201, {"id": found.pk, "post_id": post.pk, "reason": found.reason})


@router.post(
    "/community/threads/{thread_id}/congratulations",
    response={200: ForumCongratulationOut, 404: dict},
    summary="Congratulate the member on the milestone a thread shares",
)
def congratulate(request: AuthenticatedHttpRequest, thread_id: Id, payload: ForumCongratulationIn):
    thread = access.access_thread(request.user, thread_id)
    try:
        found = services.congratulate(person=request.user, thread=thread, message=payload.message)
    except services.CommunityError as error:
        raise refused(error) from error
    return {"id": found.pk, "message": found.message}


@router.post(
    "/community/celebrations",
    response={201: ForumPostedOut, 404: dict, 429: dict},
    summary="Share one of your milestones in one of your groups' spaces",
)
def share_milestone(request: AuthenticatedHttpRequest, payload: ForumShareIn):
    celebration = access.access_own_celebration(request.user, payload.celebration_id)
    space = access.access_space(request.user, payload.space)
    try:
        posted = services.share_milestone(
            member=request.user,
            celebration=celebration,
            space=space,
            note=payload.note,
            accepts_guidelines=payload.accepts_guidelines,
        )
    except services.CommunityError as error:
        raise refused(error) from error
    return Status(201, _posted(request, posted))


# ---------------------------------------------------------------- moderation


@router.get(
    "/community/moderation/queue",
    response=list[ForumQueueItemOut],
    summary="Posts waiting for review or flagged, in the spaces you moderate",
)
def moderation_queue(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "post": _post(item.post),
            "space": item.post.thread.space.slug,
            "thread_title": item.post.thread.title,
            "open_flags": item.open_flags,
            "held_because": item.post.held_because,
            "waiting_seconds": int(item.age.total_seconds()),
        }
        for item in services.queue(request.user)
    ]


@router.post(
    "/community/moderation/posts/{post_id}",
    response={200: ForumModerationOut, 404: dict},
    summary="Approve, hide, edit, warn, suspend or dismiss flags, with a reason the author is told",
)
def moderate(request: AuthenticatedHttpRequest, post_id: Id, payload: ForumModerateIn):
    post = access.access_moderated_post(request.user, post_id)
    try:
        logged = services.moderate(
            moderator=request.user,
            post=post,
            action=payload.action.value,
            reason=payload.reason,
            days=payload.days,
            body=payload.body,
        )
    except services.CommunityError as error:
        raise refused(error) from error
    post.refresh_from_db()
    return {"id": logged.pk, "action": logged.kind, "reason": logged.reason, "post": _post(post)}


@router.get(
    "/community/spaces/{slug}/watched-words",
    response={200: list[ForumWatchedWordOut], 404: dict},
    summary="A space's watched words (its moderators only)",
)
def list_watched_words(request: AuthenticatedHttpRequest, slug: Slug):
    space = access.access_moderated_space(request.user, slug)
    return [
        {"id": w.pk, "phrase": w.phrase, "action": w.action}
        for w in space.watched_words.order_by("phrase")
    ]


@router.post(
    "/community/spaces/{slug}/watched-words",
    response={201: ForumWatchedWordOut, 404: dict},
    summary="Watch a word or phrase: block, hold for review, or flag",
)
def add_watched_word(request: AuthenticatedHttpRequest, slug: Slug, payload: ForumWatchedWordIn):
    space = access.access_moderated_space(request.user, slug)
    try:
        word = services.add_watched_word(
            space=space, phrase=payload.phrase, action=payload.action.value
        )
    except services.CommunityError as error:
        raise refused(error) from error
    return Status(201, {"id": word.pk, "phrase": word.phrase, "action": word.action})


@router.delete(
    "/community/watched-words/{word_id}",
    response={204: None, 404: dict},
    summary="Stop watching a word",
)
def delete_watched_word(request: AuthenticatedHttpRequest, word_id: Id):
    word = access.access_watched_word(request.user, word_id)
    services.remove_watched_word(word=word)
    return Status(204, None)


# ---------------------------------------------------------------- moderators and duty


def _moderator(row) -> dict[str, Any]:
    return {"id": row.pk, "person": person_out(row.user), "on_duty": row.is_on_duty}


@router.get(
    "/community/organizations/{slug}/moderators",
    response={200: list[ForumModeratorOut], 404: dict},
    summary="An organization's forum moderators (its admins only)",
)
def list_moderators(request: AuthenticatedHttpRequest, slug: Slug):
    organization = access.access_administered_organization(request.user, slug)
    return [_moderator(m) for m in services.moderators_in(organization)]


@router.post(
    "/community/organizations/{slug}/moderators",
    response={201: ForumModeratorOut, 404: dict},
    summary="Make someone in the organization a forum moderator (they are told)",
)
def add_moderator(request: AuthenticatedHttpRequest, slug: Slug, payload: ForumModeratorIn):
    organization = access.access_administered_organization(request.user, slug)
    person = services.moderator_candidates(organization).filter(pk=payload.user_id).first()
    if person is None:
        raise ValidationError(
            [
                {
                    "loc": ("body", "payload", "user_id"),
                    "msg": _("Choose someone in the organization who is not a moderator yet."),
                }
            ]
        )
    return Status(201, _moderator(services.add_moderator(organization=organization, person=person)))


@router.delete(
    "/community/moderators/{moderator_id}",
    response={204: None, 404: dict},
    summary="Remove a forum moderator (the organization's admins only)",
)
def remove_moderator(request: AuthenticatedHttpRequest, moderator_id: Id):
    found = access.access_moderator_row(request.user, moderator_id)
    services.remove_moderator(moderator=found)
    return Status(204, None)


@router.put(
    "/community/moderation/duty",
    response=ForumDutyOut,
    summary="Go on or off duty as a moderator (crisis alerts go to those on duty)",
)
def set_duty(request: AuthenticatedHttpRequest, payload: ForumDutyIn) -> dict[str, Any]:
    rows = list(request.user.moderating.select_related("organization"))
    for row in rows:
        services.set_on_duty(moderator=row, on_duty=payload.on_duty)
    return {"on_duty": payload.on_duty, "organizations": [r.organization.slug for r in rows]}

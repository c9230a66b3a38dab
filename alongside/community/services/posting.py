"""Writing in the forums: threads, replies, encouragement, reading, search and the daily digest
of unread replies. Every post passes the same checks, for pages and the API alike: the space's
guidelines read, no suspension, the rate limit, links only once trusted, watched words, and
review of a new member's first posts. Crisis language routes to people (crisis.py): the author
sees crisis lines, the moderators on duty are told, nothing else changes.
"""

from __future__ import annotations

import datetime
import re
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.community import crisis
from alongside.community.models import (
    CrisisAlert,
    Encouragement,
    Flag,
    FlagReason,
    Post,
    PostStatus,
    Reaction,
    Reading,
    Space,
    Standing,
    Suspension,
    Thread,
    ThreadRead,
    WatchedAction,
    WatchedWord,
)
from alongside.community.services.spaces import moderates, moderators_of, on_duty
from alongside.lib.errors import FieldError
from alongside.lib.phrases import PhraseMatcher

# A new member's first posts wait for a moderator.
REVIEW_FIRST = 2
# Links are for trusted members: this many approved posts, and this long since the first.
TRUSTED_AFTER_POSTS = 5
TRUSTED_AFTER = datetime.timedelta(days=7)
# Posts (threads and replies together) one person may write in a minute.
RATE_PER_MINUTE = 5
MAX_TITLE = 160
MAX_BODY = 20_000
LINK_RE = re.compile(r"(https?://|www\.|\]\(|<a\s)", re.IGNORECASE)


class CommunityError(FieldError):
    """A post or action that cannot be taken, with the field and a sentence saying why."""


class RateLimited(CommunityError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "body",
            _(
                "You have posted a lot in the last minute. Your words are kept here: post "
                "again in %(seconds)s seconds."
            )
            % {"seconds": retry_after},
        )
        self.retry_after = retry_after


@dataclass
class Posted:
    """A saved post, and whether its author should now see crisis support (only they)."""

    post: Post
    crisis: list[crisis.CrisisMatch] = field(default_factory=list)

    @property
    def is_waiting(self) -> bool:
        return self.post.status == PostStatus.PENDING


# ---------------------------------------------------------------- trust


class Trust:
    NEW = "new"  # first posts wait for review; no links
    MEMBER = "member"  # posts go live; no links yet
    TRUSTED = "trusted"  # links too


def standing_of(person: User) -> Standing:
    return Standing.objects.get_or_create(person=person)[0]


def trust_of(person: User, space: Space) -> str:
    if moderates(person, space):
        return Trust.TRUSTED
    standing = Standing.objects.filter(person=person).first()
    approved = standing.approved_posts if standing else 0
    if approved < REVIEW_FIRST:
        return Trust.NEW
    first = standing.first_post_at if standing else None
    if approved >= TRUSTED_AFTER_POSTS and first and timezone.now() - first >= TRUSTED_AFTER:
        return Trust.TRUSTED
    return Trust.MEMBER


def has_read_guidelines(person: User, space: Space) -> bool:
    return Reading.objects.filter(space=space, person=person).exists()


def suspension_of(person: User, space: Space) -> Suspension | None:
    return (
        Suspension.objects.filter(space=space, person=person, until__gt=timezone.now())
        .order_by("-until")
        .first()
    )


# ---------------------------------------------------------------- checks


def _take_rate_slot(person: User) -> None:
    now = time.time()
    key = f"community:rate:{person.pk}:{int(now // 60)}"
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1 if cache.add(key, 1, 120) else cache.incr(key)
    if count > RATE_PER_MINUTE:
        raise RateLimited(max(1, int(60 - now % 60)))


def _clean_body(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise CommunityError("body", _("Write something before posting."))
    if "\x00" in text:
        raise CommunityError("body", _("The post holds a character that cannot be saved."))
    if len(text) > MAX_BODY:
        raise CommunityError(
            "body",
            _("A post can be up to %(max)s characters long; this one has %(count)s.")
            % {"max": f"{MAX_BODY:,}", "count": f"{len(text):,}"},
        )
    return text


def _watched(space: Space, text: str) -> list[tuple[str, str]]:
    """(phrase, action) for each watched word of the space in the text."""
    words = list(WatchedWord.objects.filter(space=space).values_list("phrase", "action"))
    if not words:
        return []
    return [(m.phrase, m.label) for m in PhraseMatcher(words).find(text)]


@dataclass
class _Verdict:
    status: str
    held_because: str = ""
    flag_words: list[str] = field(default_factory=list)


def _judge(person: User, space: Space, text: str, *, accepts_guidelines: bool) -> _Verdict:
    """What happens to a post by this person here, or CommunityError when it cannot be posted.
    Takes a rate slot only once the post would be accepted."""
    if not has_read_guidelines(person, space):
        if not accepts_guidelines:
            raise CommunityError(
                "accepts_guidelines",
                _("Read this space's guidelines and say you will follow them before posting."),
            )
        Reading.objects.get_or_create(space=space, person=person)
    suspended = suspension_of(person, space)
    if suspended is not None:
        raise CommunityError(
            "body",
            _("You cannot post here until %(until)s. The moderators said: %(reason)s")
            % {
                "until": date_format(timezone.localtime(suspended.until), "j M Y, H:i T"),
                "reason": suspended.reason,
            },
        )
    trust = trust_of(person, space)
    if trust != Trust.TRUSTED and LINK_RE.search(text):
        raise CommunityError(
            "body",
            _(
                "Links can be shared once you have been part of the forums for a while. "
                "Describe where to find it instead, and a moderator can add the link."
            ),
        )
    watched = _watched(space, text)
    blocked = [phrase for phrase, action in watched if action == WatchedAction.BLOCK]
    if blocked:
        raise CommunityError(
            "body",
            _("This space does not allow these words: %(words)s. Please rephrase.")
            % {"words": ", ".join(dict.fromkeys(blocked))},
        )
    _take_rate_slot(person)
    held = [phrase for phrase, action in watched if action == WatchedAction.HOLD]
    flagged = [phrase for phrase, action in watched if action == WatchedAction.FLAG]
    if trust == Trust.NEW:
        return _Verdict(PostStatus.PENDING, "first posts", flagged)
    if held:
        return _Verdict(PostStatus.PENDING, "watched words: " + ", ".join(held), flagged)
    return _Verdict(PostStatus.PUBLISHED, "", flagged)


def _after_post(post: Post, verdict: _Verdict, text: str) -> Posted:
    from alongside.notifications.services import notify

    space = post.thread.space
    if verdict.flag_words:
        Flag.objects.create(
            post=post,
            reason=FlagReason.OTHER,
            details=_("Watched words: %(words)s") % {"words": ", ".join(verdict.flag_words)},
        )
    if post.status == PostStatus.PENDING or verdict.flag_words:
        for moderator in moderators_of(space):
            notify(
                user=moderator,
                kind="community_review",
                title=_("A post waits for review in %(space)s") % {"space": space.name},
                url=reverse("community:queue"),
                dedupe_key=f"community-review-{post.pk}",
            )
    author = post.author
    assert author is not None  # a post being written has its author
    standing = standing_of(author)
    if standing.first_post_at is None:
        Standing.objects.filter(pk=standing.pk).update(first_post_at=post.created_at)
        # A person's first post starts the digest runs (no run waits while nobody has posted).
        from alongside.community.tasks import schedule_digest_run

        transaction.on_commit(schedule_digest_run, robust=True)
    ThreadRead.objects.update_or_create(
        thread=post.thread, person=post.author, defaults={"read_at": post.created_at}
    )
    matches = crisis.find(text)
    if matches:
        _alert_on_duty(post, matches)
    return Posted(post, matches)


def _alert_on_duty(post: Post, matches: list[crisis.CrisisMatch]) -> None:
    """Tell the space's moderators on duty, and nobody else; the post is left as it is."""
    from alongside.notifications.services import notify

    alert = CrisisAlert.objects.create(post=post, matches=[m.as_dict() for m in matches])
    space = post.thread.space
    for person in on_duty(space):
        if person.pk == post.author_id:
            continue
        notify(
            user=person,
            kind="safety_forum_post",
            title=_("Someone in %(space)s may need support now") % {"space": space.name},
            body=_(
                "A post by %(name)s holds words that can mean someone is in danger: %(words)s. "
                "They were shown crisis lines and offered their support circle. Please reach "
                "out to them kindly."
            )
            % {
                "name": post.author.display_name if post.author else _("someone who left"),
                "words": ", ".join(dict.fromkeys(f"“{m.words}”" for m in matches)),
            },
            url=reverse("community:thread", args=[post.thread_id]) + f"#post-{post.pk}",
            dedupe_key=f"community-crisis-{alert.pk}",
            urgent=True,
            about=post.author,
        )


# ---------------------------------------------------------------- posting


@transaction.atomic
def start_thread(
    *,
    author: User,
    space: Space,
    title: str,
    body: str,
    accepts_guidelines: bool = False,
    celebration=None,
) -> Posted:
    """Open a thread with its first post. The caller has checked the author may see the space
    (access.py). Raises CommunityError (a field and why) or RateLimited; nothing is saved then."""
    title = (title or "").strip()
    if not title:
        raise CommunityError("title", _("Give the thread a title."))
    if len(title) > MAX_TITLE or "\x00" in title:
        raise CommunityError(
            "title", _("A title can be up to %(max)s characters.") % {"max": MAX_TITLE}
        )
    text = _clean_body(body)
    verdict = _judge(author, space, f"{title}\n{text}", accepts_guidelines=accepts_guidelines)
    thread = Thread.objects.create(space=space, author=author, title=title, celebration=celebration)
    post = Post.objects.create(
        thread=thread,
        author=author,
        body=text,
        status=verdict.status,
        is_opening=True,
        held_because=verdict.held_because,
        created_at=thread.created_at,
    )
    return _after_post(post, verdict, f"{title}\n{text}")


@transaction.atomic
def reply(*, author: User, thread: Thread, body: str, accepts_guidelines: bool = False) -> Posted:
    """Reply to a thread the author may see (access.py). Raises as start_thread does."""
    text = _clean_body(body)
    verdict = _judge(author, thread.space, text, accepts_guidelines=accepts_guidelines)
    post = Post.objects.create(
        thread=thread,
        author=author,
        body=text,
        status=verdict.status,
        held_because=verdict.held_because,
    )
    if post.status == PostStatus.PUBLISHED:
        Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at)
    return _after_post(post, verdict, text)


@transaction.atomic
def react(*, person: User, post: Post, kind: str) -> bool:
    """Give (or take back) one kind of encouragement on a published post. Returns whether the
    person now gives it."""
    if kind not in Encouragement.values:
        raise CommunityError("kind", _("Choose one of the encouragements offered."))
    if post.status != PostStatus.PUBLISHED:
        raise CommunityError("kind", _("This post cannot be answered yet."))
    if post.author_id == person.pk:
        raise CommunityError("kind", _("Encouragement is for other people's posts."))
    deleted, _rows = Reaction.objects.filter(post=post, person=person, kind=kind).delete()
    if deleted:
        return False
    Reaction.objects.create(post=post, person=person, kind=kind)
    return True


# ---------------------------------------------------------------- reading


def visible_posts(viewer: User, thread: Thread) -> QuerySet[Post]:
    """Published posts; the viewer's own waiting or hidden ones; everything for moderators."""
    posts = Post.objects.filter(thread=thread).select_related("author")
    if moderates(viewer, thread.space):
        return posts
    return posts.filter(Q(status=PostStatus.PUBLISHED) | Q(author=viewer))


# A page of a thread: a long thread reads in pages, so a page costs the same however long the
# thread grows (the query count and the rendering are those of one page).
POSTS_PER_PAGE = 20


def thread_page(viewer: User, thread: Thread, number: int | str | None = 1) -> Page:
    """One page of the posts the viewer may see, oldest first. `number` may be "last"; a number
    out of range, or not a number, gives the last page or the first."""
    paginator = Paginator(visible_posts(viewer, thread), POSTS_PER_PAGE)
    return paginator.get_page(paginator.num_pages if number == "last" else number)


def page_of(viewer: User, post: Post) -> int:
    """The page of its thread on which the viewer finds the post."""
    earlier = visible_posts(viewer, post.thread).filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    )
    return earlier.count() // POSTS_PER_PAGE + 1


def threads_in(viewer: User, space: Space) -> QuerySet[Thread]:
    """Threads whose opening post the viewer may see, each with its published replies counted
    and how many of them the viewer has not read."""
    read_at = ThreadRead.objects.filter(thread=OuterRef("pk"), person=viewer).values("read_at")[:1]
    opening = Post.objects.filter(thread=OuterRef("pk"), is_opening=True)
    if not moderates(viewer, space):
        opening = opening.filter(Q(status=PostStatus.PUBLISHED) | Q(author=viewer))
    published = Q(posts__status=PostStatus.PUBLISHED)
    return (
        Thread.objects.filter(space=space)
        .filter(Exists(opening))
        .select_related("author")
        .annotate(
            read_at=Subquery(read_at),
            post_count=Count("posts", filter=published),
        )
        .annotate(
            unread=Count(
                "posts",
                filter=published
                & ~Q(posts__author=viewer)
                & (Q(read_at__isnull=True) | Q(posts__created_at__gt=Subquery(read_at))),
            )
        )
    )


def mark_read(*, person: User, thread: Thread) -> None:
    ThreadRead.objects.update_or_create(
        thread=thread, person=person, defaults={"read_at": timezone.now()}
    )


def reactions_for(posts: list[Post], viewer: User) -> dict[int, list[dict]]:
    """For each post: each encouragement with its count and whether the viewer gave it."""
    counts: dict[tuple[int, str], int] = {}
    mine: set[tuple[int, str]] = set()
    for post_id, kind, person_id in Reaction.objects.filter(post__in=posts).values_list(
        "post_id", "kind", "person_id"
    ):
        counts[post_id, kind] = counts.get((post_id, kind), 0) + 1
        if person_id == viewer.pk:
            mine.add((post_id, kind))
    return {
        post.pk: [
            {
                "kind": kind.value,
                "label": str(kind.label),
                "count": counts.get((post.pk, kind.value), 0),
                "mine": (post.pk, kind.value) in mine,
            }
            for kind in Encouragement
        ]
        for post in posts
    }


def search(viewer: User, space: Space, query: str, *, limit: int = 50) -> list[Post]:
    """Posts the viewer may see in the space whose words or thread title hold the query."""
    words = (query or "").strip()
    if not words:
        return []
    posts = Post.objects.filter(thread__space=space).filter(
        Q(body__icontains=words) | Q(is_opening=True, thread__title__icontains=words)
    )
    if not moderates(viewer, space):
        posts = posts.filter(Q(status=PostStatus.PUBLISHED) | Q(author=viewer))
        posts = posts.filter(
            Exists(
                Post.objects.filter(
                    thread=OuterRef("thread"), is_opening=True, status=PostStatus.PUBLISHED
                )
            )
            | Q(thread__author=viewer)
        )
    return list(posts.select_related("thread", "author").order_by("-created_at", "-id")[:limit])


# ---------------------------------------------------------------- the daily digest

DIGEST_KIND = "community_digest"
# The local hour from which a person's daily digest goes out (as the e-mail digest's default).
DIGEST_HOUR = 18


def unread_replies(person: User) -> list[tuple[Thread, int]]:
    """Threads the person has read or written in that have new published replies by others,
    in spaces they still see, with how many."""
    from alongside.community.services.spaces import visible_spaces

    rows = []
    for mark in ThreadRead.objects.filter(
        person=person, thread__space__in=visible_spaces(person)
    ).select_related("thread"):
        count = (
            Post.objects.filter(
                thread_id=mark.thread_id, status=PostStatus.PUBLISHED, created_at__gt=mark.read_at
            )
            .exclude(author=person)
            .count()
        )
        if count:
            rows.append((mark.thread, count))
    return rows


def wants_digest(person: User) -> bool:
    """Off when the person turned both e-mail and push off for the forum digest."""
    from alongside.notifications.kinds import preference_kind
    from alongside.notifications.models import KindPreference

    choice = KindPreference.objects.filter(
        user=person, kind=preference_kind(DIGEST_KIND).key
    ).first()
    return choice is None or choice.email or choice.push


def send_digests(*, now: datetime.datetime | None = None) -> int:
    """One notice a day, from DIGEST_HOUR where the person lives, listing unread replies, to
    each person who has some and wants it. Safe to run every hour: a second run the same local
    day finds its key used."""
    from alongside.notifications.services import notify

    now = now or timezone.now()
    sent = 0
    people = User.objects.filter(
        is_active=True, pk__in=ThreadRead.objects.values("person_id")
    ).distinct()
    for person in people:
        local = now.astimezone(person.zone)
        if local.hour < DIGEST_HOUR or not wants_digest(person):
            continue
        unread = unread_replies(person)
        if not unread:
            continue
        total = sum(count for _thread, count in unread)
        day = local.date()
        notice = notify(
            user=person,
            kind=DIGEST_KIND,
            title=_("%(n)s new replies in your forums") % {"n": total},
            body="\n".join(f"{thread.title}: {count}" for thread, count in unread),
            url=reverse("community:spaces"),
            dedupe_key=f"community-digest-{day.isoformat()}",
        )
        sent += notice is not None
    return sent

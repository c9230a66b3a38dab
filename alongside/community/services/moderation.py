"""Moderation: flags from anyone, the review queue, and moderators' actions — approve, hide,
edit, warn, suspend, dismiss — each with a reason, logged, and told to the author."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from alongside.accounts.models import User
from alongside.community.models import (
    ActionKind,
    Flag,
    FlagReason,
    ModerationAction,
    Post,
    PostStatus,
    Space,
    Standing,
    Suspension,
    Thread,
    WatchedAction,
    WatchedWord,
)
from alongside.community.services.posting import CommunityError, _clean_body
from alongside.community.services.spaces import moderated_spaces, moderators_of

MAX_SUSPENSION_DAYS = 365


@transaction.atomic
def flag(*, flagger: User, post: Post, reason: str, details: str = "") -> Flag:
    """Ask the space's moderators to look at a post (one open flag per person per post: a
    second replaces the first's reason)."""
    from alongside.notifications.services import notify

    if reason not in FlagReason.values:
        raise CommunityError("reason", _("Choose a reason."))
    details = (details or "").strip()
    if len(details) > 500 or "\x00" in details:
        raise CommunityError("details", _("Say what is wrong in up to 500 characters."))
    if post.author_id == flagger.pk:
        raise CommunityError("reason", _("You can edit or ask a moderator about your own post."))
    found, _created = Flag.objects.update_or_create(
        post=post,
        flagger=flagger,
        resolved_at=None,
        defaults={"reason": reason, "details": details},
    )
    for moderator in moderators_of(post.thread.space):
        notify(
            user=moderator,
            kind="community_review",
            title=_("A post was flagged in %(space)s") % {"space": post.thread.space.name},
            url=reverse("community:queue"),
            dedupe_key=f"community-flag-{post.pk}",
        )
    return found


@dataclass
class QueueItem:
    post: Post
    open_flags: int
    age: datetime.timedelta


def queue(moderator: User) -> list[QueueItem]:
    """Posts waiting for review or flagged, in the spaces the person moderates, oldest first."""
    now = timezone.now()
    posts = (
        Post.objects.filter(thread__space__in=moderated_spaces(moderator))
        .annotate(open_flags=Count("flags", filter=Q(flags__resolved_at__isnull=True)))
        .filter(Q(status=PostStatus.PENDING) | Q(open_flags__gt=0))
        .select_related("thread__space", "author")
        .order_by("created_at", "id")
    )
    return [QueueItem(p, p.open_flags, now - p.created_at) for p in posts[:200]]


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise CommunityError("reason", _("Say why, in a few words: the author is told."))
    if len(reason) > 500 or "\x00" in reason:
        raise CommunityError("reason", _("Keep the reason to 500 characters."))
    return reason


def _approve(post: Post) -> None:
    was_waiting = post.status == PostStatus.PENDING
    post.status = PostStatus.PUBLISHED
    post.held_because = ""
    post.save(update_fields=["status", "held_because"])
    if was_waiting and post.author_id:
        standing, _c = Standing.objects.select_for_update().get_or_create(person_id=post.author_id)
        standing.approved_posts += 1
        standing.save(update_fields=["approved_posts"])
        Thread.objects.filter(pk=post.thread_id, last_post_at__lt=post.created_at).update(
            last_post_at=post.created_at
        )


# What the author is told (dismissing flags tells nobody: it changes nothing of theirs).
WORDS = {
    ActionKind.APPROVE: _lazy("Your post in %(space)s is approved"),
    ActionKind.HIDE: _lazy("A moderator hid your post in %(space)s"),
    ActionKind.EDIT: _lazy("A moderator edited your post in %(space)s"),
    ActionKind.WARN: _lazy("A moderator of %(space)s sent you a warning"),
    ActionKind.SUSPEND: _lazy("You are suspended from posting in %(space)s"),
}


@transaction.atomic
def moderate(
    *,
    moderator: User,
    post: Post,
    action: str,
    reason: str,
    days: int | None = None,
    body: str = "",
) -> ModerationAction:
    """Take one action on a post (the caller checked the person moderates its space), log it
    with its reason, resolve the post's open flags, and tell the author why."""
    from alongside.notifications.services import notify

    if action not in ActionKind.values:
        raise CommunityError("action", _("Choose an action."))
    reason = _reason(reason)
    space = post.thread.space
    if action == ActionKind.APPROVE:
        _approve(post)
    elif action == ActionKind.HIDE:
        post.status = PostStatus.HIDDEN
        post.save(update_fields=["status"])
    elif action == ActionKind.EDIT:
        post.body = _clean_body(body)
        post.edited_at = timezone.now()
        post.save(update_fields=["body", "edited_at"])
    elif action == ActionKind.SUSPEND:
        if not days or not 1 <= days <= MAX_SUSPENSION_DAYS:
            raise CommunityError(
                "days", _("Suspend for 1 to %(max)s days.") % {"max": MAX_SUSPENSION_DAYS}
            )
        if post.author_id == moderator.pk or post.author_id is None:
            raise CommunityError("action", _("You cannot suspend this author."))
        Suspension.objects.create(
            space=space,
            person_id=post.author_id,
            until=timezone.now() + datetime.timedelta(days=days),
            reason=reason,
        )
    logged = ModerationAction.objects.create(
        space=space,
        post=post,
        subject_id=post.author_id,
        moderator=moderator,
        kind=action,
        reason=reason,
        days=days if action == ActionKind.SUSPEND else None,
    )
    Flag.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=timezone.now())
    if post.author is not None and post.author_id != moderator.pk and action in WORDS:
        notify(
            user=post.author,
            kind="community_moderation",
            title=str(WORDS[ActionKind(action)]) % {"space": space.name},
            body=_("The moderator's reason: %(reason)s") % {"reason": reason},
            url=reverse("community:thread", args=[post.thread_id]) + f"#post-{post.pk}",
            dedupe_key=f"community-action-{logged.pk}",
        )
    return logged


# ---------------------------------------------------------------- watched words


def add_watched_word(*, space: Space, phrase: str, action: str) -> WatchedWord:
    phrase = (phrase or "").strip().lower()
    if not phrase or len(phrase) > 100 or "\x00" in phrase:
        raise CommunityError("phrase", _("Enter a word or phrase of up to 100 characters."))
    if action not in WatchedAction.values:
        raise CommunityError("action", _("Choose what happens to a post that holds it."))
    found, _created = WatchedWord.objects.update_or_create(
        space=space, phrase=phrase, defaults={"action": action}
    )
    return found


def remove_watched_word(*, word: WatchedWord) -> None:
    word.delete()

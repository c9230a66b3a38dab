"""The only way from (user, id) to forum objects. Missing and not-yours both raise Http404
(through `policy.refuse`, which writes the refusal to the security log).

- a space: people who may see it (services/spaces.py: a group's people for a group's space, the
  organization's people for its other spaces);
- a thread: in a space the person sees, and its opening post published — or theirs, or they
  moderate the space;
- a post: in a thread the person reaches, and published — or theirs, or they moderate;
- moderation (a post to act on, a space's watched words): the space's moderators only;
- a milestone to share: the member's own, still standing;
- an organization's moderators: its admins only.
"""

from __future__ import annotations

from django.db.models import Q

from alongside.accounts.models import Organization, User
from alongside.accounts.roles import is_org_admin
from alongside.community import services
from alongside.community.models import Moderator, Post, PostStatus, Space, Thread, WatchedWord
from alongside.journey.models import Celebration
from alongside.privacy import policy


def access_space(user: User, slug: str) -> Space:
    found = (
        services.visible_spaces(user).filter(slug=slug).first() if user.is_authenticated else None
    )
    if found is None:
        raise policy.refuse(user, record_type="community.space", record_id=slug)
    return found


def _reachable_thread(user: User, thread_id: int) -> Thread | None:
    found = (
        Thread.objects.filter(pk=thread_id, space__in=services.visible_spaces(user))
        .select_related("space", "author", "celebration")
        .first()
        if user.is_authenticated
        else None
    )
    # The thread opens with a post the person may read: published, their own, or they moderate.
    if found is not None and not services.moderates(user, found.space):
        if not Post.objects.filter(
            Q(status=PostStatus.PUBLISHED) | Q(author=user), thread=found, is_opening=True
        ).exists():
            found = None
    return found


def access_thread(user: User, thread_id: int) -> Thread:
    found = _reachable_thread(user, thread_id)
    if found is None:
        raise policy.refuse(user, record_type="community.thread", record_id=thread_id)
    return found


def access_post(user: User, post_id: int) -> Post:
    """A post the person may read (to react, flag or reply beside)."""
    found = Post.objects.filter(pk=post_id).select_related("thread__space", "author").first()
    if found is not None and _reachable_thread(user, found.thread_id) is None:
        found = None
    # Others' posts only once published; one's own and the moderators' always.
    if (
        found is not None
        and found.status != PostStatus.PUBLISHED
        and found.author_id != user.pk
        and not services.moderates(user, found.thread.space)
    ):
        found = None
    if found is None:
        raise policy.refuse(user, record_type="community.post", record_id=post_id)
    return found


def access_moderated_post(user: User, post_id: int) -> Post:
    found = (
        Post.objects.filter(pk=post_id, thread__space__in=services.moderated_spaces(user))
        .select_related("thread__space", "author")
        .first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="community.post", record_id=post_id)
    return found


def access_moderated_space(user: User, slug: str) -> Space:
    found = (
        services.moderated_spaces(user).filter(slug=slug).first() if user.is_authenticated else None
    )
    if found is None:
        raise policy.refuse(user, record_type="community.space", record_id=slug)
    return found


def access_watched_word(user: User, word_id: int) -> WatchedWord:
    found = (
        WatchedWord.objects.filter(pk=word_id, space__in=services.moderated_spaces(user)).first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="community.watchedword", record_id=word_id)
    return found


def access_own_celebration(user: User, celebration_id: int) -> Celebration:
    found = (
        services.shareable_celebrations(user).filter(pk=celebration_id).first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="journey.celebration", record_id=celebration_id)
    return found


def access_administered_organization(user: User, slug: str) -> Organization:
    """An organization the user administers (to choose its forum moderators)."""
    found = Organization.objects.filter(slug=slug).first() if user.is_authenticated else None
    if found is None or not is_org_admin(user, found):
        raise policy.refuse(user, record_type="accounts.organization", record_id=slug)
    return found


def access_moderator_row(user: User, moderator_id: int) -> Moderator:
    """A moderator of an organization the user administers (to remove)."""
    found = (
        Moderator.objects.filter(pk=moderator_id).select_related("organization").first()
        if user.is_authenticated
        else None
    )
    if found is None or not is_org_admin(user, found.organization):
        raise policy.refuse(user, record_type="community.moderator", record_id=moderator_id)
    return found

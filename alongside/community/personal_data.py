"""How forum rows are exported and erased.

A member's threads, posts, reactions, flags and the moderators' actions about them are in their
export. Erasure deletes their replies, reactions, flags and standing; an opening post others
replied beneath stays as a placeholder without their name or words, so the conversation keeps
its shape; the thread's title goes with it. What a moderator did stays in the log without the
moderator's name.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from alongside.community.models import (
    Flag,
    ModerationAction,
    Moderator,
    Post,
    Reaction,
    Reading,
    Standing,
    Suspension,
    Thread,
    ThreadRead,
)
from alongside.privacy.registry import Erase, clear_field, jsonable, register


def _erase_posts(rows) -> None:
    rows.filter(is_opening=False).delete()
    rows.update(author=None, body=_("This post was removed when its author left."))


def _erase_threads(rows) -> None:
    rows.update(author=None, title=_("A conversation"), celebration=None)


register(
    Thread,
    "author",
    section="forum_threads",
    label=_lazy("forum threads you started"),
    erase=Erase.ANONYMIZE,
    explain=_lazy("Threads you started stay for the replies in them, without your name or title."),
    serialize=lambda t: {
        "space": t.space.name,
        "title": t.title,
        "created_at": jsonable(t.created_at),
    },
    anonymize=_erase_threads,
)
register(
    Post,
    "author",
    section="forum_posts",
    label=_lazy("your forum posts"),
    erase=Erase.ANONYMIZE,
    explain=_lazy(
        "Your replies are deleted; a post that opened a thread is replaced by a note that "
        "its author left."
    ),
    serialize=lambda p: {
        "thread": p.thread.title,
        "body": p.body,
        "status": p.status,
        "created_at": jsonable(p.created_at),
        "edited_at": jsonable(p.edited_at),
    },
    anonymize=_erase_posts,
)
register(
    Reaction,
    "person",
    section="forum_reactions",
    label=_lazy("encouragement you gave"),
    erase=Erase.DELETE,
    explain=_lazy("Your encouragement on others' posts is removed."),
    serialize=lambda r: {"post": r.post_id, "kind": r.kind, "at": jsonable(r.created_at)},
)
register(
    Flag,
    "flagger",
    section="forum_flags",
    label=_lazy("posts you flagged"),
    erase=Erase.ANONYMIZE,
    explain=_lazy("Flags you raised stay with the moderators, without your name."),
    serialize=lambda f: {"post": f.post_id, "reason": f.reason, "details": f.details},
    anonymize=clear_field("flagger"),
)
register(
    ModerationAction,
    "subject",
    section="forum_moderation",
    label=_lazy("moderators' decisions about your posts"),
    erase=Erase.DELETE,
    explain=_lazy("The log of moderators' decisions about you is deleted."),
    serialize=lambda a: {
        "space": a.space.name,
        "action": a.kind,
        "reason": a.reason,
        "days": a.days,
        "at": jsonable(a.created_at),
    },
)
register(
    ModerationAction,
    "moderator",
    section="forum_moderation_by_you",
    label=_lazy("moderation you did"),
    erase=Erase.ANONYMIZE,
    explain=_lazy("What you did as a moderator stays in the log, without your name."),
    serialize=lambda a: {"space": a.space.name, "action": a.kind, "reason": a.reason},
    anonymize=clear_field("moderator"),
)
register(
    Suspension,
    "person",
    section="forum_suspensions",
    label=_lazy("suspensions from posting"),
    erase=Erase.DELETE,
    explain=_lazy("Suspensions are deleted."),
    serialize=lambda s: {"space": s.space.name, "until": jsonable(s.until), "reason": s.reason},
)
register(
    Moderator,
    "user",
    section="forum_moderator",
    label=_lazy("organizations whose forums you moderate"),
    erase=Erase.DELETE,
    explain=_lazy("You no longer moderate any forum."),
    serialize=lambda m: {"organization": m.organization.name, "on_duty": m.is_on_duty},
)
register(
    Standing,
    "person",
    section="forum_standing",
    label=_lazy("your standing in the forums"),
    erase=Erase.DELETE,
    explain=_lazy("Your count of approved posts is deleted."),
    serialize=lambda s: {"approved_posts": s.approved_posts},
)
register(
    Reading,
    "person",
    section="forum_guidelines_read",
    label=_lazy("forum guidelines you read"),
    erase=Erase.DELETE,
    explain=_lazy("The record of guidelines you read is deleted."),
    serialize=lambda r: {"space": r.space.name, "at": jsonable(r.read_at)},
)
register(
    ThreadRead,
    "person",
    section="forum_read",
    label=_lazy("which forum threads you read"),
    erase=Erase.DELETE,
    explain=_lazy("Which threads you read is forgotten."),
    serialize=lambda r: {"thread": r.thread.title, "at": jsonable(r.read_at)},
)

"""Forums: spaces (per program, per group, per topic), their threads and posts, reactions,
flags, moderation and who has read what.

A space belongs to an organization (program and topic spaces: its people read them) or to a
meetings group (its members only). Names shown are display names or handles, never e-mail or
legal names (User.display_name).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organization, User
from alongside.lib import markup
from alongside.meetings.models import Group, Program


class SpaceKind(models.TextChoices):
    PROGRAM = "program", _("Program or pathway")
    GROUP = "group", _("Group")
    TOPIC = "topic", _("Topic")


class Space(models.Model):
    """Where threads live. A group space has `group`; the others an `organization`."""

    slug = models.SlugField(unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(max_length=10, choices=SpaceKind.choices)
    description = models.CharField(_("about this space"), max_length=300, blank=True)
    guidelines = models.TextField(_("guidelines"))  # Markdown, shown before a first post
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="spaces"
    )
    program = models.ForeignKey(
        Program, on_delete=models.SET_NULL, null=True, blank=True, related_name="spaces"
    )
    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="space"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def guidelines_html(self) -> str:
        return markup.render(self.guidelines)


class Moderator(models.Model):
    """A person who moderates an organization's program and topic spaces (a group's space is
    moderated by the group's facilitators). Those on duty are alerted to crisis language."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="forum_moderators"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="moderating")
    is_on_duty = models.BooleanField(_("on duty"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="moderate_an_org_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} moderates {self.organization_id}"


class Standing(models.Model):
    """A person's trust in the forums: it grows with approved posts and time."""

    person = models.OneToOneField(User, on_delete=models.CASCADE, related_name="forum_standing")
    approved_posts = models.PositiveIntegerField(default=0)
    first_post_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Standing of {self.person_id}"


class Reading(models.Model):
    """A person has read a space's guidelines (asked once, before their first post there)."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="readings")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="forum_readings")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "person"], name="read_guidelines_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} read {self.space_id}"


class Thread(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="threads")
    # Kept when the author is erased (their posts are anonymized, not deleted, so replies stay).
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="forum_threads"
    )
    title = models.CharField(_("title"), max_length=160)
    # A milestone the author chose to share here (a celebration thread).
    celebration = models.ForeignKey(
        "journey.Celebration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_threads",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_post_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PostStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Waiting for review")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Post(models.Model):
    """A thread's opening post or a reply, in Markdown (rendered through lib/markup)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="forum_posts"
    )
    body = models.TextField(_("post"))
    status = models.CharField(max_length=10, choices=PostStatus.choices)
    is_opening = models.BooleanField(default=False)
    # Why it waits for review ("first posts", "watched word: …"), for moderators.
    held_because = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["thread", "status", "created_at"])]

    def __str__(self) -> str:
        return f"Post {self.pk}"

    @property
    def html(self) -> str:
        return markup.render(self.body, link_rel="nofollow ugc noopener")


class Encouragement(models.TextChoices):
    WITH_YOU = "with_you", _("With you")
    THANK_YOU = "thank_you", _("Thank you")
    KEEP_GOING = "keep_going", _("Keep going")


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="forum_reactions")
    kind = models.CharField(max_length=12, choices=Encouragement.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "person", "kind"], name="react_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.post_id}"


class FlagReason(models.TextChoices):
    UNSAFE = "unsafe", _("Unsafe or graphic (self-harm, methods, medications)")
    UNKIND = "unkind", _("Unkind, a put-down or harassment")
    PRIVACY = "privacy", _("Shares someone's identifying details")
    SPAM = "spam", _("Spam or self-promotion")
    OTHER = "other", _("Something else")


class Flag(models.Model):
    """Someone asked moderators to look at a post (or a watched word did: no flagger)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    flagger = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="forum_flags"
    )
    reason = models.CharField(max_length=10, choices=FlagReason.choices)
    details = models.CharField(_("what is wrong"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Flag on {self.post_id}"


class ActionKind(models.TextChoices):
    APPROVE = "approve", _("Approve")
    HIDE = "hide", _("Hide")
    EDIT = "edit", _("Edit")
    WARN = "warn", _("Warn")
    SUSPEND = "suspend", _("Suspend")
    DISMISS = "dismiss", _("Dismiss the flags")


class ModerationAction(models.Model):
    """The log of what moderators did, each with the reason the author is told."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="actions")
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    subject = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="forum_actions_on"
    )
    moderator = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="forum_actions_by"
    )
    kind = models.CharField(max_length=10, choices=ActionKind.choices)
    reason = models.CharField(_("reason"), max_length=500)
    days = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} in {self.space_id}"


class Suspension(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="suspensions")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="forum_suspensions")
    until = models.DateTimeField()
    reason = models.CharField(max_length=500)

    def __str__(self) -> str:
        return f"{self.person_id} suspended in {self.space_id}"


class WatchedAction(models.TextChoices):
    BLOCK = "block", _("Block the post")
    HOLD = "hold", _("Hold it for review")
    FLAG = "flag", _("Publish it and flag it for moderators")


class WatchedWord(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="watched_words")
    phrase = models.CharField(_("word or phrase"), max_length=100)
    action = models.CharField(max_length=8, choices=WatchedAction.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "phrase"], name="watch_a_phrase_once")
        ]

    def __str__(self) -> str:
        return self.phrase


class ThreadRead(models.Model):
    """How far a person has read a thread: the newest post they have seen."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="forum_reads")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "person"], name="one_read_mark_per_thread")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} read {self.thread_id}"


class CrisisAlert(models.Model):
    """Crisis language in a post: the author was shown crisis lines, and the moderators on duty
    were told. Never shown to anyone else; the post is not changed."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="crisis_alerts")
    matches = models.JSONField(default=list)  # [{"phrase", "construct", "start", "end"}]
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Crisis alert on {self.post_id}"

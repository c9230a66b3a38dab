"""Direct messages between two people whose relationship allows it (services.relationship).

A conversation is one pair of people, stored with the lower user id first so the pair has one
row. Message text is encrypted at rest; nothing else about a message is secret (who, when), so
those stay plain columns that queries can filter and order on. There are no attachments.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.meetings.models import Group
from alongside.privacy.fields import EncryptedTextField

# The longest message a person may send, in characters (a long text message, not a letter).
MAX_MESSAGE_LENGTH = 2000


class ConversationQuerySet(models.QuerySet):
    def involving(self, user: User) -> ConversationQuerySet:
        return self.filter(Q(first=user) | Q(second=user))

    def between(self, one: User, other: User) -> ConversationQuerySet:
        low, high = sorted((one.pk, other.pk))
        return self.filter(first_id=low, second_id=high)


class Conversation(models.Model):
    """Two people's messages to each other. `first` has the lower user id."""

    first = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_conversation_per_pair"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="conversation_pair_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Conversation {self.pk}"

    def other(self, user: User) -> User:
        return self.second if user.pk == self.first_id else self.first

    @property
    def group_name(self) -> str:
        return pair_group(self.first_id, self.second_id)


def pair_group(one_id: int, other_id: int) -> str:
    """The channel-layer group every open page of two people's conversation listens on (named
    by the pair, so a page can listen before their first message)."""
    low, high = sorted((one_id, other_id))
    return f"conversation-{low}-{high}"


class MessageQuerySet(models.QuerySet):
    def unread_by(self, user: User) -> MessageQuerySet:
        return self.filter(read_at__isnull=True).exclude(sender=user)


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    body = EncryptedTextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)
    # When the other person first saw it (opened the conversation, or had it open).
    read_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["conversation", "read_at"])]

    def __str__(self) -> str:
        return f"Message {self.pk}"


class Partnership(models.Model):
    """Two members who agreed to be accountability partners: one asked, the other confirmed.

    Until `confirmed_at` it is only a request, and allows nothing."""

    asked_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["asked_by", "partner"], name="ask_a_partner_once"),
            models.CheckConstraint(
                condition=~Q(asked_by=F("partner")), name="no_partnership_with_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"Partnership {self.pk}"


class GroupOptIn(models.Model):
    """A member is open to messages from other members of a group who opted in there too."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "group"], name="opt_in_to_a_group_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.group_id}"


class Block(models.Model):
    """`blocked` can no longer message `blocker`; to them it looks as if there were no
    relationship at all."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocked {self.blocked_id}"


class ReportReason(models.TextChoices):
    HARASSMENT = "harassment", _("Harassment or threats")
    UNWANTED = "unwanted", _("Unwanted contact")
    SPAM = "spam", _("Spam or selling something")
    UNSAFE = "unsafe", _("Unsafe or harmful content")
    OTHER = "other", _("Something else")


class Report(models.Model):
    """A person reported a conversation to the moderators of their organization (its admins).

    The reported message's text is copied (encrypted) when one is named, so the moderators read
    what was reported even if the conversation is later deleted."""

    reporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    reported = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    details = EncryptedTextField(_("what happened"), blank=True)
    quoted = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Report {self.pk}"

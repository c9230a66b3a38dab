"""Who may message whom, and every change to conversations: the one set of rules that pages, the
API and the WebSocket consumer all call.

The relationship rule (`ties_between`) allows two people to message each other when they are:

- mentor and mentee: a sponsor or mentor relationship the supporter accepted (alongside/peers),
  or the member shares something with a person who holds the mentor role;
- accountability partners: one asked, the other confirmed (`Partnership`);
- members of one group who both opted in to messages there (`GroupOptIn`);
- a care-team member (counselor, peer specialist, house manager) and a member who shares the
  "messages" scope with them (or with their role at their organization), decided by the
  privacy policy, so a revoked grant stops messages on the very next request.

A block by either person hides the tie from the one blocked. Sending saves first; the live
broadcast to open pages waits for the commit and is best effort, so a channel layer that is
down loses nothing: the message shows on the next page load.
"""

from __future__ import annotations

import contextlib
import datetime
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypedDict

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_stubs_ext import WithAnnotations

from alongside.accounts.models import Membership, Role, User
from alongside.accounts.roles import roles_of
from alongside.lib.errors import FieldError
from alongside.lib.live import send_to_groups
from alongside.meetings.models import Group
from alongside.messaging.models import (
    MAX_MESSAGE_LENGTH,
    Block,
    Conversation,
    GroupOptIn,
    Message,
    Partnership,
    Report,
    ReportReason,
    pair_group,
)
from alongside.peers.models import SupportRelationship
from alongside.peers.services import supports_each_other
from alongside.privacy import policy
from alongside.privacy.models import ConsentGrant, Scope

# Roles that care for a member by their organization's work, and message them only by consent.
CARE_ROLES = frozenset({Role.COUNSELOR, Role.PEER_SPECIALIST, Role.HOUSE_MANAGER})
# How many messages one person may send in a minute, across every conversation and server.
RATE_PER_MINUTE = 30
# The messages quoted to moderators with a report: the reported person's latest ones.
QUOTED_IN_REPORT = 5
# Someone who read or wrote in a conversation this recently is in it: no notice for a new message.
ACTIVE_WINDOW = datetime.timedelta(minutes=3)


class Tie:
    MENTOR = "mentor"
    PARTNER = "partner"
    GROUP = "group"
    CARE_TEAM = "care_team"


TIE_ORDER = [Tie.MENTOR, Tie.PARTNER, Tie.GROUP, Tie.CARE_TEAM]  # as they are listed to people

TIE_WORDS = {
    Tie.MENTOR: _lazy("mentor and mentee"),
    Tie.PARTNER: _lazy("accountability partners"),
    Tie.GROUP: _lazy("in a group together"),
    Tie.CARE_TEAM: _lazy("care team"),
}


class MessageError(FieldError):
    """A message that cannot be sent, with the field and a sentence saying why."""


class NoRelationship(Exception):
    """These two may not message each other (shown as a 404, as if the person did not exist)."""


class YouBlockedThem(MessageError):
    def __init__(self, other: User) -> None:
        super().__init__(
            "body",
            _("You blocked %(name)s. Unblock them to send a message.")
            % {"name": other.display_name},
        )


class RateLimited(MessageError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "body",
            _(
                "You have sent a lot of messages in the last minute. Your message is kept "
                "here: send it again in %(seconds)s seconds."
            )
            % {"seconds": retry_after},
        )
        self.retry_after = retry_after


# ---------------------------------------------------------------- the relationship rule


def _mentor_of(member: User, mentor: User) -> bool:
    """The member shares something with this person, who actively holds the mentor role."""
    shares = ConsentGrant.objects.active().filter(member=member, grantee_user=mentor).exists()
    return shares and Membership.objects.active().filter(user=mentor, role=Role.MENTOR).exists()


def cares_for(staff: User, member: User) -> bool:
    """A care-team member to whom the member's "messages" scope reaches (the privacy policy
    decides: a grant to them or their role, in force, and their MFA on)."""
    if not roles_of(staff).roles & CARE_ROLES:
        return False
    return policy.decide(staff, member, Scope.CARE_MESSAGES).allowed


def _partners(one: User, other: User) -> bool:
    return (
        Partnership.objects.filter(confirmed_at__isnull=False)
        .filter(Q(asked_by=one, partner=other) | Q(asked_by=other, partner=one))
        .exists()
    )


def _share_a_group(one: User, other: User) -> bool:
    mine = GroupOptIn.objects.filter(member=one).values("group_id")
    return GroupOptIn.objects.filter(member=other, group_id__in=mine).exists()


def _tie_checks(one: User, other: User) -> list[tuple[str, Callable[[], bool]]]:
    """Each relationship that may let these two message each other, with its check (cheapest
    first), or none when they cannot be tied at all."""
    if not one.is_authenticated or one.pk == other.pk:
        return []
    if not one.is_active or not other.is_active:
        return []
    return [
        (Tie.PARTNER, lambda: _partners(one, other)),
        (Tie.GROUP, lambda: _share_a_group(one, other)),
        (
            Tie.MENTOR,
            lambda: (
                supports_each_other(one, other) or _mentor_of(one, other) or _mentor_of(other, one)
            ),
        ),
        (Tie.CARE_TEAM, lambda: cares_for(one, other) or cares_for(other, one)),
    ]


def ties_between(one: User, other: User) -> list[str]:
    """Every relationship that lets these two message each other (empty: none), blocks aside."""
    found = [tie for tie, check in _tie_checks(one, other) if check()]
    return sorted(found, key=TIE_ORDER.index)


def are_tied(one: User, other: User) -> bool:
    """Whether any relationship lets these two message each other (blocks aside): the check
    before each message, which stops at the first tie it finds."""
    return any(check() for _tie, check in _tie_checks(one, other))


def has_blocked(blocker: User, blocked: User) -> bool:
    return Block.objects.filter(blocker=blocker, blocked=blocked).exists()


@dataclass(frozen=True)
class Relation:
    """What one person sees of another they may message."""

    other: User
    ties: list[str]
    blocked_by_me: bool

    @property
    def can_send(self) -> bool:
        return not self.blocked_by_me

    @property
    def tie_words(self) -> str:
        return ", ".join(str(TIE_WORDS[t]) for t in self.ties)


def relation(viewer: User, other: User) -> Relation:
    """How the viewer stands with `other`; NoRelationship when there is no tie, or `other`
    blocked the viewer (to the blocked person a block looks like no relationship at all)."""
    ties = ties_between(viewer, other)
    if not ties or has_blocked(other, viewer):
        raise NoRelationship()
    return Relation(other=other, ties=ties, blocked_by_me=has_blocked(viewer, other))


def may_message(sender: User, recipient: User) -> bool:
    """Whether a message from `sender` to `recipient` may be sent right now."""
    if not are_tied(sender, recipient):
        return False
    return not Block.objects.filter(
        Q(blocker=recipient, blocked=sender) | Q(blocker=sender, blocked=recipient)
    ).exists()


def _candidates(user: User) -> set[int]:
    """Ids of everyone who might have a tie with the user (checked one by one afterwards)."""
    found: set[int] = set()
    grants = ConsentGrant.objects.active()
    found.update(
        grants.filter(member=user, grantee_user__isnull=False).values_list(
            "grantee_user_id", flat=True
        )
    )
    found.update(grants.filter(grantee_user=user).values_list("member_id", flat=True))
    for row in Partnership.objects.filter(confirmed_at__isnull=False).filter(
        Q(asked_by=user) | Q(partner=user)
    ):
        found.update((row.asked_by_id, row.partner_id))
    for member_id, supporter_id in (
        SupportRelationship.objects.active()
        .involving(user)
        .values_list("member_id", "supporter_id")
    ):
        found.update((member_id, supporter_id))
    mine = GroupOptIn.objects.filter(member=user).values("group_id")
    found.update(GroupOptIn.objects.filter(group_id__in=mine).values_list("member_id", flat=True))
    if roles_of(user).roles & CARE_ROLES:
        found.update(m.pk for m, _scopes in policy.members_sharing_with(user, Scope.CARE_MESSAGES))
    role_grants = [g for g in grants.filter(member=user) if Scope.CARE_MESSAGES in g.scopes]
    for readers in policy.role_grant_readers(role_grants).values():
        found.update(r.pk for r in readers)
    found.discard(user.pk)
    return found


def people_to_message(user: User) -> list[Relation]:
    """Everyone the user may message now, by display name (the blocked-by-them left out)."""
    if not user.is_authenticated:
        return []
    people = User.objects.filter(pk__in=_candidates(user), is_active=True)
    found = []
    for other in people:
        try:
            found.append(relation(user, other))
        except NoRelationship:
            continue
    return sorted(found, key=lambda r: str(r.other.display_name).lower())


# ---------------------------------------------------------------- conversations and unread


def conversation_between(one: User, other: User, *, create: bool = False) -> Conversation | None:
    found = Conversation.objects.between(one, other).first()
    if found is not None or not create:
        return found
    low, high = sorted((one, other), key=lambda u: u.pk)
    try:
        with transaction.atomic():
            return Conversation.objects.create(first=low, second=high)
    except IntegrityError:  # the other person's first message made it a moment ago
        return Conversation.objects.between(one, other).get()


def _unread_key(user_id: int) -> str:
    return f"messaging:unread:{user_id}"


def unread_total(user: User) -> int:
    """How many messages wait for the user, across conversations with people they may still
    message. Kept in the shared cache (dropped on every send and read), so the count in the
    navigation costs no query on most pages."""
    if not user.is_authenticated:
        return 0
    total = cache.get(_unread_key(user.pk))
    if total is None:
        total = sum(count for _c, count in unread_by_conversation(user))
        cache.set(_unread_key(user.pk), total, 300)
    return total


class LastMessage(TypedDict):
    """The annotation unread_by_conversation adds: when the latest message was sent."""

    last_message_at: datetime.datetime


def unread_by_conversation(
    user: User,
) -> list[tuple[WithAnnotations[Conversation, LastMessage], int]]:
    """The user's conversations, latest first, each with its count of unread messages."""
    conversations = (
        Conversation.objects.involving(user)
        .select_related("first", "second")
        .annotate(
            last_message_at=Max("messages__created_at"),
            unread=Count(
                "messages", filter=Q(messages__read_at__isnull=True) & ~Q(messages__sender=user)
            ),
        )
        .filter(last_message_at__isnull=False)
        .order_by("-last_message_at", "-id")
    )
    return [(c, c.unread) for c in conversations]


def _forget_unread(*user_ids: int) -> None:
    cache.delete_many([_unread_key(pk) for pk in user_ids])


def mark_read(*, reader: User, conversation: Conversation, message_ids: Iterable[int] = ()) -> int:
    """Mark the messages the reader received in this conversation read (only `message_ids`
    when given); returns how many changed."""
    unread = Message.objects.filter(conversation=conversation).unread_by(reader)
    ids = list(message_ids)
    if ids:
        unread = unread.filter(pk__in=ids)
    changed = unread.update(read_at=timezone.now())
    if changed:
        _forget_unread(reader.pk)
        from alongside.notifications.services import mark_read as mark_notices_read

        # The notices that led here have done their work too.
        other_id = (
            conversation.second_id if reader.pk == conversation.first_id else conversation.first_id
        )
        mark_notices_read(user=reader, url=reverse("messaging:conversation", args=[other_id]))
    return changed


# ---------------------------------------------------------------- sending


def check_body(body: str) -> str:
    """The message as it will be stored, or MessageError saying what to change."""
    text = body.strip()
    if not text:
        raise MessageError("body", _("Write a message before sending."))
    if "\x00" in text:
        raise MessageError("body", _("The message holds a character that cannot be sent."))
    if len(text) > MAX_MESSAGE_LENGTH:
        raise MessageError(
            "body",
            _(
                "A message can be up to %(max)s characters long; this one has %(count)s. "
                "Shorten it, or send it in two parts."
            )
            % {"max": f"{MAX_MESSAGE_LENGTH:,}", "count": f"{len(text):,}"},
        )
    return text


def _take_rate_slot(sender: User) -> None:
    """Count one message against the sender's allowance for this minute, or RateLimited."""
    now = time.time()
    minute = int(now // 60)
    key = f"messaging:rate:{sender.pk}:{minute}"
    try:
        sent = cache.incr(key)
    except ValueError:  # the first this minute (or another server's first came just now)
        sent = 1 if cache.add(key, 1, 120) else cache.incr(key)
    if sent > RATE_PER_MINUTE:
        raise RateLimited(max(1, int(60 - now % 60)))


def as_payload(message: Message) -> dict:
    """What an open page is told of a new message (display names only)."""
    return {
        "kind": "message",
        "id": message.pk,
        "conversation": message.conversation_id,
        "sender_id": message.sender_id,
        "sender": str(message.sender.display_name),
        "body": message.body,
        "created_at": message.created_at.isoformat(),
    }


def _broadcast(group: str, event: dict) -> None:
    """Hand an event to every open page of a conversation, in any server process (best effort:
    the data is saved already)."""
    send_to_groups([(group, event)])


def send_message(*, sender: User, recipient: User, body: str) -> Message:
    """Save a message from `sender` to `recipient`, then (on commit) show it on every open page
    of their conversation and tell the recipient in the app.

    Raises NoRelationship when they may not message each other (or the recipient blocked the
    sender), YouBlockedThem when the sender blocked the recipient, MessageError for an empty or
    too long message and RateLimited past the allowance. Nothing is saved when it raises."""
    text = check_body(body)
    if not are_tied(sender, recipient):
        raise NoRelationship()
    blockers = set(
        Block.objects.filter(
            Q(blocker=recipient, blocked=sender) | Q(blocker=sender, blocked=recipient)
        ).values_list("blocker_id", flat=True)
    )
    if recipient.pk in blockers:
        raise NoRelationship()
    if sender.pk in blockers:
        raise YouBlockedThem(recipient)
    _take_rate_slot(sender)
    conversation = conversation_between(sender, recipient, create=True)
    assert conversation is not None  # created above when missing
    quiet = not _in_the_conversation(conversation, recipient)
    # Only the writes in the transaction: with SQLite it holds the one write lock that every
    # server process waits for. A message alone is one INSERT, atomic by itself; with the
    # notice it is a transaction, so both are saved or neither. (In a conversation going on,
    # the usual case, that is one round trip to the database where a transaction takes three.)
    with transaction.atomic() if quiet else contextlib.nullcontext():
        message = Message.objects.create(conversation=conversation, sender=sender, body=text)
        if quiet:
            _notify_recipient(message, recipient)
        event = {"type": "message.new", "payload": as_payload(message)}
        group = conversation.group_name
        transaction.on_commit(lambda: _forget_unread(recipient.pk, sender.pk))
        transaction.on_commit(lambda: _broadcast(group, event))
    # Words of crisis: the sender alone is offered crisis lines (the page says so). A private
    # conversation is never reported to anyone else.
    message.needs_crisis_support = bool(crisis_words(text))  # type: ignore[attr-defined]
    return message


def crisis_words(text: str) -> list:
    from alongside.community.crisis import find

    return find(text)


def _open_page_key(user_id: int, other_id: int) -> str:
    return f"messaging:open:{user_id}:{other_id}"


def page_open(user: User, other: User) -> None:
    """The person has their conversation with `other` open on a live page: a message there
    needs no notice. Kept for the active window and renewed as messages arrive on the page, so
    a page closed without a word (a server stopped) is forgotten soon."""
    cache.set(_open_page_key(user.pk, other.pk), True, ACTIVE_WINDOW.total_seconds())


def page_closed(user: User, other: User) -> None:
    cache.delete(_open_page_key(user.pk, other.pk))


def _in_the_conversation(conversation: Conversation, person: User) -> bool:
    """Whether a notice would tell the person nothing new: they have the conversation open on
    a live page, or read or wrote in it within the last few minutes (they are in it, so the
    message appears on their page), or one about this conversation waits for them unread."""
    from alongside.notifications.models import InAppNotification

    recent = timezone.now() - ACTIVE_WINDOW
    other_id = (
        conversation.first_id if person.pk == conversation.second_id else conversation.second_id
    )
    if cache.get(_open_page_key(person.pk, other_id)):
        return True
    # Then, in a conversation going on, this answers: one query per message.
    if (
        Message.objects.filter(conversation=conversation)
        .filter(
            Q(read_at__gte=recent) & ~Q(sender=person) | Q(sender=person, created_at__gte=recent)
        )
        .exists()
    ):
        return True
    url = reverse("messaging:conversation", args=[other_id])
    return InAppNotification.objects.for_user(person).unread().filter(url=url).exists()


def _notify_recipient(message: Message, recipient: User) -> None:
    from alongside.notifications.services import notify

    notify(
        user=recipient,
        kind="message",
        title=_("New message"),  # the title never names anyone; the body does
        url=reverse("messaging:conversation", args=[message.sender_id]),
        dedupe_key=f"message-{message.pk}",
        body=_("From %(name)s") % {"name": message.sender.display_name},
    )


# ---------------------------------------------------------------- block and report


@transaction.atomic
def block(*, blocker: User, blocked: User) -> Block:
    """`blocked` can no longer message `blocker` (nor see that they could); open pages of
    their conversation are closed."""
    found, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    group = pair_group(blocker.pk, blocked.pk)
    transaction.on_commit(lambda: _broadcast(group, {"type": "conversation.closed"}))
    transaction.on_commit(lambda: _forget_unread(blocker.pk, blocked.pk))
    return found


def unblock(*, blocker: User, blocked: User) -> int:
    deleted, _rows = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    _forget_unread(blocker.pk, blocked.pk)
    return deleted


def moderators_for(user: User) -> list[User]:
    """Who reads reports a person makes: the admins of their organizations."""
    orgs = Membership.objects.active().filter(user=user).values("organization_id")
    admins = Membership.objects.active().filter(
        organization_id__in=orgs, role=Role.ORG_ADMIN, user__is_active=True
    )
    return list(User.objects.filter(pk__in=admins.values("user_id")).exclude(pk=user.pk))


@transaction.atomic
def report(*, reporter: User, reported: User, reason: str, details: str = "") -> Report:
    """Store a report for the reporter's organizations' admins, quoting the reported person's
    latest messages in their conversation, and tell those admins in the app."""
    if reason not in ReportReason.values:
        raise MessageError("reason", _("Choose a reason."))
    if len(details) > MAX_MESSAGE_LENGTH:
        raise MessageError(
            "details",
            _("Say what happened in up to %(max)s characters.")
            % {"max": f"{MAX_MESSAGE_LENGTH:,}"},
        )
    conversation = conversation_between(reporter, reported)
    quoted = ""
    if conversation is not None:
        latest = list(
            Message.objects.filter(conversation=conversation, sender=reported).order_by(
                "-created_at", "-id"
            )[:QUOTED_IN_REPORT]
        )
        quoted = "\n".join(f"{m.created_at:%Y-%m-%d %H:%M} UTC: {m.body}" for m in reversed(latest))
    found = Report.objects.create(
        reporter=reporter, reported=reported, reason=reason, details=details.strip(), quoted=quoted
    )
    from alongside.notifications.services import notify

    for moderator in moderators_for(reporter):
        notify(
            user=moderator,
            kind="message_report",
            title=_("A conversation was reported"),
            url=reverse("messaging:reports"),
            dedupe_key=f"message-report-{found.pk}",
        )
    return found


def reports_for(moderator: User) -> list[Report]:
    """Reports made by people in the organizations the moderator administers (nothing until
    their two-step verification is on)."""
    held = roles_of(moderator)
    if held.mfa_blocks_member_data:
        return []
    orgs = held.organizations_where(Role.ORG_ADMIN)
    if not orgs:
        return []
    people = Membership.objects.active().filter(organization__in=orgs).values("user_id")
    return list(
        Report.objects.filter(reporter_id__in=people).select_related("reporter", "reported")[:200]
    )


def is_moderator(user: User) -> bool:
    return user.is_authenticated and roles_of(user).has(Role.ORG_ADMIN)


# ---------------------------------------------------------------- partners and groups


def ask_partner(*, member: User, email: str) -> None:
    """Ask the person with this address to be the member's accountability partner. Says the
    same whatever the address, so nobody learns who has an account here."""
    other = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if other is None or other.pk == member.pk:
        return
    reverse_ask = Partnership.objects.filter(asked_by=other, partner=member).first()
    if reverse_ask is not None:  # they asked first: asking back is saying yes
        if reverse_ask.confirmed_at is None:
            confirm_partner(member=member, partnership=reverse_ask)
        return
    found, created = Partnership.objects.get_or_create(asked_by=member, partner=other)
    if created:
        from alongside.notifications.services import notify

        notify(
            user=other,
            kind="partner_request",
            title=_("Someone asked you to be their accountability partner"),
            url=reverse("messaging:partners"),
            dedupe_key=f"partner-request-{found.pk}",
            body=_("From %(name)s") % {"name": member.display_name},
        )


def partnerships_of(member: User) -> list[Partnership]:
    return list(
        Partnership.objects.filter(Q(asked_by=member) | Q(partner=member)).select_related(
            "asked_by", "partner"
        )
    )


def confirm_partner(*, member: User, partnership: Partnership) -> Partnership:
    """The person asked says yes (only they can)."""
    if partnership.partner_id != member.pk:
        raise NoRelationship()
    if partnership.confirmed_at is None:
        partnership.confirmed_at = timezone.now()
        partnership.save(update_fields=["confirmed_at"])
    return partnership


def end_partnership(*, member: User, partnership: Partnership) -> None:
    """Either person ends it (or declines, or withdraws the request)."""
    if member.pk not in (partnership.asked_by_id, partnership.partner_id):
        raise NoRelationship()
    partnership.delete()


def groups_to_opt_into(member: User) -> list[tuple[Group, bool]]:
    """Groups the member is part of (saved or attended one of its meetings, or opted in
    before), each with whether they are open to messages there."""
    opted = set(GroupOptIn.objects.filter(member=member).values_list("group_id", flat=True))
    groups = Group.objects.filter(
        Q(meetings__saved_by__member=member)
        | Q(meetings__attendance_records__member=member)
        | Q(pk__in=opted)
    ).distinct()
    return [(g, g.pk in opted) for g in groups.order_by("name")]


def set_group_opt_in(*, member: User, group: Group, opted_in: bool) -> None:
    """Open (or close) the member to messages from others in the group who opted in too."""
    if opted_in:
        GroupOptIn.objects.get_or_create(member=member, group=group)
    else:
        GroupOptIn.objects.filter(member=member, group=group).delete()
    _forget_unread(member.pk)


def recent_messages(conversation: Conversation, *, limit: int = 200) -> list[Message]:
    """The conversation's latest messages, oldest first."""
    latest = list(
        Message.objects.filter(conversation=conversation)
        .select_related("sender")
        .order_by("-created_at", "-id")[:limit]
    )
    return latest[::-1]

"""How conversations, partnerships, group opt-ins, blocks and reports are exported and erased.

A conversation is exported whole (both people's messages, by display name) to each of the two,
and erased whole when either erases their account: the other person keeps no copy of words the
erased person wrote, and their own replies make no sense without them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import User
from alongside.messaging.models import (
    Block,
    Conversation,
    GroupOptIn,
    Message,
    Partnership,
    Report,
)
from alongside.privacy.registry import Erase, register


def _conversations(member: User):
    return Conversation.objects.involving(member)


def _conversation_row(conversation: Conversation) -> dict:
    return {
        "between": sorted(
            [str(conversation.first.display_name), str(conversation.second.display_name)]
        ),
        "started_at": conversation.created_at.isoformat(),
        "messages": [
            {
                "from": str(m.sender.display_name),
                "at": m.created_at.isoformat(),
                "read_at": m.read_at.isoformat() if m.read_at else None,
                "text": m.body,
            }
            for m in conversation.messages.select_related("sender")
        ],
    }


register(
    Conversation,
    "first",
    section="conversations",
    label=_("direct messages"),
    erase=Erase.DELETE,
    explain=_(
        "Every conversation you are in is deleted, with both sides' messages, for the other "
        "person too."
    ),
    queryset=_conversations,
    serialize=_conversation_row,
)
register(
    Conversation,
    "second",
    section="",
    label=_("direct messages (as the second person)"),
    export=False,
    erase=Erase.DELETE,
    explain=_("Deleted with the conversations above."),
)
register(
    Message,
    "sender",
    section="",
    label=_("messages you sent"),
    export=False,  # exported within their conversations
    erase=Erase.DELETE,
    explain=_("Deleted with the conversations above."),
)
register(
    Partnership,
    "asked_by",
    section="accountability_partners",
    label=_("accountability partners"),
    erase=Erase.DELETE,
    explain=_("Every partnership and request ends and is deleted."),
    queryset=lambda member: (
        Partnership.objects.filter(asked_by=member) | Partnership.objects.filter(partner=member)
    ),
    serialize=lambda p: {
        "asked_by": str(p.asked_by.display_name),
        "partner": str(p.partner.display_name),
        "asked_at": p.created_at.isoformat(),
        "confirmed_at": p.confirmed_at.isoformat() if p.confirmed_at else None,
    },
)
register(
    Partnership,
    "partner",
    section="",
    label=_("accountability partners (asked of you)"),
    export=False,
    erase=Erase.DELETE,
    explain=_("Deleted with the partnerships above."),
)
register(
    GroupOptIn,
    "member",
    section="group_message_opt_ins",
    label=_("groups you opened to messages"),
    erase=Erase.DELETE,
    explain=_("Deleted."),
    serialize=lambda o: {"group": o.group.name, "since": o.created_at.isoformat()},
)
register(
    Block,
    "blocker",
    section="blocked_people",
    label=_("people you blocked"),
    erase=Erase.DELETE,
    explain=_("Deleted."),
    serialize=lambda b: {"blocked": str(b.blocked.display_name), "at": b.created_at.isoformat()},
)
register(
    Block,
    "blocked",
    section="",
    label=_("blocks of you by others"),
    export=False,  # who blocked you is theirs to know
    erase=Erase.DELETE,
    explain=_("Deleted."),
)
register(
    Report,
    "reporter",
    section="reports_you_made",
    label=_("conversations you reported"),
    erase=Erase.DELETE,
    explain=_("Deleted, also from the moderators' list."),
    serialize=lambda r: {
        "reported": str(r.reported.display_name),
        "reason": r.reason,
        "details": r.details,
        "at": r.created_at.isoformat(),
    },
)
register(
    Report,
    "reported",
    section="",
    label=_("reports about you"),
    export=False,  # who reported you is theirs to know
    erase=Erase.DELETE,
    explain=_("Deleted, with the messages they quoted."),
)

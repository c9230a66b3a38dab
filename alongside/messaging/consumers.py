"""Live messages over WebSocket: each open conversation page listens on the pair's group.

`/ws/messages/<user_id>/` connects only when the person may open the conversation with that
user (the same rule as the page; otherwise it closes with 4404, as a 404). Two server processes
sharing Redis deliver to each other's pages, since the channel layer carries the group. A page
may send over the socket too (`{"type": "send", "body": …}`), through the same service as the
form; the answer comes back as `{"kind": "sent"}` or `{"kind": "error", "field", "message"}`.
Like every consumer for signed-in people it also joins the person's own group, so signing out
closes it (`session.ended`)."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404

from alongside.accounts.models import User
from alongside.messaging import access, services
from alongside.messaging.models import Conversation, pair_group
from alongside.notifications.consumers import user_group
from alongside.privacy.models import Interface


def _open(user: User, other_id: int) -> services.Relation | None:
    try:
        relation = access.access_person(user, other_id, interface=Interface.API)
    except Http404:
        return None
    services.page_open(user, relation.other)
    return relation


def _send(user: User, other: User, body: str) -> dict[str, str | int]:
    try:
        message = services.send_message(sender=user, recipient=other, body=body)
    except services.NoRelationship:
        return {"kind": "gone"}
    except services.MessageError as error:
        answer: dict[str, str | int] = {
            "kind": "error",
            "field": error.field,
            "message": error.message,
        }
        if isinstance(error, services.RateLimited):
            answer["retry_after"] = error.retry_after
        return answer
    return {"kind": "sent", "id": message.pk}


def _mark_read(
    user: User, other: User, conversation: Conversation | None, message: dict
) -> Conversation | None:
    """Mark a message shown on the open page read (the page is still open); returns its
    conversation, which the consumer keeps for the next one (it cannot change while the page is
    open)."""
    conversation = conversation or Conversation.objects.between(user, other).first()
    if conversation is None:  # erased since it was sent
        return None
    services.mark_read(reader=user, conversation=conversation, message_ids=[message["id"]])
    services.page_open(user, other)
    return conversation


class ConversationConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        other_id = int(self.scope["url_route"]["kwargs"]["user_id"])
        relation = await database_sync_to_async(_open)(user, other_id)
        if relation is None:
            await self.close(code=4404)
            return
        self.user, self.other = user, relation.other
        self.conversation: Conversation | None = None
        self.groups_joined = [pair_group(user.pk, other_id), user_group(user.pk)]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        if hasattr(self, "other"):
            await database_sync_to_async(services.page_closed)(self.user, self.other)

    async def receive_json(self, content: object, **kwargs: object) -> None:
        if not isinstance(content, dict) or content.get("type") != "send":
            return
        body = content.get("body")
        # In the thread pool, not the one thread every consumer of this process queues its
        # database work on: a message waits for no other conversation's Redis and SQLite
        # round trips (bench/bench_messages.py: p99 of 86 to 95 ms at 500 conversations on
        # SQLite, where it had been 90 to 150 ms).
        answer = await database_sync_to_async(_send, thread_sensitive=False)(
            self.user, self.other, body if isinstance(body, str) else ""
        )
        await self.send_json(answer)
        if answer["kind"] == "gone":
            await self.close(code=4404)

    async def message_new(self, event: dict) -> None:
        payload = event["payload"]
        await self.send_json(payload)
        if payload["sender_id"] != self.user.pk:  # the page is open: it has been seen
            self.conversation = await database_sync_to_async(_mark_read)(
                self.user, self.other, self.conversation, payload
            )

    async def conversation_closed(self, event: dict) -> None:
        await self.close(code=4404)

    async def notify(self, event: dict) -> None:
        """In-app notices for this person go to the notifications socket, not here."""

    async def session_ended(self, event: dict) -> None:
        await self.close(code=4401)

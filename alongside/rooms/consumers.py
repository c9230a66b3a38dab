"""A live room over WebSocket: `/ws/rooms/<meeting_id>/<start, e.g. 20261205T1800Z>/`.

Signed-in people only (4401). A room that does not exist closes with 4404, as a 404. Before
it opens or after it closes, and for someone a facilitator removed, the socket is accepted just
long enough to say why — `{"kind": "refused", "reason", "message"}` — and closes with 4408 (not
open yet), 4410 (closed) or 4403 (removed).

Inside, a page sends `{"type": …}`: `chat` (body), `hand` (up), and for facilitators `admit`,
`mute` (id, muted), `remove` (id), `next`, `timer` (minutes) and `timer_stop`. Changes reach
every socket of the room, on any server process sharing the channel layer; the room's state is
shared the same way (alongside/rooms/store.py)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.notifications.consumers import user_group
from alongside.rooms import access, tasks
from alongside.rooms.services import live
from alongside.rooms.services.room import Phase, Room, room_name
from alongside.rooms.store import store

NOT_OPEN, CLOSED, REMOVED = 4408, 4410, 4403


def _find(user: User, meeting_id: int, starts: str) -> access.RoomAccess | None:
    try:
        return access.access_room(user, meeting_id, starts)
    except Http404:
        return None


def _join(user: User, found: access.RoomAccess) -> live.Outcome:
    room = found.room
    outcome, created = store().change(
        room.key,
        room.closes_at,
        lambda state: live.join(
            state,
            room,
            user_id=user.pk,
            name=room_name(user.handle, found.person_id),
            is_host=found.is_host,
            now=timezone.now(),
        ),
    )
    if created:  # the first person in: the worker closes the room when its time comes
        tasks.schedule_closing(room.closes_at)
    return outcome  # type: ignore[return-value]


def _change(room: Room, action: Any) -> live.Outcome | None:
    outcome, _created = store().change(room.key, room.closes_at, action, create=False)
    return outcome


def _snapshot(room: Room, person_id: str) -> dict[str, Any] | None:
    state = store().read(room.key)
    if state is None or person_id not in state.get("people", {}):
        return None
    return live.snapshot(state, room, person_id, timezone.now())


def refusal(phase: Phase, room: Room) -> tuple[dict[str, str], int]:
    if phase is Phase.NOT_OPEN:
        message = _("The room is not open yet. It opens %(minutes)s minutes before the meeting.")
        return (
            {
                "kind": "refused",
                "reason": "not_open",
                "opens_at": room.opens_at.isoformat(),
                "message": message
                % {"minutes": int((room.starts_at - room.opens_at).total_seconds() // 60)},
            },
            NOT_OPEN,
        )
    return (
        {"kind": "refused", "reason": "closed", "message": _("This meeting's room has closed.")},
        CLOSED,
    )


class RoomConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        kwargs = self.scope["url_route"]["kwargs"]
        found = await database_sync_to_async(_find)(
            user, int(kwargs["meeting_id"]), kwargs["starts"]
        )
        if found is None:
            await self.close(code=4404)
            return
        room = found.room
        phase = room.phase()
        if phase is not Phase.OPEN:
            await self.refuse(*refusal(phase, room))
            return
        try:
            outcome = await database_sync_to_async(_join, thread_sensitive=False)(user, found)
        except live.RoomError as error:
            await self.refuse(
                {"kind": "refused", "reason": "removed", "message": error.message}, REMOVED
            )
            return
        self.user, self.found, self.room = user, found, room
        self.groups_joined: list[str] = []
        for group in (
            live.everyone_group(room.key),
            live.person_group(room.key, found.person_id),
            user_group(user.pk),
        ):
            await self.join_group(group)
        snapshot = outcome.answer or {}
        self.admitted = snapshot.get("you", {}).get("status") == live.Status.ADMITTED
        if self.admitted:
            await self.join_group(live.room_group(room.key))
        if found.is_host:
            await self.join_group(live.hosts_group(room.key))
        await self.accept()
        await self.send_json(snapshot)
        await self.publish(outcome)
        self.closer = asyncio.create_task(self.close_when_due())

    async def refuse(self, answer: dict[str, Any], code: int) -> None:
        await self.accept()
        await self.send_json(answer)
        await self.close(code=code)

    async def join_group(self, group: str) -> None:
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.append(group)

    async def publish(self, outcome: live.Outcome | None) -> None:
        for group, payload in outcome.sends if outcome else []:
            kind = "room.you" if payload["kind"] == "you" else "room.event"
            await self.channel_layer.group_send(group, {"type": kind, "payload": payload})

    async def close_when_due(self) -> None:
        await asyncio.sleep(max(0.0, (self.room.closes_at - timezone.now()).total_seconds()))
        await self.room_closed({"message": refusal(Phase.CLOSED, self.room)[0]["message"]})

    async def disconnect(self, code: int) -> None:
        closer = getattr(self, "closer", None)
        if closer is not None and closer is not asyncio.current_task():
            closer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await closer
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        if hasattr(self, "room"):
            room, pid = self.room, self.found.person_id
            outcome = await database_sync_to_async(_change, thread_sensitive=False)(
                room, lambda state: live.leave(state, room, person_id=pid, now=timezone.now())
            )
            await self.publish(outcome)

    async def receive_json(self, content: object, **kwargs: object) -> None:
        if not isinstance(content, dict) or not hasattr(self, "room"):
            return
        action = self.action(content)
        if action is None:
            return
        try:
            outcome = await database_sync_to_async(_change, thread_sensitive=False)(
                self.room, action
            )
        except live.RoomError as error:
            await self.send_json(
                {"kind": "error", "action": content.get("type"), "message": error.message}
            )
            return
        if outcome is not None and outcome.answer is not None:
            await self.send_json(outcome.answer)
        await self.publish(outcome)

    def action(self, content: dict[str, Any]) -> Any:
        room, pid, kind = self.room, self.found.person_id, content.get("type")
        target = content.get("id")
        actions = {
            "chat": lambda s: live.chat(
                s, room, person_id=pid, body=content.get("body"), now=timezone.now()
            ),
            "hand": lambda s: live.hand(s, room, person_id=pid, up=bool(content.get("up"))),
            "admit": lambda s: live.admit(s, room, by=pid, person_id=target, now=timezone.now()),
            "mute": lambda s: live.mute(
                s, room, by=pid, person_id=target, muted=bool(content.get("muted", True))
            ),
            "remove": lambda s: live.remove(s, room, by=pid, person_id=target, now=timezone.now()),
            "next": lambda s: live.call_next(s, room, by=pid),
            "timer": lambda s: live.start_timer(
                s, room, by=pid, minutes=content.get("minutes"), now=timezone.now()
            ),
            "timer_stop": lambda s: live.stop_timer(s, room, by=pid),
        }
        return actions.get(kind) if isinstance(kind, str) else None

    async def room_event(self, event: dict[str, Any]) -> None:
        await self.send_json(event["payload"])

    async def room_you(self, event: dict[str, Any]) -> None:
        """A facilitator admitted, muted or removed this person (on whichever server)."""
        you = event["payload"]["you"]
        if you["status"] == live.Status.REMOVED:
            await self.send_json(
                {
                    "kind": "refused",
                    "reason": "removed",
                    "message": _("A facilitator removed you from this meeting's room."),
                }
            )
            await self.close(code=REMOVED)
            return
        if you["status"] == live.Status.ADMITTED and not self.admitted:
            self.admitted = True
            await self.join_group(live.room_group(self.room.key))
            snapshot = await database_sync_to_async(_snapshot, thread_sensitive=False)(
                self.room, self.found.person_id
            )
            if snapshot is not None:
                await self.send_json(snapshot)
            return
        await self.send_json(event["payload"])

    async def room_closed(self, event: dict[str, Any]) -> None:
        await self.send_json({"kind": "refused", "reason": "closed", "message": event["message"]})
        await self.close(code=CLOSED)

    async def notify(self, event: dict) -> None:
        """In-app notices for this person go to the notifications socket, not here."""

    async def session_ended(self, event: dict) -> None:
        await self.close(code=4401)

"""Live in-app notifications over WebSocket: each signed-in person listens on their own group.

Every consumer for signed-in people joins `user_group(user.pk)` on connect and closes on
`session.ended`, which `services.close_sockets` sends to that group."""

from __future__ import annotations

from channels.generic.websocket import AsyncJsonWebsocketConsumer


def user_group(user_id: int) -> str:
    return f"user-{user_id}"


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def notify(self, event: dict) -> None:
        await self.send_json(event["payload"])

    async def session_ended(self, event: dict) -> None:
        """The person signed out, changed or reset their password, or was erased
        (`services.close_sockets`): this socket's sign-in may no longer hold, so it closes.
        A page whose session still holds may connect again."""
        await self.close(code=4401)

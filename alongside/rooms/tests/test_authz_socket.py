"""The room's WebSocket in the authorization matrix: every persona, as authz.SOCKETS says."""

from __future__ import annotations

import pytest

from alongside.rooms.tests import authz
from alongside.testing.asyncio import run_async
from alongside.testing.authz import EVERYONE, subjects_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_room_socket_answers_each_persona_as_the_matrix_says(cast, client_as) -> None:
    from channels.testing import WebsocketCommunicator

    from alongside.asgi import application

    subjects = subjects_for(cast)
    path = authz.SOCKET_PATH(subjects)
    sockets = {}
    for persona in EVERYONE:
        client = client_as(None if persona == "anon" else persona)
        cookie = f"sessionid={client.cookies['sessionid'].value}" if persona != "anon" else ""
        sockets[persona] = WebsocketCommunicator(
            application,
            path,
            headers=[(b"origin", b"http://testserver"), (b"cookie", cookie.encode())],
        )

    async def walk() -> dict[str, object]:
        found: dict[str, object] = {}
        for persona, communicator in sockets.items():
            connected, code = await communicator.connect()
            if not connected:
                found[persona] = code
                continue
            state = await communicator.receive_json_from(timeout=10)
            found[persona] = state["you"]["status"] if state["kind"] == "state" else state
            await communicator.disconnect()
        return found

    found = run_async(walk())
    expected = {p: authz.SOCKETS.get(p, authz.SOCKET_DEFAULT) for p in EVERYONE}
    assert found == expected

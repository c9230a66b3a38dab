"""Two real server processes sharing Redis: people on different servers share one room — its
waiting room, chat and hand queue — because both its state and its events live in Redis."""

from __future__ import annotations

import json
import os
import time

import pytest

from alongside.messaging.tests.test_live import redis_answering

SETUP = """
from django.test import Client
from alongside.accounts.cast import build_cast
from alongside.rooms.tests.world import meeting_starting
cast = build_cast(with_mfa=False)
meeting, room = meeting_starting(cast, openness="closed")
out = {"path": f"/ws/rooms/{meeting.pk}/{room.starts_param}/", "key": room.key}
for key in ("member", "member2", "facilitator"):
    client = Client()
    client.force_login(cast[key].user, backend="django.contrib.auth.backends.ModelBackend")
    out[key] = client.cookies["sessionid"].value
print(__import__("json").dumps(out))
"""


def until(client, kind: str, test=lambda m: True) -> dict:
    while True:
        message = client.receive_json(timeout=10)
        if message.get("kind") == kind and test(message):
            return message


@pytest.mark.own_processes
def test_people_on_two_servers_sharing_redis_share_the_waiting_room_chat_and_hands(
    tmp_path,
) -> None:
    from alongside.testing.server import migrated, run_cli, served
    from alongside.testing.websocket import Client

    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    if not redis_answering(redis_url):
        pytest.skip(f"Redis does not answer at {redis_url}")
    env = {
        "ALONGSIDE_DATA_DIR": str(tmp_path),
        "ALONGSIDE_ENV": "development",
        "REDIS_URL": redis_url,
    }
    migrated(env)
    made = run_cli(env, "manage", "shell", "-c", SETUP)
    assert made.returncode == 0, made.stderr
    setup = json.loads(made.stdout.strip().splitlines()[-1])
    path = setup["path"]
    with served(env) as port_a, served(env) as port_b:
        host = Client.open(port_a, path, setup["facilitator"])
        maya = Client.open(port_b, path, setup["member"])
        jordan = Client.open(port_a, path, setup["member2"])
        try:
            assert until(host, "state")["you"]["status"] == "admitted"
            waiting = until(maya, "state")
            assert waiting["you"]["status"] == "waiting"
            jordan_waiting = until(jordan, "state")
            # The facilitator (server A) sees Maya (server B) waiting, and lets both in.
            seen = until(host, "waiting", lambda m: len(m["waiting"]) == 2)
            assert {p["id"] for p in seen["waiting"]} == {
                waiting["you"]["id"],
                jordan_waiting["you"]["id"],
            }
            host.send_json({"type": "admit", "id": waiting["you"]["id"]})
            assert until(maya, "state")["you"]["status"] == "admitted"
            host.send_json({"type": "admit", "id": jordan_waiting["you"]["id"]})
            until(jordan, "state")
            time.sleep(0.2)  # both group subscriptions are in Redis
            maya.send_json({"type": "chat", "body": "Across two servers"})
            arrived = until(jordan, "chat")
            assert arrived["message"]["body"] == "Across two servers"
            jordan.send_json({"type": "hand", "up": True})
            until(maya, "hands", lambda m: len(m["hands"]) == 1)
            maya.send_json({"type": "hand", "up": True})
            queue = until(host, "hands", lambda m: len(m["hands"]) == 2)
            assert [h["id"] for h in queue["hands"]] == [
                jordan_waiting["you"]["id"],
                waiting["you"]["id"],
            ]
            seen_by_maya = until(maya, "hands", lambda m: len(m["hands"]) == 2)
            assert seen_by_maya["hands"] == queue["hands"]
        finally:
            for client in (host, maya, jordan):
                client.close()

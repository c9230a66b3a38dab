"""A live room across two server processes sharing Redis: chat fan-out to everyone in one room.

Two parts, each with half the room's sockets on server A and half on server B:

1. Fan-out: 200 people in one room; every BENCH_ROOM_MESSAGE_EVERY seconds (0.5) a different
   one sends a chat line, and every socket in the room receives it. The figure is the time from
   sending to each socket's arrival (200 deliveries per message). Target: p99 ≤ 50 ms.
2. Soak: 400 people in one room for BENCH_ROOM_SOAK_SECONDS (60; the target asks for 600),
   the same traffic; every line must reach every socket exactly once. Target: 0 dropped, 0
   duplicated.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import statistics
import time
from pathlib import Path

FAN_OUT = int(os.environ.get("BENCH_ROOM_PEOPLE", "200"))
SOAK = int(os.environ.get("BENCH_ROOM_SOAK_PEOPLE", "400"))
SOAK_SECONDS = float(os.environ.get("BENCH_ROOM_SOAK_SECONDS", "60"))
EVERY = float(os.environ.get("BENCH_ROOM_MESSAGE_EVERY", "0.5"))
TITLE = "Live room chat fan-out, two servers sharing Redis"
DESCRIPTION = (
    f"{FAN_OUT} people in one live room (half on server A, half on server B, sharing Redis for "
    f"the channel layer and the room's state); one chat line every {EVERY:g} s from a different "
    f"person each time, timed from sending to arrival at every socket (target p99 ≤ 50 ms). Then "
    f"{SOAK} people for {SOAK_SECONDS:g} s with the same traffic: every line must reach every "
    "socket exactly once. Needs REDIS_URL."
)
TARGET_MS = 50.0

SETUP = """
import datetime as dt, json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from alongside.meetings import services
from alongside.meetings.catalog import ensure_programs
from alongside.meetings.models import Group, Meeting, Program
from alongside.rooms.services.room import room_of
ensure_programs()
smart = Program.objects.get(slug="smart")
group, _ = Group.objects.get_or_create(slug="bench-room-group", defaults={{"name": "Bench room", "program": smart}})
starts = (timezone.now() - dt.timedelta(minutes=5)).astimezone(dt.UTC).replace(second=0, microsecond=0)
Meeting.objects.filter(slug="bench-room").delete()
meeting = services.save_meeting(meeting=Meeting(slug="bench-room", name="Bench room", program=smart, group=group,
    days=[0, 1, 2, 3, 4, 5, 6], start_time=starts.time(), duration_minutes=180, time_zone="UTC",
    attendance="online", openness="open"))
room = room_of(meeting, starts)
User = get_user_model()
sessions = []
for n in range({count}):
    user, _ = User.objects.get_or_create(email=f"bench-room-{{n}}@example.org", defaults={{"handle": f"bench{{n}}"}})
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)
print("BENCH_ROOM " + json.dumps({{"path": f"/ws/rooms/{{meeting.pk}}/{{room.starts_param}}/", "sessions": sessions}}))
"""


def _second_server(ctx):
    from bench import run as runner

    port = runner.free_port()
    log = Path(runner.DATA_DIR) / "server-b.log"
    proc = runner.start_server(runner.server_command(port, 1), ctx.env, log)
    runner.wait_until_ready(proc, f"http://127.0.0.1:{port}", log)
    return proc, port


async def _room(ports: tuple[int, int], path: str, sessions: list[str], seconds: float) -> dict:
    """Open every socket (alternating servers), then send a line every EVERY seconds from a
    different person, for `seconds`; return the delivery latencies and what went missing."""
    from alongside.testing.websocket import AsyncClient

    clients = []
    opening = asyncio.Semaphore(20)  # people arrive over a few seconds, not in one instant

    async def open_one(index: int, session: str):
        async with opening:
            client = await AsyncClient.open(ports[index % 2], path, session)
            while (await client.receive_json()).get("kind") != "state":
                pass
            return client

    clients = await asyncio.gather(*(open_one(i, s) for i, s in enumerate(sessions)))
    sent_at: dict[str, float] = {}
    arrivals: dict[str, int] = {}
    duplicates = 0
    latencies: list[float] = []
    errors: list[str] = []

    async def read(client) -> None:
        nonlocal duplicates
        seen: set[str] = set()
        while True:
            message = await client.receive_json()
            kind = message.get("kind")
            if kind == "chat":
                body = message["message"]["body"]
                if body in seen:
                    duplicates += 1
                    continue
                seen.add(body)
                arrivals[body] = arrivals.get(body, 0) + 1
                if body in sent_at:
                    latencies.append((time.perf_counter() - sent_at[body]) * 1000)
            elif kind == "error":
                errors.append(message["message"])

    readers = [asyncio.create_task(read(c)) for c in clients]
    await asyncio.sleep(1.0)  # every socket's group subscription is in Redis
    senders = list(range(len(clients)))
    random.Random(7).shuffle(senders)
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end:
        body = f"line {n}"
        sent_at[body] = time.perf_counter()
        await clients[senders[n % len(senders)]].send_json({"type": "chat", "body": body})
        n += 1
        await asyncio.sleep(EVERY)
    await asyncio.sleep(3)  # the last lines arrive
    for task in readers:
        task.cancel()
    for client in clients:
        await client.close()
    expected = len(clients)
    dropped = sum(expected - arrivals.get(body, 0) for body in sent_at)
    return {
        "latencies": latencies,
        "sent": n,
        "dropped": dropped,
        "duplicates": duplicates,
        "errors": errors,
    }


def _pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))]


def run(ctx) -> dict:
    if not ctx.env.get("REDIS_URL"):
        raise RuntimeError("bench_rooms needs two servers sharing Redis: set REDIS_URL")
    made = ctx.manage("shell", "-c", SETUP.format(count=max(FAN_OUT, SOAK)))
    line = next(x for x in made.stdout.splitlines() if x.startswith("BENCH_ROOM "))
    setup = json.loads(line.removeprefix("BENCH_ROOM "))
    port_a = int(ctx.base_url.rsplit(":", 1)[1])
    proc, port_b = _second_server(ctx)
    try:
        gc.collect()
        gc.freeze()
        gc.disable()
        try:
            fan_out = asyncio.run(
                _room(
                    (port_a, port_b),
                    setup["path"],
                    setup["sessions"][:FAN_OUT],
                    max(ctx.duration, 10.0),
                )
            )
            # The soak's room is a new occurrence for nobody: the same room, with more people.
            soak = asyncio.run(
                _room((port_a, port_b), setup["path"], setup["sessions"][:SOAK], SOAK_SECONDS)
            )
        finally:
            gc.enable()
            gc.unfreeze()
    finally:
        from bench import run as runner

        runner.stop_server(proc)
    latencies = sorted(fan_out["latencies"])
    if not latencies:
        raise RuntimeError(f"no chat line arrived; errors: {fan_out['errors'][:3]}")
    p99 = _pct(latencies, 0.99)
    soak_ok = soak["dropped"] == 0 and soak["duplicates"] == 0
    return {
        "path": "/ws/rooms/<meeting>/<start>/",
        "extra": {
            "fan-out: people in the room": FAN_OUT,
            "fan-out: lines sent / deliveries measured": f"{fan_out['sent']} / {len(latencies)}",
            "fan-out: latency p50 / p95 / p99 (ms)": (
                f"{_pct(latencies, 0.5):.1f} / {_pct(latencies, 0.95):.1f} / {p99:.1f}"
            ),
            "fan-out: latency mean (ms)": round(statistics.mean(latencies), 1),
            "fan-out: dropped / duplicated": f"{fan_out['dropped']} / {fan_out['duplicates']}",
            "soak: people / seconds": f"{SOAK} / {SOAK_SECONDS:g} (target run: 600 s)",
            "soak: lines sent": soak["sent"],
            "soak: dropped / duplicated deliveries": f"{soak['dropped']} / {soak['duplicates']}",
            "soak: latency p99 (ms)": round(_pct(sorted(soak["latencies"]), 0.99), 1)
            if soak["latencies"]
            else None,
            "refused (errors)": len(fan_out["errors"]) + len(soak["errors"]),
            "target": f"fan-out p99 ≤ {TARGET_MS:.0f} ms; soak 0 dropped, 0 duplicated",
            "meets target": p99 <= TARGET_MS and fan_out["dropped"] == 0 and soak_ok,
        },
    }

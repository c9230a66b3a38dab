"""Direct messages across two server processes sharing Redis: with 500 conversations open at
once, each sender's message goes over its WebSocket to server A, is saved, and arrives at the
other person's page open on server B (target: p99 ≤ 100 ms, from sending to arrival)."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import statistics
import time
from pathlib import Path

CONVERSATIONS = int(os.environ.get("BENCH_CONVERSATIONS", "500"))  # fewer for a quick try
# Seconds between one conversation's messages: 10 s is two people answering each other as soon
# as they have read and typed (a short message takes about 5 s to type, and about as long to
# read and think), so 500 conversations carry 50 messages a second. BENCH_MESSAGE_EVERY=5 is
# one side typing without pause in every conversation at once (100 a second; the allowance is
# 30 a minute).
EVERY = float(os.environ.get("BENCH_MESSAGE_EVERY", "10"))
TITLE = "Direct messages over WebSocket, two servers sharing Redis"
DESCRIPTION = (
    "500 pairs of members, each with the conversation page open: the sender's socket on server "
    "A, the other person's on server B (a second granian process started the same way, sharing "
    f"Redis). Every sender sends one message every {EVERY:g} s (under the 30-a-minute allowance); the "
    "figure is the time from sending on A to arrival on B. Needs REDIS_URL. Target: p99 ≤ 100 ms."
)
TARGET_MS = 100.0
WARM_UP_S = 2.0

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from alongside.messaging.models import Partnership
User = get_user_model()
pairs = []
for n in range({count}):
    people = []
    for side in ("a", "b"):
        user, _ = User.objects.get_or_create(email=f"bench-dm-{{n}}-{{side}}@example.org", defaults={{"first_name": f"Bench{{n}}{{side}}"}})
        people.append(user)
    Partnership.objects.get_or_create(asked_by=people[0], partner=people[1], defaults={{"confirmed_at": timezone.now()}})
    sessions = []
    for user in people:
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    pairs.append({{"a": [people[0].pk, sessions[0]], "b": [people[1].pk, sessions[1]]}})
print("BENCH_PAIRS " + json.dumps(pairs))
"""


def _second_server(ctx):
    from bench import run as runner

    port = runner.free_port()
    log = Path(runner.DATA_DIR) / "server-b.log"
    proc = runner.start_server(runner.server_command(port, 1), ctx.env, log)
    runner.wait_until_ready(proc, f"http://127.0.0.1:{port}", log)
    return proc, port


async def _measure(port_a: int, port_b: int, pairs: list[dict], seconds: float) -> dict:
    from alongside.testing.websocket import AsyncClient

    sent_at: dict[str, float] = {}
    latencies: list[float] = []
    # Like the HTTP loads (a warm-up before the measured seconds): messages sent in the first
    # seconds, while every server process and database connection warms up, are delivered and
    # checked but not measured.
    clock = {"measure_from": 0.0}
    errors: list[str] = []

    opened: list[int] = []
    all_open = asyncio.Event()

    async def pair(index: int, p: dict) -> None:
        (a_id, a_session), (b_id, b_session) = p["a"], p["b"]
        sender = await AsyncClient.open(port_a, f"/ws/messages/{b_id}/", a_session)
        receiver = await AsyncClient.open(port_b, f"/ws/messages/{a_id}/", b_session)
        opened.append(index)
        if len(opened) == len(pairs):
            clock["measure_from"] = time.perf_counter() + 1 + WARM_UP_S
            all_open.set()
        await all_open.wait()  # every page is open before anyone sends

        async def read() -> None:
            while True:
                message = await receiver.receive_json()
                if message.get("kind") == "message" and message["body"] in sent_at:
                    sent = sent_at.pop(message["body"])
                    if sent >= clock["measure_from"]:
                        latencies.append((time.perf_counter() - sent) * 1000)

        async def drain() -> None:  # the sender's own acknowledgements and echoes
            while True:
                answer = await sender.receive_json()
                if answer.get("kind") == "error":
                    errors.append(answer["message"])

        readers = [asyncio.create_task(read()), asyncio.create_task(drain())]
        # Each conversation starts at a random moment of the period (seeded, so runs compare):
        # people do not all press Send at once, and some do at nearly the same moment.
        await asyncio.sleep(1 + random.Random(index).uniform(0, EVERY))
        end = clock["measure_from"] + seconds  # the measured seconds follow the warm-up
        n = 0
        while time.perf_counter() < end:
            body = f"pair {index} message {n}"
            sent_at[body] = time.perf_counter()
            await sender.send_json({"type": "send", "body": body})
            n += 1
            await asyncio.sleep(EVERY)
        await asyncio.sleep(2)  # the last messages arrive
        for task in readers:
            task.cancel()
        await sender.close()
        await receiver.close()

    await asyncio.gather(*(pair(i, p) for i, p in enumerate(pairs)))
    return {"latencies": latencies, "lost": len(sent_at), "errors": errors}


def run(ctx) -> dict:
    if not ctx.env.get("REDIS_URL"):
        raise RuntimeError("bench_messages needs two servers sharing Redis: set REDIS_URL")
    made = ctx.manage("shell", "-c", SETUP.format(count=CONVERSATIONS))
    line = next(x for x in made.stdout.splitlines() if x.startswith("BENCH_PAIRS "))
    pairs = json.loads(line.removeprefix("BENCH_PAIRS "))
    port_a = int(ctx.base_url.rsplit(":", 1)[1])
    proc, port_b = _second_server(ctx)
    try:
        # The measuring client keeps 1,000 sockets and their messages: its own garbage
        # collection pauses would show as late messages, so it collects only after measuring.
        gc.collect()
        gc.freeze()
        gc.disable()
        try:
            result = asyncio.run(_measure(port_a, port_b, pairs, max(ctx.duration, 10.0)))
        finally:
            gc.enable()
            gc.unfreeze()
    finally:
        from bench import run as runner

        runner.stop_server(proc)
    latencies = sorted(result["latencies"])
    if not latencies:
        raise RuntimeError(f"no message arrived; errors: {result['errors'][:3]}")

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))]

    p99 = pct(0.99)
    return {
        "path": "/ws/messages/<id>/",
        "extra": {
            "conversations": CONVERSATIONS,
            "messages offered per second": round(CONVERSATIONS / EVERY, 1),
            "messages measured": len(latencies),
            "not arrived 2 s after the last send (backlog)": result["lost"],
            "refused (errors)": len(result["errors"]),
            "latency p50 / p95 / p99 (ms)": f"{pct(0.5):.1f} / {pct(0.95):.1f} / {p99:.1f}",
            "latency mean (ms)": round(statistics.mean(latencies), 1),
            "target": f"p99 ≤ {TARGET_MS:.0f} ms",
            "meets target": p99 <= TARGET_MS and result["lost"] == 0,
        },
    }

"""A real task worker (`manage.py db_worker`) killed with SIGKILL in the middle of a burst of web
pushes, and another started: every push reaches its device and is shown once.

The receiving end is a real push service on 127.0.0.1 (tests/pushservice.py); each message is
decrypted with its device's key and counted by its tag, the delivery's key, which is what a
browser shows a notification under. Runs on the database the tests use (SQLite by default;
PostgreSQL with DATABASE_URL). Skipped only when a worker process cannot start at all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from alongside.accounts.models import User
from alongside.notifications import services
from alongside.notifications.models import Delivery, DeliveryStatus
from alongside.notifications.tests.pushservice import Browser, PushService
from alongside.testing.server import clean_env

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
LEASE_SECONDS = 2
NOTICES_PER_PERSON = 100
PEOPLE = ["member", "member2", "mentor", "ally"]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(log: Path) -> subprocess.Popen:
    env = clean_env(
        {
            "ALONGSIDE_ENV": "test",
            "ALONGSIDE_DATA_DIR": str(settings.DATA_DIR),  # the same field and VAPID keys
            "DATABASE_URL": database_url(),
            "ALONGSIDE_DELIVERY_LEASE_SECONDS": str(LEASE_SECONDS),
            "PYTHONPATH": str(ROOT),
        }
    )
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def kill(worker: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    worker.wait(timeout=30)


def wait_for(condition, *, seconds: float, worker: subprocess.Popen, log: Path) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if worker.poll() is not None:
            return False
        time.sleep(0.05)
    return False


def test_a_worker_killed_mid_burst_loses_no_push_and_no_device_shows_one_twice(
    cast, tmp_path
) -> None:
    service = PushService().start()
    service.delay = 0.003  # a push service that takes a moment, so the kill lands mid-batch
    browsers: dict[str, Browser] = {}
    log = tmp_path / "worker.log"
    workers: list[subprocess.Popen] = []
    try:
        with transaction.atomic():
            for key in PEOPLE:
                user = User.objects.get(pk=cast[key].user.pk)
                for device in ("phone", "laptop"):
                    path = f"/{key}/{device}"
                    browsers[path] = browser = Browser()
                    services.subscribe_device(
                        user=user,
                        endpoint=service.url(path),
                        p256dh=browser.p256dh,
                        auth=browser.auth,
                    )
                for n in range(NOTICES_PER_PERSON):
                    services.notify(user=user, kind="check_in_reminder", title=f"Reminder {n}")
        expected = set(Delivery.objects.values_list("key", flat=True))
        assert len(expected) == len(PEOPLE) * 2 * NOTICES_PER_PERSON

        first = start_worker(log)
        workers.append(first)
        started = wait_for(lambda: len(service.received) > 0, seconds=60, worker=first, log=log)
        if not started and first.poll() is not None and not service.received:
            pytest.skip(f"the task worker could not start:\n{log.read_text()[-2000:]}")
        assert wait_for(
            # Halfway through a batch of 100 (delivery.BATCH), a quarter into the burst.
            lambda: len(service.received) >= len(expected) // 4 + 50,
            seconds=60,
            worker=first,
            log=log,
        ), log.read_text()[-2000:]
        kill(first)  # SIGKILL: no chance to finish the batch or release its claim
        held = Delivery.objects.filter(status=DeliveryStatus.SENDING).count()
        assert held > 0, "the kill should land while the worker holds a batch"
        assert len(service.received) < len(expected)

        second = start_worker(log)
        workers.append(second)
        assert wait_for(
            lambda: not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists(),
            seconds=120,
            worker=second,
            log=log,
        ), log.read_text()[-2000:]
        time.sleep(0.5)  # any message still on the wire arrives
    finally:
        for worker in workers:
            kill(worker)
        service.stop()

    shown: Counter[str] = Counter()
    for message in service.received:
        payload = browsers[message.path].decrypt(message.body)
        shown[payload["tag"]] += 1
    assert set(shown) == expected  # nothing lost: every delivery reached its device
    # A browser shows one notification per tag. Only what was in flight at the instant of the
    # kill (sent, not yet marked sent) can arrive twice: at most one push per sending thread.
    repeats = sum(count - 1 for count in shown.values())

    assert repeats <= settings.PUSH_CONCURRENCY, shown.most_common(3)
    rows = Delivery.objects.all()
    assert all(r.status == DeliveryStatus.SENT and r.claim == "" for r in rows)
    assert sum(1 for r in rows if r.attempts == 2) <= held  # only the dead worker's batch again

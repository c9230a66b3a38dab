"""10,000 daily check-in reminders due in the same minute, delivered by one task worker: the
minute run (`send_due_check_in_reminders`) starts at the due moment, finds every reminder due by
its `next_due_at`, stores the in-app notices and their deliveries in bulk through
`notify_many()`, and the worker sends the web push to each member's device, a real HTTP push
service on 127.0.0.1 that counts each encrypted message as it arrives. Target: every push
received within 60 s of the due moment.

Run alone with ``.venv/bin/python -m bench.bench_reminders [--count 10000]`` (SQLite in
``data/bench``, or the PostgreSQL bench database with ``DATABASE_URL``), or with the others by
``python -m bench.run --only reminders``. It writes ``bench/results/reminders-<database>.json``
and ``.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

TITLE = "10,000 check-in reminders due in the same minute, one worker"
DESCRIPTION = __doc__.split("\n\n")[0].replace("\n", " ")
TARGET_SECONDS = 60
LEAD_SECONDS = 15  # the due moment is this far after seeding ends, so the worker is idle first

ROOT = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------------ run inside Django (seeding)


def seed(count: int, push_url: str, due: dt.datetime) -> dict:
    """Members with a reminder due at `due` (in their own zones), one push device each, and the
    minute run queued for `due`, as `schedule_reminder_run` queues it (for a whole minute there;
    any moment here, so the run starts when the bench wants it). Replaces earlier bench rows."""
    import django

    django.setup()
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from alongside.accounts.models import User
    from alongside.journey.models import CheckInReminder
    from alongside.journey.tasks import send_due_check_in_reminders
    from alongside.notifications.models import PushSubscription
    from alongside.notifications.tests.pushservice import Browser

    zones = ["America/Chicago", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "UTC"]
    browser = Browser()
    started = time.monotonic()
    with transaction.atomic():
        User.objects.filter(email__endswith="@reminders.bench").delete()
        DBTaskResult.objects.all().delete()
        users = User.objects.bulk_create(
            User(
                email=f"m{i}@reminders.bench",
                first_name=f"Member{i}",
                time_zone=zones[i % len(zones)],
                password="!",  # unusable: nobody signs in
            )
            for i in range(count)
        )
        reminders, devices = [], []
        for user in users:
            local = due.astimezone(user.zone)
            reminders.append(
                CheckInReminder(
                    member=user,
                    is_enabled=True,
                    at=local.time().replace(tzinfo=None),
                    next_due_at=due,
                )
            )
            devices.append(
                PushSubscription(
                    user=user,
                    endpoint=f"{push_url}/{user.pk}",
                    p256dh=browser.p256dh,
                    auth=browser.auth,
                )
            )
        CheckInReminder.objects.bulk_create(reminders, batch_size=1000)
        PushSubscription.objects.bulk_create(devices, batch_size=1000)
        send_due_check_in_reminders.using(run_after=due).enqueue(due_at_iso=due.isoformat())
    return {"members": count, "seed_seconds": round(time.monotonic() - started, 1)}


def outcome(count: int) -> dict:
    """What the database says after the run."""
    import django

    django.setup()
    from alongside.notifications.models import Delivery, InAppNotification

    bench = {"user__email__endswith": "@reminders.bench"}
    return {
        "in_app_notices": InAppNotification.objects.filter(
            kind="check_in_reminder", **bench
        ).count(),
        "deliveries_sent": Delivery.objects.filter(status="sent", **bench).count(),
        "deliveries_not_sent": Delivery.objects.exclude(status="sent").filter(**bench).count(),
        "members": count,
    }


# ------------------------------------------------------------------ the benchmark itself


def _django(env: dict[str, str], *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_reminders", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(env: dict[str, str], count: int, wait_seconds: float = 300) -> dict:
    from alongside.notifications.tests.pushservice import PushService

    service = PushService().start()
    arrivals: list[float] = []
    service_record = service.received
    try:
        due = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=600)
        # Seed with a far due moment, then move it close: the seeding time does not matter.
        seeded = _django(
            env,
            "--seed",
            str(count),
            "--push-url",
            service.url("/device"),
            "--due",
            due.isoformat(),
        )
        due = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=LEAD_SECONDS)
        _django(env, "--shift-due", due.isoformat())
        log = (ROOT / "data" / "bench" / "worker.log").open("wb")
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = due.timestamp() + wait_seconds
        seen = 0
        while time.time() < deadline and seen < count:
            time.sleep(0.05)
            now = len(service_record)
            arrivals.extend([time.time()] * (now - seen))
            seen = now
        os.killpg(worker.pid, signal.SIGTERM)  # it finishes the task in hand, then stops
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        log.close()
    finally:
        service.stop()
    after = _django(env, "--outcome", str(count))
    late = [a - due.timestamp() for a in arrivals]
    last = max(late) if late else None
    return {
        "load_average_at_end": os.getloadavg(),
        "seeded": seeded,
        "due_at": due.isoformat(),
        "pushes_received": len(service_record),
        "distinct_devices": len({r.path for r in service_record}),
        "seconds_after_due": {
            "p50": round(statistics.median(late), 2) if late else None,
            "p95": round(statistics.quantiles(late, n=20)[18], 2) if len(late) > 20 else None,
            "last": round(last, 2) if last is not None else None,
        },
        "per_second": round(len(late) / last, 1) if last else None,
        "within_target": bool(last is not None and len(late) == count and last <= TARGET_SECONDS),
        "database": after,
    }


def report(result: dict, database: str) -> tuple[str, str]:
    s = result["seconds_after_due"]
    figures = {
        "members, each with one device": f"{result['seeded']['members']:,}",
        "pushes received by the push service": f"{result['pushes_received']:,} "
        f"({result['distinct_devices']:,} devices)",
        "in-app notices stored": f"{result['database']['in_app_notices']:,}",
        "deliveries marked sent / not sent": f"{result['database']['deliveries_sent']:,} / "
        f"{result['database']['deliveries_not_sent']:,}",
        "last push arrived after the due moment": f"{s['last']} s (target ≤ {TARGET_SECONDS} s)",
        "p50 / p95 after the due moment": f"{s['p50']} s / {s['p95']} s",
        "throughput": f"{result['per_second']} reminders/s",
        "target met": "yes" if result["within_target"] else "NO",
    }
    md = [f"# {TITLE} ({database})", "", DESCRIPTION, "", "| figure | value |", "| --- | --- |"]
    md += [f"| {k} | {v} |" for k, v in figures.items()]
    env = result.get("environment", {})
    if env:
        md += ["", f"Environment: {json.dumps(env)}"]
    return "\n".join(md) + "\n", json.dumps({**result, "figures": figures}, indent=2) + "\n"


def run(ctx) -> dict:
    """Called by `python -m bench.run --only reminders`."""
    result = measure(ctx.env, int(os.environ.get("BENCH_REMINDERS", "10000")))
    return {"extra": json.loads(report(result, "")[1])["figures"], "reminders": result}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_reminders")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument(
        "--wait", type=float, default=300, help="seconds after the due moment to wait (300)"
    )
    parser.add_argument("--seed", type=int)
    parser.add_argument("--push-url")
    parser.add_argument("--due")
    parser.add_argument("--shift-due")
    parser.add_argument("--outcome", type=int)
    args = parser.parse_args(argv)
    if args.seed is not None:
        print(json.dumps(seed(args.seed, args.push_url, dt.datetime.fromisoformat(args.due))))
        return 0
    if args.shift_due:
        print(json.dumps(shift_due(dt.datetime.fromisoformat(args.shift_due))))
        return 0
    if args.outcome is not None:
        print(json.dumps(outcome(args.outcome)))
        return 0

    from bench.report import RESULTS_DIR
    from bench.run import DATA_DIR, bench_env, describe_database, prepare_postgres

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    env = bench_env()
    database = describe_database(env)
    if database["kind"] == "postgresql":
        prepare_postgres(env, database)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    result = measure(env, args.count, args.wait)
    result["environment"] = {
        "database": database,
        "cpu_count": os.cpu_count(),
        "timestamp": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }
    md, js = report(result, database["kind"])
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"reminders-{database['kind']}.md").write_text(md)
    (RESULTS_DIR / f"reminders-{database['kind']}.json").write_text(js)
    print(md)
    return 0 if result["within_target"] else 1


def shift_due(due: dt.datetime) -> dict:
    """Move every bench reminder (and the waiting minute run) to `due`, keeping each member's
    zone."""
    import django

    django.setup()
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from alongside.journey.models import CheckInReminder

    with transaction.atomic():
        reminders = list(
            CheckInReminder.objects.filter(
                member__email__endswith="@reminders.bench"
            ).select_related("member")
        )
        for reminder in reminders:
            reminder.at = due.astimezone(reminder.member.zone).time().replace(tzinfo=None)
            reminder.next_due_at = due
        CheckInReminder.objects.bulk_update(reminders, ["at", "next_due_at"], batch_size=1000)
        DBTaskResult.objects.filter(status="READY").update(
            run_after=due, args_kwargs={"args": [], "kwargs": {"due_at_iso": due.isoformat()}}
        )
    return {"shifted": len(reminders)}


if __name__ == "__main__":
    sys.exit(main())

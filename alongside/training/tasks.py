"""Background work for training, run by the task worker."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from alongside.training import services


@task()
def send_credential_reminders(day_iso: str) -> int:
    """The daily run: remind people whose credential expires in 90, 60 or 30 days. It queues
    tomorrow's run first, so one always waits even if this worker dies mid-run; reminders are
    keyed per credential and threshold, so a repeated run sends nothing twice."""
    schedule_daily_run()
    return services.send_credential_reminders()


def schedule_daily_run() -> None:
    """Queue the next run (tomorrow, 09:00 UTC) unless one waits already."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=send_credential_reminders.module_path
    )
    if waiting.exists():
        return
    tomorrow = timezone.now().astimezone(datetime.UTC).date() + datetime.timedelta(days=1)
    at = datetime.datetime.combine(tomorrow, datetime.time(9), tzinfo=datetime.UTC)
    send_credential_reminders.using(run_after=at).enqueue(day_iso=tomorrow.isoformat())

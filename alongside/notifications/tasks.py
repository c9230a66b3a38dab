"""Background work for notifications, run by `alongside worker` (`manage.py db_worker`)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from alongside.notifications import delivery


@task()
def send_notifications() -> int:
    """Send every e-mail and web push that is due (see delivery.py); returns how many.

    The task queue never runs a task again whose worker died, so this one first queues its own
    stand-in for just after its claims' lease would run out, and withdraws it when it finishes:
    if the worker is killed mid-batch, the stand-in runs on another worker and sends the rest.
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    lease = datetime.timedelta(seconds=settings.DELIVERY_LEASE_SECONDS + 1)
    stand_in = send_notifications.using(run_after=timezone.now() + lease).enqueue()
    try:
        return delivery.send_due()
    finally:
        DBTaskResult.objects.filter(pk=stand_in.id, status=TaskResultStatus.READY).delete()

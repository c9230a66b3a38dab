"""Background work for the forums, run by `alongside worker`."""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)

# The digest run looks every hour for people whose local evening has come.
DIGEST_EVERY = datetime.timedelta(hours=1)


@task()
def send_digest() -> int:
    """The hourly run: each person past the digest hour where they live, with unread replies,
    gets their one notice of the day (services.send_digests). It first queues the next run, so
    one is always waiting even if this worker dies mid-run."""
    from alongside.community.services import send_digests

    schedule_digest_run()
    sent = send_digests()
    log.info("forum digests sent: %s", sent)
    return sent


def schedule_digest_run() -> None:
    """Queue the next digest run unless one is waiting already (`manage.py
    send_community_digests` calls this; so does a person's first post)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=send_digest.module_path
    )
    if waiting.exists():
        return
    at = (timezone.now() + DIGEST_EVERY).astimezone(datetime.UTC)
    send_digest.using(run_after=at).enqueue()

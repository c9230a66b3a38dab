"""Background work for notifications, run by `alongside worker` (`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from alongside.notifications import delivery


@task()
def send_notifications() -> int:
    """Send every e-mail and web push that is due (see delivery.py); returns how many."""
    return delivery.send_due()

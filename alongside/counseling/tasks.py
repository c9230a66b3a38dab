"""Background work for counseling, run by `alongside worker`."""

from __future__ import annotations

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from alongside.counseling.services import appointment_calendars

log = logging.getLogger(__name__)

# How often the reminder run looks for appointments starting within 24 hours: a reminder goes
# out between 24 hours and 24 hours less this before the start.
REMINDER_EVERY = datetime.timedelta(minutes=15)


@task()
def send_appointment_reminders() -> int:
    """The quarter-hour run: remind attendees of appointments starting within 24 hours, each
    once (services.appointment_calendars.send_due_reminders). It first queues the next run, so one is
    always waiting even if this worker dies mid-run. Returns how many reminders went out."""
    schedule_reminder_run()
    sent = appointment_calendars.send_due_reminders()
    log.info("appointment reminders sent: %s", sent)
    return sent


def schedule_reminder_run() -> None:
    """Queue the next reminder run unless one is waiting already. Booking an appointment calls
    this (after commit), which starts the runs with the first booking and restarts them should
    the queue ever lose its waiting run; `manage.py appointment_reminders` does too."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=send_appointment_reminders.module_path
    )
    if waiting.exists():
        return
    at = (timezone.now() + REMINDER_EVERY).astimezone(datetime.UTC)
    send_appointment_reminders.using(run_after=at).enqueue()

"""Background work for the journey, run by `alongside worker`."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from alongside.journey.services import reminders

log = logging.getLogger(__name__)


@task()
def send_due_check_in_reminders(due_at_iso: str) -> dict[str, int]:
    """The minute run: send every daily check-in reminder due by now (`due_at_iso` is the
    minute it was queued for; a run that starts late sends what fell due meanwhile too).

    It first queues the next minute's run, so one is always waiting, even if this worker is
    killed mid-run (see reminders.schedule_reminder_run), and withdraws any other run already
    due, whose work it does. Returns how many reminders had each outcome."""
    now = timezone.now()
    reminders.drop_runs_due_by(now)
    reminders.schedule_reminder_run()
    outcomes = dict(reminders.send_due_reminders(now=now))
    log.info("check-in reminders due by %s: %s", due_at_iso, outcomes or "none")
    return outcomes


@task()
def send_check_in_reminder(member_id: int, version: int, due_on: str) -> str:
    """A member's own reminder task, as queued before reminders went out by the minute: it
    only makes sure the minute run is queued, which sends this reminder when it is due (its
    `next_due_at` was filled in when the reminders moved over). Kept so that tasks queued
    before the change finish cleanly; nothing queues it any more."""
    reminders.schedule_reminder_run()
    return "moved to the minute run"

"""Background work for the journey, run by `alongside worker`."""

from __future__ import annotations

from django_tasks import task

from alongside.journey.services import reminders


@task()
def send_check_in_reminder(member_id: int, version: int, due_on: str) -> str:
    """Remind the member to check in (once per local day; see deliver_check_in_reminder)."""
    return reminders.deliver_check_in_reminder(member_id=member_id, version=version, due_on=due_on)

"""Background work for SOS, run by the task worker (`manage.py db_worker` / `alongside worker`)."""

from __future__ import annotations

from django_tasks import task

from alongside.support import services


@task()
def escalate_sos(alert_id: int, step: int) -> str:
    """When nobody answered an SOS in time, alert the next person (services.escalate_sos)."""
    return services.escalate_sos(alert_id=alert_id, step=step)

"""Background work for assessments, run by `alongside worker`."""

from __future__ import annotations

from django_tasks import task

from alongside.assessments import services
from alongside.assessments.models import AssessmentSchedule


@task()
def send_assessment_reminders() -> int:
    """Remind members of assessments that are due: once per due occurrence, never twice.

    Enqueued by `alongside manage assessment_reminders` (run it from cron, e.g. hourly).
    Returns how many reminders were sent.
    """
    sent = 0
    ids = (
        AssessmentSchedule.objects.active()
        .filter(member__is_active=True)
        .values_list("pk", flat=True)
    )
    for schedule_id in ids.iterator():
        sent += services.remind_if_due(schedule_id=schedule_id)
    return sent


@task()
def escalate_safety_alert(alert_id: int) -> str:
    """When a safety alert's time to be acknowledged is over, escalate it to whoever is on call
    (services.escalate_safety_alert; does nothing if someone acknowledged it by then)."""
    return services.escalate_safety_alert(alert_id=alert_id)


@task()
def escalate_safety_alerts() -> int:
    """Escalate every safety alert that waited past its time unacknowledged: the sweep behind
    the run each alert queues for itself. Enqueued by `alongside manage escalate_safety_alerts`
    (run it from cron, e.g. every 10 minutes). Returns how many were escalated."""
    return services.escalate_overdue_safety_alerts()

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

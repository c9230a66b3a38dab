"""How assessments are exported and erased."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.assessments.models import (
    Administration,
    AssessmentSchedule,
    ItemWording,
    SafetyAlert,
)
from alongside.privacy.registry import Erase, register


def _administration_row(a: Administration) -> dict:
    return {
        "id": a.pk,
        "instrument": a.instrument,
        "instrument_version": a.instrument_version,
        "taken_at": a.taken_at.isoformat(),
        "submitted_at": a.submitted_at.isoformat(),
        "mode": a.mode,
        "administered_by": a.administered_by.display_name
        if a.administered_by is not None
        else None,
        "answers": a.answers,
        "result": a.result,
        "corrects": a.corrects_id,
        "correction_reason": a.correction_reason,
    }


register(
    Administration,
    "member",
    section="assessments",
    label=_("assessment results"),
    erase=Erase.DELETE,
    explain=_("Every result, with its answers and scores, is deleted."),
    serialize=_administration_row,
)
register(
    Administration,
    "administered_by",
    section="",
    label=_("results you completed with members"),
    export=False,
    erase=Erase.KEEP,
    explain=_("They stay in the members' records, under an anonymous account."),
)
register(
    AssessmentSchedule,
    "member",
    section="assessment_schedules",
    label=_("assessment schedules"),
    erase=Erase.DELETE,
    explain=_("Every schedule is deleted."),
    serialize=lambda s: {
        "instrument": s.instrument,
        "frequency": s.frequency,
        "starts_on": s.starts_on.isoformat(),
        "set_by": s.set_by.display_name,
        "organization": s.organization.name if s.organization_id else None,
        "created_at": s.created_at.isoformat(),
        "ended_at": s.ended_at.isoformat() if s.ended_at else None,
    },
)
register(
    AssessmentSchedule,
    "set_by",
    section="",
    label=_("schedules you set for members"),
    export=False,
    erase=Erase.KEEP,
    explain=_("They stay with the members, under an anonymous account."),
)
register(
    AssessmentSchedule,
    "ended_by",
    section="",
    label=_("schedules you ended"),
    export=False,
    erase=Erase.KEEP,
    explain=_("They stay with the members, under an anonymous account."),
)
register(
    SafetyAlert,
    "member",
    section="assessment_safety_alerts",
    label=_("safety alerts from your answers"),
    erase=Erase.DELETE,
    explain=_("Deleted with the results they came from."),
    serialize=lambda s: {
        "administration": s.administration_id,
        "raised_at": s.raised_at.isoformat(),
        "notified": [u.display_name for u in s.notified.all()],
        "acknowledged_at": s.acknowledged_at.isoformat() if s.acknowledged_at else None,
        "acknowledged_by": s.acknowledged_by.display_name if s.acknowledged_by else None,
        "acknowledgement_note": s.acknowledgement_note,
        "closed_at": s.closed_at.isoformat() if s.closed_at else None,
        "closed_by": s.closed_by.display_name if s.closed_by else None,
        "closing_note": s.closing_note,
        "escalated_at": s.escalated_at.isoformat() if s.escalated_at else None,
        "escalated_to": [u.display_name for u in s.escalated_to.all()],
    },
)
register(
    SafetyAlert,
    "acknowledged_by",
    section="",
    label=_("safety alerts you followed up"),
    export=False,
    erase=Erase.KEEP,
    explain=_("The members' records keep who followed them up, under an anonymous account."),
)
register(
    SafetyAlert,
    "closed_by",
    section="",
    label=_("safety alerts you closed"),
    export=False,
    erase=Erase.KEEP,
    explain=_("The members' records keep who closed them, under an anonymous account."),
)
register(
    SafetyAlert.escalated_to.through,
    "user",
    section="",
    label=_("safety alerts escalated to you on call"),
    export=False,
    erase=Erase.KEEP,
    explain=_("The members' records keep who was told, under an anonymous account."),
)
register(
    SafetyAlert.notified.through,
    "user",
    section="",
    label=_("safety alerts you were told about"),
    export=False,
    erase=Erase.KEEP,
    explain=_("The members' records keep who was told, under an anonymous account."),
)
register(
    ItemWording,
    "updated_by",
    section="",
    label=_("questionnaire wording you entered"),
    export=False,
    erase=Erase.KEEP,
    explain=_("It belongs to your organization and stays."),
)

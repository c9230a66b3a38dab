"""Demo assessments for Maya: a BARC-10 at intake and 90 days later, two BAMs (one completed
with her counselor), and the schedules her counselor set. Maya shares assessments with her
counselor Grace, and with nobody else. Safe to run again."""

from __future__ import annotations

import datetime

from django.utils import timezone

from alongside.accounts.sensitive import Credential
from alongside.assessments import services
from alongside.assessments.models import Administration, AssessmentSchedule
from alongside.lib.instruments.due import add_months
from alongside.privacy import policy
from alongside.privacy.models import ConsentGrant, Scope
from alongside.privacy.services import grant_access

BARC_INTAKE = {
    "1": 4,
    "2": 3,
    "3": 3,
    "4": 3,
    "5": 3,
    "6": 4,
    "7": 3,
    "8": 5,
    "9": 4,
    "10": 4,
}  # 36
BARC_90_DAYS = {
    "1": 5,
    "2": 4,
    "3": 4,
    "4": 4,
    "5": 4,
    "6": 5,
    "7": 5,
    "8": 6,
    "9": 5,
    "10": 5,
}  # 47
BAM_FIRST = {
    "1": 2,
    "2": 10,
    "3": 6,
    "4": 3,
    "5": 1,
    "6": 0,
    "8": 2,
    "9": 2,
    "10": 12,
    "11": 4,
    "12": 2,
    "13": 15,
    "14": "yes",
    "15": 2,
    "16": 20,
    "17": 2,
}
BAM_SECOND = {
    "1": 1,
    "2": 4,
    "3": 2,
    "4": 0,
    "6": 0,
    "8": 1,
    "9": 3,
    "10": 16,
    "11": 1,
    "12": 3,
    "13": 20,
    "14": "yes",
    "15": 1,
    "16": 26,
    "17": 3,
}


def _at(day: datetime.date, hour: int = 18) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def populate(logins: dict) -> list[str]:
    maya = logins["member"].user
    grace = logins["counselor"].user
    lines = []
    shares = [
        g
        for g in ConsentGrant.objects.active().filter(member=maya, grantee_user=grace)
        if Scope.ASSESSMENTS in g.scopes
    ]
    if not shares:
        grant_access(
            member=maya,
            grantee_user=grace,
            scopes=[Scope.ASSESSMENTS],
            purpose="So Grace can follow my BARC-10 and BAM with me",
            credential=Credential.for_setup(maya),
        )
        lines.append("Maya shares assessments with Grace (counselor); nobody else can see them")
    if Administration.objects.for_member(maya).exists():
        return lines
    today = maya.local_today()
    intake = today - datetime.timedelta(days=100)
    bam_start = add_months(today, -2)
    decision = policy.decide(grace, maya, Scope.ASSESSMENTS)
    if not AssessmentSchedule.objects.active().for_member(maya).exists():
        services.set_schedule(
            member=maya,
            instrument="barc10",
            frequency="every_90_days",
            starts_on=intake,
            set_by=grace,
            grant=decision.grant,
        )
        services.set_schedule(
            member=maya,
            instrument="bam",
            frequency="monthly",
            starts_on=bam_start,
            set_by=grace,
            grant=decision.grant,
        )
    services.submit_administration(
        member=maya, instrument="barc10", answers=BARC_INTAKE, taken_at=_at(intake)
    )
    services.submit_administration(
        member=maya,
        instrument="barc10",
        answers=BARC_90_DAYS,
        taken_at=_at(intake + datetime.timedelta(days=90)),
    )
    services.submit_administration(
        member=maya,
        instrument="bam",
        answers=BAM_FIRST,
        administered_by=grace,
        grant=decision.grant,
        taken_at=_at(bam_start + datetime.timedelta(days=1), 15),
    )
    services.submit_administration(
        member=maya,
        instrument="bam",
        answers=BAM_SECOND,
        taken_at=_at(add_months(bam_start, 1) + datetime.timedelta(days=1)),
    )
    lines.append(
        "Maya has a BARC-10 at intake (36) and 90 days later (47), two BAMs, and a BAM due today"
    )
    return lines

"""Believable demo rows for assignments (run by `manage.py demo_data`, after peer support's;
safe to run again).

Maya and Jordan joined Riverbend's mentoring program; Dana, its admin, started a run that
proposes Sam, the program's mentor, for both. It waits for her approval, so nobody has been
told yet: signing in as Dana shows the run with its reasons and the Approve button."""

from __future__ import annotations

from django.db import transaction

from alongside.accounts.models import Organization
from alongside.matching import services
from alongside.matching.models import AssignmentRun, ProgramEnrolment, RunKind


@transaction.atomic
def populate(logins: dict) -> list[str]:
    maya, jordan = logins["member"].user, logins["member2"].user
    dana = logins["org_admin"].user
    riverbend = Organization.objects.get(slug="riverbend")
    for member, languages, pathways in [
        (maya, ["en"], ["na", "smart"]),
        (jordan, ["en", "es"], ["mm"]),
    ]:
        if not ProgramEnrolment.objects.filter(member=member, organization=riverbend).exists():
            services.join_program(
                member=member, organization=riverbend, languages=languages, pathways=pathways
            )
    if not AssignmentRun.objects.filter(organization=riverbend).exists():
        services.start_run(organization=riverbend, kind=RunKind.MENTORING, by=dana)
    return ["Maya and Jordan joined Riverbend's mentoring program; a run waits for Dana's approval"]

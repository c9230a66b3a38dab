"""Believable demo rows for counseling (run by `manage.py demo_data`; safe to run again)."""

from __future__ import annotations

import copy

from django.db import transaction

from alongside.accounts.models import Organization, Role
from alongside.accounts.sensitive import Credential
from alongside.counseling.models import TreatmentPlan
from alongside.counseling.services import plans
from alongside.privacy.models import ConsentGrant, Scope
from alongside.privacy.services import grant_access


def populate(logins: dict) -> list[str]:
    return demo_plans(logins)


@transaction.atomic
def demo_plans(logins: dict) -> list[str]:
    """Maya shares her counseling records with Riverbend's counselors. Dr. Chen wrote her
    treatment plan with her (4th edition ASAM summary, two problems with goals, objectives and
    interventions); both signed version 2, which is in effect. Dr. Chen then marked an objective
    met and signed version 3, which waits for Maya's co-signature (she has a notice)."""
    maya, chen = logins["member"].user, logins["counselor"].user
    riverbend = Organization.objects.get(slug="riverbend")
    grants = ConsentGrant.objects.active().filter(
        member=maya, grantee_organization=riverbend, grantee_role=Role.COUNSELOR
    )
    if not any(Scope.COUNSELING in g.scopes for g in grants):
        grant_access(
            member=maya,
            grantee_organization=riverbend,
            grantee_role=Role.COUNSELOR,
            scopes=[Scope.COUNSELING],
            purpose="Counseling at Riverbend",
            credential=Credential.for_setup(maya),
        )
    if TreatmentPlan.objects.filter(member=maya, organization=riverbend).exists():
        return ["Maya's treatment plan with Dr. Chen is there already"]
    today = chen.local_today()
    plan = plans.start_plan(member=maya, counselor=chen)
    content = _content(today.replace(day=1).isoformat()[:8])
    version, _created = plans.save_version(plan=plan, by=chen, content=content)
    plans.sign_version(plan=plan, by=chen, number=version.number)
    plans.cosign_version(plan=plan, member=maya, number=version.number)
    progressed = copy.deepcopy(version.content)
    progressed["problems"][1]["goals"][0]["objectives"][0]["status"] = "met"
    progressed["problems"][0]["goals"][0]["objectives"][0]["status"] = "in_progress"
    latest, _created = plans.save_version(plan=plan, by=chen, content=progressed)
    plans.sign_version(plan=plan, by=chen, number=latest.number)
    return [
        "Maya's treatment plan with Dr. Chen: version 2 in effect, version 3 (an objective "
        "met) signed by Dr. Chen and waiting for Maya's co-signature"
    ]


def _content(month: str) -> dict:
    """The plan's words; target dates in the months ahead (`month` is "YYYY-MM-")."""
    year, number = int(month[:4]), int(month[5:7])

    def ahead(months: int) -> str:
        total = number - 1 + months
        return f"{year + total // 12:04d}-{total % 12 + 1:02d}-28"

    return {
        "asam": [
            {"dimension": 1, "rating": 1, "note": "Last drink three weeks ago; no withdrawal."},
            {"dimension": 2, "rating": 1, "note": "Poor sleep; sees her GP next month."},
            {"dimension": 3, "rating": 2, "note": "Anxious evenings; PHQ-9 mild."},
            {"dimension": 4, "rating": 3, "note": "Evenings after work are the risk."},
            {"dimension": 5, "rating": 2, "note": "Flatmate drinks at home."},
            {"dimension": 6, "rating": 1, "note": "Wants to keep her job; likes NA and SMART."},
        ],
        "problems": [
            {
                "text": "Drinking most evenings after work",
                "dimension": 4,
                "goals": [
                    {
                        "text": "Evenings without alcohol",
                        "objectives": [
                            {
                                "text": "Five alcohol-free evenings a week",
                                "measure": "Daily check-ins, reviewed together each week",
                                "target_on": ahead(2),
                                "status": "not_started",
                            },
                            {
                                "text": "A plan for the first hour home written and tried",
                                "measure": "The plan, brought to a session",
                                "target_on": ahead(1),
                                "status": "in_progress",
                            },
                        ],
                    }
                ],
                "interventions": [
                    {
                        "what": "Relapse prevention skills group",
                        "who": "Dr. Chen",
                        "how_often": "Weekly",
                    },
                    {"what": "Motivational interviewing", "who": "Dr. Chen", "how_often": "Weekly"},
                ],
            },
            {
                "text": "Alcohol kept at home",
                "dimension": 5,
                "goals": [
                    {
                        "text": "A home without alcohol within reach",
                        "objectives": [
                            {
                                "text": "Agree a shelf for her flatmate's drinks",
                                "measure": "Maya says it is agreed",
                                "target_on": ahead(1),
                                "status": "in_progress",
                            }
                        ],
                    }
                ],
                "interventions": [
                    {"what": "Talk it through with Sam", "who": "Maya", "how_often": "Once"}
                ],
            },
        ],
    }

"""Plain words for each scope: what a grantee will see, and what they will not."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.privacy.models import Scope

WILL_SEE = {
    Scope.MILESTONES: _("your sobriety or moderation milestones and the dates you reach them, so they can celebrate with you"),
    Scope.CHECK_INS: _("your daily check-ins: mood, craving level, HALT, triggers met, coping used, sleep and meetings"),
    Scope.PLANS: _("your recovery goals, your relapse-prevention plan and your safety plan"),
    Scope.ASSESSMENTS: _("your assessment scores and answers (such as BARC-10, BAM, PHQ-9)"),
    Scope.ATTENDANCE: _("which meetings you attended and when"),
    Scope.HOUSING: _("your sober-living residency: house, bed, chores, curfew and house records"),
    Scope.COUNSELING: _("your counseling records: appointments, treatment plan and session notes"),
    Scope.CARE_MESSAGES: _("messages your care team sends you, and your replies"),
}

NEVER = [
    _("your private journal — it is never shareable"),
    _("your email address, phone number or last name"),
    _("anything you did not tick here"),
]


def will_see(scopes: list[str]) -> list[str]:
    return [str(WILL_SEE[Scope(s)]) for s in scopes if s in Scope.values]


def will_not_see(scopes: list[str]) -> list[str]:
    unshared = [str(WILL_SEE[s]) for s in Scope if s.value not in scopes]
    return [str(n) for n in NEVER[:2]] + unshared

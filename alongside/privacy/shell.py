"""Privacy's part of the shell: what members share with a supporter, and the person's own data
and sharing (alongside/shell.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alongside import shell
from alongside.accounts.models import Role
from alongside.accounts.roles import SUPPORTERS

shell.link("privacy:shared-with-me", _("Shared with me"), order=16, show_to=SUPPORTERS)
shell.link("privacy:sharing", _("My data"), order=90)

# The page that shows one member's records of a scope to someone they share it with.
SCOPE_PAGES = {
    "check_ins": "journey:member-check-ins",
    "check_in_summary": "family:member-check-ins",
    "medication": "journey:member-medication",
    "milestones": "journey:member-milestones",
    "plans": "journey:member-plans",
    "worksheets": "journey:member-worksheets",
    "assessments": "assessments:member",
    "attendance": "meetings:member-attendance",
}

# The card speaks to the person's main way of supporting others (the first role they hold).
HEADINGS = [
    (Role.COUNSELOR, _("Your clients"), _("Clients who grant you access, with what they share.")),
    (
        Role.PEER_SPECIALIST,
        _("Your caseload"),
        _("People you support appear here once they share with you."),
    ),
    (
        Role.HOUSE_MANAGER,
        _("Your houses"),
        _("Residents who share their records with you appear here."),
    ),
    (
        Role.MENTOR,
        _("People you mentor"),
        _("Milestones and check-ins your mentees share with you."),
    ),
    (
        Role.ALLY,
        _("People you support"),
        _("What the people you support choose to share with you."),
    ),
    (
        Role.FACILITATOR,
        _("Members who share with you"),
        _("Members of your groups who share their attendance, or more, with you."),
    ),
]
# Sharing with a facilitator is the exception, not their work: their card waits until someone does.
QUIET_WHEN_EMPTY = {Role.FACILITATOR}
PEOPLE_ON_HOME = 6


def _people(home: shell.Home) -> dict[str, Any]:
    from alongside.privacy.models import Scope

    labels = dict(Scope.choices)
    role, heading, intro = next(
        ((r, h, i) for r, h, i in HEADINGS if home.roles.has(r)), HEADINGS[0]
    )
    people = [
        (
            person,
            [
                (
                    labels.get(scope, scope),
                    reverse(SCOPE_PAGES[scope], args=[person.pk]) if scope in SCOPE_PAGES else "",
                )
                for scope in scopes
            ],
        )
        for person, scopes in home.shared[:PEOPLE_ON_HOME]
    ]
    return {
        "heading": heading,
        "intro": intro,
        "people": people,
        "more": len(home.shared) > PEOPLE_ON_HOME,
        "blocked": home.roles.mfa_blocks_member_data,
        "quiet": role in QUIET_WHEN_EMPTY and not home.shared,
    }


shell.card("privacy/_people_card.html", order=16, show_to=SUPPORTERS, context=_people)

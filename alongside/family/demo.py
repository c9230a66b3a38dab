"""Believable demo rows for family and allies (run by `manage.py demo_data`; safe to run again).

Maya invited Pat, her brother, to be her ally; Pat accepted, so he sees her milestones and is
told when she has a hard day. Pat has worked through the first CRAFT step (understanding her
use) and checked in on himself today."""

from __future__ import annotations

import datetime

from django.db import transaction

from alongside.accounts.sensitive import Credential
from alongside.family import services
from alongside.family.models import Ally, AllyInvitation, CraftWorksheet, WellbeingCheckIn
from alongside.privacy.models import Scope


@transaction.atomic
def populate(logins: dict) -> list[str]:
    maya, pat = logins["member"].user, logins["ally"].user
    lines = []
    if not Ally.objects.active().filter(member=maya, person=pat).exists():
        # An invitation already waiting (sent on an earlier run, or by hand) is answered.
        invitation = AllyInvitation.objects.open().filter(
            member=maya, email__iexact=pat.email
        ).first() or services.invite_ally(
            credential=Credential.for_setup(maya),
            email=pat.email,
            relationship="sibling",
            scopes=[Scope.MILESTONES],
            gets_hard_days=True,
        )
        services.accept_invitation(invitation=invitation, user=pat)
        lines.append("Pat is Maya's ally: he sees her milestones and hears about her hard days")
    if not CraftWorksheet.objects.filter(person=pat).exists():
        services.save_craft_worksheet(
            person=pat,
            tool="functional_analysis",
            on=pat.local_today() - datetime.timedelta(days=2),
            answers={
                "situation": "Last Friday after her shift, at the bar with old friends",
                "triggers": "A long week, payday, a call from her old crowd",
                "behaviour": "Several drinks over about three hours",
                "short_term": "Relief after work, feeling part of the group",
                "long_term": "Missed Saturday with the kids, felt ashamed, lost a day's pay",
                "where_i_can_help": "Plan something good for Friday evenings together",
            },
        )
        lines.append("Pat has worked through the first CRAFT step")
    if not WellbeingCheckIn.objects.filter(person=pat).exists():
        services.record_wellbeing(
            person=pat,
            stress=6,
            sleep_hours=6.5,
            took_time_for_self=True,
            note="Went for a run before work; worried about the weekend.",
        )
        lines.append("Pat checked in on himself today")
    return lines

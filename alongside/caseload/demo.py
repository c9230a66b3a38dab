"""Believable demo rows for Lena's caseload (run by `manage.py demo_data`; safe to run again).

Jordan shares his check-ins, plans, assessments and meeting attendance with Lena, a peer
specialist at Riverbend. He is on the comprehensive pathway: Lena did his intake, has met him
twice and has a follow-up due next week; she added a goal to his recovery plan with him (his
goal page says it was her); his last BARC-10 was over 90 days ago, so one is due. Dana, who
supervises Lena (training's demo), sees the counts of Lena's caseload at /caseload/team/."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from alongside.accounts.sensitive import Credential
from alongside.assessments.models import Administration
from alongside.assessments.services import submit_administration
from alongside.caseload import services
from alongside.journey.models import RecoveryGoal
from alongside.privacy.models import ConsentGrant
from alongside.privacy.services import grant_access

SHARED = ["check_ins", "plans", "assessments", "attendance"]


@transaction.atomic
def populate(logins: dict) -> list[str]:
    jordan, lena = logins["member2"].user, logins["peer_specialist"].user
    grants = ConsentGrant.objects.active().filter(member=jordan, grantee_user=lena)
    if not any(set(SHARED) <= set(g.scopes) for g in grants):
        grant_access(
            member=jordan,
            grantee_user=lena,
            scopes=SHARED,
            purpose="Peer support at Riverbend",
            credential=Credential.for_setup(jordan),
        )
    record = services.record_for(staff=lena, member=jordan)
    today = lena.local_today()
    if not record.engagements.exists():
        services.update_record(
            record=record, pathway="comprehensive", ok_to_text=True, ok_to_call=False
        )
        services.save_intake(
            record=record,
            by=lena,
            on=today - datetime.timedelta(days=120),
            referral="treatment",
            referral_note="Outpatient program at Lakeside",
            pathways=["mm", "smart"],
            needs=["work", "housing", "health"],
            help_wanted="Keeping to his limits, and a steadier place to live.",
            contact_times="Weekday evenings; texts are fine any time.",
        )
        services.record_engagement(
            record=record,
            by=lena,
            kind="coordination",
            on=today - datetime.timedelta(days=40),
            minutes=45,
            note="Went through housing options; he wants to stay near his work.",
        )
        first = services.record_engagement(
            record=record,
            by=lena,
            kind="brief",
            on=today - datetime.timedelta(days=16),
            minutes=20,
            note="Wants to keep to his weekly limits through the holidays.",
        )
        services.add_follow_up(
            record=record,
            by=lena,
            engagement=first,
            due_on=today + datetime.timedelta(days=5),
            about="Check in on the holiday plan",
        )
    if not RecoveryGoal.objects.for_member(jordan).filter(domain="housing").exists():
        goal = services.add_member_goal(
            member=jordan,
            by=lena,
            domain="housing",
            title="Find a room closer to work",
            target_on=today + datetime.timedelta(days=90),
        )
        services.add_member_step(goal=goal, by=lena, text="List three places to see")
    if not Administration.objects.for_member(jordan).of(services.BARC10).exists():
        submit_administration(
            member=jordan,
            instrument=services.BARC10,
            answers={str(n): 3 + n % 3 for n in range(1, 11)},
            taken_at=timezone.now() - datetime.timedelta(days=110),
        )
    return [
        "Jordan is on Lena's caseload (comprehensive): an intake, engagements, a follow-up, "
        "a goal Lena added with him and a BARC-10 due"
    ]

"""Believable demo rows for Lena's caseload (run by `manage.py demo_data`; safe to run again).

Jordan shares his check-ins with Lena, a peer specialist at Riverbend; she has met him twice
and has a follow-up due next week."""

from __future__ import annotations

import datetime

from django.db import transaction

from alongside.accounts.sensitive import Credential
from alongside.caseload import services
from alongside.privacy.models import ConsentGrant
from alongside.privacy.services import grant_access


@transaction.atomic
def populate(logins: dict) -> list[str]:
    jordan, lena = logins["member2"].user, logins["peer_specialist"].user
    if not ConsentGrant.objects.active().filter(member=jordan, grantee_user=lena).exists():
        grant_access(
            member=jordan,
            grantee_user=lena,
            scopes=["check_ins"],
            purpose="Peer support at Riverbend",
            credential=Credential.for_setup(jordan),
        )
    record = services.record_for(staff=lena, member=jordan)
    if not record.engagements.exists():
        today = lena.local_today()
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
    return ["Jordan is on Lena's caseload, with an engagement and a follow-up"]

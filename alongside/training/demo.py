"""Believable demo rows for training (run by `manage.py demo_data`; safe to run again).

Dana, Riverbend's admin, supervises Lena. Lena has taken part of the IC&RC Peer Recovery
training, logged supervised practice (part of it attested by Dana, part waiting), and holds a
state credential that expires in about 50 days, so the 60-day reminder is due."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from alongside.accounts.models import Membership, Role
from alongside.training import services
from alongside.training.models import Credential, PracticeEntry, RequirementSet, TrainingEntry


@transaction.atomic
def populate(logins: dict) -> list[str]:
    lena, dana = logins["peer_specialist"].user, logins["org_admin"].user
    riverbend = Membership.objects.get(user=dana, role=Role.ORG_ADMIN).organization
    if not services.supervises(dana, lena):
        services.set_supervisor(
            organization=riverbend, supervisee_id=lena.pk, supervisor_id=dana.pk
        )
    today = lena.local_today()
    if not TrainingEntry.objects.filter(person=lena).exists():
        for domain, title, hours, days_ago, face in [
            ("advocacy", "Advocacy in recovery-oriented systems", "10", 200, True),
            ("mentoring", "Peer mentoring fundamentals", "6", 150, True),
            ("ethics", "Ethics for peer workers", "12", 90, False),
            ("recovery-support", "Recovery planning and wellness", "10", 40, True),
        ]:
            services.log_training(
                person=lena,
                domain=domain,
                title=title,
                provider="Riverbend Training Institute",
                hours=Decimal(hours),
                completed_on=today - datetime.timedelta(days=days_ago),
                face_to_face=face,
            )
    if not PracticeEntry.objects.filter(person=lena).exists():
        attested = services.log_practice(
            person=lena,
            kind="supervised_practice",
            hours=Decimal(120),
            from_on=today - datetime.timedelta(days=60),
            to_on=today - datetime.timedelta(days=31),
            note="Drop-in centre, weekday afternoons.",
        )
        services.attest(entry=attested, by=dana)
        services.log_practice(
            person=lena,
            kind="supervision",
            hours=Decimal(4),
            from_on=today - datetime.timedelta(days=30),
            to_on=today - datetime.timedelta(days=1),
            note="Weekly one-to-one with Dana.",
        )
    if not Credential.objects.filter(person=lena).exists():
        services.add_credential(
            person=lena,
            requirement_set=RequirementSet.objects.get(code="icrc-pr"),
            number="CPRS-20417",
            issued_on=today - datetime.timedelta(days=2 * 365 - 50),
            expires_on=today + datetime.timedelta(days=50),
        )
    return ["Dana supervises Lena; Lena's hours toward IC&RC PR, a credential expiring in 50 days"]

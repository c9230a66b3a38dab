"""Believable demo rows for peer support (run by `manage.py demo_data`; safe to run again).

Sam offers to sponsor in NA and to mentor, in English and Spanish; Theo, the facilitator,
mentors in SMART Recovery. Maya has nobody yet, so the demo shows her shortlist."""

from __future__ import annotations

import datetime

from django.db import transaction

from alongside.peers import services


@transaction.atomic
def populate(logins: dict) -> list[str]:
    sam, theo = logins["mentor"].user, logins["facilitator"].user
    services.save_profile(
        user=sam,
        offers_sponsorship=True,
        offers_mentoring=True,
        pathways=["na"],
        languages=["en", "es"],
        recovery_since=datetime.date(2016, 3, 14),
        capacity=4,
        gender="man",
        availability="weekday evenings",
        about="Clean since 2016. I like to meet for coffee before the Thursday meeting.",
    )
    services.save_profile(
        user=theo,
        offers_sponsorship=False,
        offers_mentoring=True,
        pathways=["smart"],
        languages=["en"],
        recovery_since=datetime.date(2019, 9, 1),
        capacity=2,
        availability="Saturday mornings",
    )
    return ["Sam offers to sponsor (NA) and mentor; Theo mentors in SMART Recovery"]

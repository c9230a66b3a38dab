"""What a "check-in summary" grantee gets of a member's check-ins: exactly the fields
`privacy.scopes.DISCLOSURES` lists (the day and the mood), read here once for the page (as a
table) and the API (as records). Never the craving, triggers, sleep, symptoms or any note.

The caller has already passed the access check (family/access.py), which logs the look.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from alongside.journey.models import CheckIn, Mood
from alongside.privacy.models import Scope
from alongside.privacy.scopes import Table, pick, table

SHOWN_DAYS = 60


def check_in_summary(rows: QuerySet[CheckIn], limit: int = SHOWN_DAYS) -> list[dict[str, Any]]:
    return [
        pick(Scope.CHECK_IN_SUMMARY, "check_in_summary", c) for c in rows.only("on", "mood")[:limit]
    ]


def check_in_summary_tables(records: list[dict[str, Any]]) -> list[Table]:
    return [
        table(
            Scope.CHECK_IN_SUMMARY,
            "check_in_summary",
            records,
            words={"mood": lambda v: Mood(v).label},
        )
    ]

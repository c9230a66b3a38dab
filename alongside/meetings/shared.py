"""What an "attendance" grantee gets of a member's meetings: exactly the fields
`privacy.scopes.DISCLOSURES` lists, handed both to the grantee's page and to the API. The caller
has already passed the access check (meetings/access.py), which logs the look."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from alongside.meetings.models import AttendanceMethod, AttendanceRecord
from alongside.privacy.models import Scope
from alongside.privacy.scopes import Table, pick, table


def attendance(records: Iterable[AttendanceRecord]) -> list[dict[str, Any]]:
    return [
        pick(Scope.ATTENDANCE, "attendance", r, {"confirmed": lambda r: r.is_confirmed})
        for r in records
    ]


def attendance_tables(shared: list[dict[str, Any]]) -> list[Table]:
    return [
        table(
            Scope.ATTENDANCE,
            "attendance",
            shared,
            words={
                "method": lambda v: AttendanceMethod(v).label,
                # A link click is the member's own word; only a facilitator's confirmation is proof.
                "confirmed": lambda v: _("Yes, by a facilitator") if v else _("No: self-reported"),
            },
        )
    ]

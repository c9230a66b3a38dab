"""What another person gets of a member's assessments: exactly the fields that
`privacy.scopes.DISCLOSURES` lists for the assessments scope, read here once and handed both to
the grantee's page (as a table) and to the API (as the records its grantee schema describes).

The caller has already passed the access check (assessments/access.py), which logs the look.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from alongside.assessments.models import Administration
from alongside.lib.instruments import INSTRUMENTS
from alongside.privacy.models import Scope
from alongside.privacy.scopes import Table, pick, table

Record = dict[str, Any]


def results(administrations: Iterable[Administration]) -> list[Record]:
    """Each result as a grantee gets it (with its id, to open it)."""
    return [
        {
            "id": a.pk,
            **pick(
                Scope.ASSESSMENTS,
                "results",
                a,
                {
                    "administered_by": lambda a: (
                        a.administered_by.display_name if a.administered_by_id else None
                    ),
                    "band": lambda a: a.result.get("band"),
                    "subscales": lambda a: a.result.get("subscales", []),
                    "flags": lambda a: a.result.get("flags", []),
                },
            ),
        }
        for a in administrations
    ]


def result_tables(records: list[Record]) -> list[Table]:
    return [
        table(
            Scope.ASSESSMENTS,
            "results",
            records,
            words={
                "instrument": _instrument_name,
                "administered_by": lambda name: name or _("on their own"),
                "band": lambda band: band["label"] if band else None,
                "subscales": lambda parts: [f"{_(p['label'])} {p['score']}" for p in parts],
                "flags": lambda flags: [_(f["label"]) for f in flags],
                "answers": lambda answers: [f"{item}: {value}" for item, value in answers.items()],
            },
            url=lambda r: reverse("assessments:result", args=[r["id"]]),
        )
    ]


def _instrument_name(key: str) -> str:
    found = INSTRUMENTS.get(key)
    return _(found.name) if found else key
